package ml.consensus.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ml.consensus.hashing.Sha256;

/**
 * A deterministic quality score of a model on an {@link EvaluationSet}: the mean skip-gram
 * negative-sampling loss over every (centre, context) pair of the held-out texts, in nats per
 * pair; lower is better. docs/model-format.md ("Evaluation") writes the algorithm down.
 *
 * <p>The pairs and the negative samples are fixed by the set alone (window
 * {@value SkipGramTrainer#WINDOW}, {@value SkipGramTrainer#NEGATIVES} negatives per pair drawn from
 * the set's own tokens by a {@link SplitMix64} seeded with the set's hash), so two models are
 * scored on exactly the same terms and a score differs only because the vectors differ. A word
 * the model does not know counts as a zero vector (its terms cost {@code ln 2}), which keeps
 * scores comparable across updates that grow the vocabulary: learning a held-out word can lower
 * the score, never skip a term. Double arithmetic in a fixed order and {@link StrictMath} make the
 * score the same on every JVM. Safe to share: its only state besides the set is the last score it
 * computed, kept by model hash, because an update's score before is the previous update's score
 * after (replay, the live apply and the dry run each score the same model again).
 */
public final class HeldOutScore {

    private static final int D = EmbeddingModel.DIMENSIONS;

    /** A model, by hash, and its score: the same bytes always score the same. */
    private record Scored(Sha256 modelHash, double score) {}

    private volatile Scored last;

    private final Sha256 setHash;
    /** The set's distinct words, in first-occurrence order; pairs refer to them by position. */
    private final List<String> words;

    private final int[] centres;
    private final int[] contexts;
    /** Negatives of pair {@code i}: {@code negatives[negativeStart[i] .. negativeStart[i + 1])}. */
    private final int[] negativeStart;

    private final int[] negatives;

    /**
     * Prepares the pairs and negatives of {@code set}.
     *
     * @throws IllegalArgumentException if no text of the set has two tokens (no pair to score)
     */
    public HeldOutScore(EvaluationSet set) {
        this.setHash = set.hash();
        Map<String, Integer> ids = new HashMap<>();
        this.words = new ArrayList<>();
        List<int[]> sentences = new ArrayList<>();
        List<Integer> stream = new ArrayList<>();
        for (String text : set.texts()) {
            List<String> tokens = Tokenizer.tokenize(text);
            int[] sentence = new int[tokens.size()];
            for (int i = 0; i < sentence.length; i++) {
                sentence[i] = ids.computeIfAbsent(tokens.get(i), word -> {
                    words.add(word);
                    return words.size() - 1;
                });
                stream.add(sentence[i]);
            }
            sentences.add(sentence);
        }
        SplitMix64 random = SplitMix64.fromSeed(set.hash());
        List<Integer> pairCentres = new ArrayList<>();
        List<Integer> pairContexts = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        List<Integer> drawn = new ArrayList<>();
        for (int[] sentence : sentences) {
            for (int p = 0; p < sentence.length; p++) {
                int from = Math.max(0, p - SkipGramTrainer.WINDOW);
                int to = Math.min(sentence.length - 1, p + SkipGramTrainer.WINDOW);
                for (int q = from; q <= to; q++) {
                    if (q == p) {
                        continue;
                    }
                    pairCentres.add(sentence[p]);
                    pairContexts.add(sentence[q]);
                    starts.add(drawn.size());
                    for (int s = 0; s < SkipGramTrainer.NEGATIVES; s++) {
                        // A uniform token of the set: negatives follow the set's own word frequencies.
                        int negative = stream.get((int) (random.nextDouble() * stream.size()));
                        if (negative != sentence[q]) {
                            drawn.add(negative);
                        }
                    }
                }
            }
        }
        if (pairCentres.isEmpty()) {
            throw new IllegalArgumentException("the evaluation set has no text of two or more words to score");
        }
        starts.add(drawn.size());
        this.centres = toArray(pairCentres);
        this.contexts = toArray(pairContexts);
        this.negativeStart = toArray(starts);
        this.negatives = toArray(drawn);
    }

    /** The hash of the set this scores on. */
    public Sha256 setHash() {
        return setHash;
    }

    /** How many (centre, context) pairs the score averages over. */
    public int pairs() {
        return centres.length;
    }

    /** The mean loss of {@code model} over the set's pairs; lower is better. Reads the model only. */
    public double score(EmbeddingModel model) {
        Sha256 modelHash = model.hash();
        Scored remembered = last;
        if (remembered != null && remembered.modelHash().equals(modelHash)) {
            return remembered.score();
        }
        double score = compute(model);
        last = new Scored(modelHash, score);
        return score;
    }

    private double compute(EmbeddingModel model) {
        int[] index = new int[words.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = model.indexOf(words.get(i));
        }
        float[] input = model.inputTable();
        float[] output = model.outputTable();
        double total = 0;
        for (int pair = 0; pair < centres.length; pair++) {
            int centre = index[centres[pair]];
            total += softplus(-dot(input, centre, output, index[contexts[pair]]));
            for (int n = negativeStart[pair]; n < negativeStart[pair + 1]; n++) {
                total += softplus(dot(input, centre, output, index[negatives[n]]));
            }
        }
        return total / centres.length;
    }

    /** The dot product of two rows in double; 0 when either word is unknown (a zero vector). */
    private static double dot(float[] input, int row, float[] output, int otherRow) {
        if (row < 0 || otherRow < 0) {
            return 0;
        }
        int a = row * D;
        int b = otherRow * D;
        double sum = 0;
        for (int d = 0; d < D; d++) {
            sum += (double) input[a + d] * output[b + d];
        }
        return sum;
    }

    /** {@code ln(1 + e^x)}, written so that it neither overflows nor loses the small values. */
    private static double softplus(double x) {
        return Math.max(x, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x)));
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
