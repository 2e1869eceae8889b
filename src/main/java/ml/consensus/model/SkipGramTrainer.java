package ml.consensus.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import ml.consensus.hashing.Sha256;

/**
 * Skip-gram with negative sampling (Mikolov et al. 2013), made exactly reproducible: one thread,
 * a fixed iteration order (dot products included), Java's exactly specified float/double
 * arithmetic, a {@link Sigmoid} table filled by {@link StrictMath}, negatives from a
 * {@link NoiseSampler} alias table, and all randomness from a {@link SplitMix64} seeded by the caller's seed (the
 * proposal hash). Training the same model on the same texts at the same rate with the same seed
 * gives the same bytes on every JVM. The algorithm is written down in docs/model-format.md.
 *
 * <p>Stateless, so one instance may be shared.
 */
public final class SkipGramTrainer {

    /**
     * The name of this algorithm, written in the genesis record: a ledger trained by another
     * algorithm (such as v1, which summed dot products in one chain, called exp for every sample
     * and drew negatives by binary search) does not replay under this one, and says so.
     */
    public static final String ALGORITHM = "consensus-ml/sgns/v2";

    /** Passes over the batch per update. */
    public static final int EPOCHS = 5;
    /** Context words on each side of the centre word. */
    public static final int WINDOW = 2;
    /** Negative samples per (centre, context) pair. */
    public static final int NEGATIVES = 5;
    /** Negatives are drawn with probability proportional to (count in batch + 1) to this power. */
    public static final double UNIGRAM_POWER = 0.75;
    /** The rate decays linearly over the update's token steps, but not below this fraction. */
    public static final double MIN_LEARNING_RATE_FRACTION = 1e-4;

    /**
     * Trains {@code model} in place on {@code texts} at {@code learningRate}, with all randomness
     * from {@code seed}: adds the unseen tokens to the vocabulary (first-occurrence order, input
     * vectors drawn from the seeded generator), runs {@link #EPOCHS} passes of skip-gram with
     * negative sampling, and increments {@code trainingSteps} by exactly one.
     *
     * <p>Requires {@code 0 < learningRate <= 1}, a non-empty list of non-null texts and a seed;
     * throws IllegalArgumentException otherwise, before touching the model. A batch whose texts
     * hold no token still counts as a training step. The model is modified as training goes:
     * callers that need all-or-nothing train a {@link EmbeddingModel#copy()} and swap it in.
     */
    public TrainingResult train(EmbeddingModel model, List<String> texts, double learningRate, Sha256 seed) {
        Objects.requireNonNull(model, "model");
        if (texts == null || texts.isEmpty()) {
            throw new IllegalArgumentException("texts must not be empty");
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("learning rate must be in (0, 1], got " + learningRate);
        }
        if (seed == null) {
            throw new IllegalArgumentException("seed is required");
        }
        List<List<String>> sentences = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("text " + i + " is null");
            }
            sentences.add(Tokenizer.tokenize(text));
        }
        TrainingResult result = fit(model, sentences, learningRate, seed, EPOCHS);
        model.recordTrainingStep();
        return new TrainingResult(
                texts.size(), result.tokensTrained(), result.vocabBefore(), result.vocabAfter(), result.newWords());
    }

    /** The training itself, without argument checks or step counting (shared with {@link BaseModel}). */
    static TrainingResult fit(
            EmbeddingModel model, List<List<String>> sentences, double learningRate, Sha256 seed, int epochs) {
        SplitMix64 random = SplitMix64.fromSeed(seed);
        int vocabBefore = model.vocabSize();
        List<String> newWords = new ArrayList<>();
        int[][] ids = new int[sentences.size()][];
        int tokens = 0;
        for (int s = 0; s < sentences.size(); s++) {
            List<String> sentence = sentences.get(s);
            ids[s] = new int[sentence.size()];
            for (int t = 0; t < sentence.size(); t++) {
                String word = sentence.get(t);
                int index = model.indexOf(word);
                if (index < 0) {
                    index = model.addWord(word, randomInputVector(random));
                    newWords.add(word);
                }
                ids[s][t] = index;
            }
            tokens += sentence.size();
        }
        if (tokens > 0) {
            new Pass(model, ids, random).run(learningRate, epochs, tokens);
            model.vectorsChanged();
        }
        return new TrainingResult(sentences.size(), tokens, vocabBefore, model.vocabSize(), newWords);
    }

    /** word2vec's initialisation: each component uniform in [-0.5, 0.5) / DIMENSIONS. */
    private static float[] randomInputVector(SplitMix64 random) {
        float[] vector = new float[EmbeddingModel.DIMENSIONS];
        for (int d = 0; d < vector.length; d++) {
            vector[d] = (float) ((random.nextDouble() - 0.5) / EmbeddingModel.DIMENSIONS);
        }
        return vector;
    }

    /**
     * The SGD passes of one update: holds the tables and scratch space so the loop allocates nothing.
     *
     * <p>Every updated vector is clamped to [-64, 64] ({@link #clampVector}). Looking at each of its
     * components after every update would cost about a fifth of the training time, and components
     * almost never leave the range, so each vector also carries an upper bound on the magnitude of
     * its components, grown by what each update can add at most. Only when the bound passes 64 are
     * the components looked at (and the bound set to their true largest magnitude): a vector is
     * skipped only when it provably has nothing to clamp, so the result is exactly that of looking
     * every time.
     */
    private static final class Pass {

        private static final int D = EmbeddingModel.DIMENSIONS;
        /**
         * Covers the float rounding of an update on top of its exact magnitude: at most eight roundings
         * of relative size 2^-24 each (six products and sums into the centre's gradient, one sum into
         * the vector), so less than 1 + 5e-7; and the double arithmetic of the bound itself.
         */
        private static final double ROUNDING_MARGIN = 1 + 1e-5;

        private final float[] input;
        private final float[] output;
        private final int[][] ids;
        private final SplitMix64 random;
        private final NoiseSampler noise;
        private final float[] centreGradient = new float[D];
        /** One pair's targets (the context, then the negatives) and the dot products taken ahead. */
        private final int[] targets = new int[NEGATIVES + 1];

        private final float[] dots = new float[NEGATIVES + 1];
        private static final int SKIPPED = -1;
        /** Per word, an upper bound on the magnitude of its input and output components (NaN if one is NaN). */
        private final double[] inputBound;

        private final double[] outputBound;

        Pass(EmbeddingModel model, int[][] ids, SplitMix64 random) {
            this.input = model.inputTable();
            this.output = model.outputTable();
            this.ids = ids;
            this.random = random;
            this.noise = NoiseSampler.forBatch(model.vocabSize(), ids, UNIGRAM_POWER);
            this.inputBound = bounds(input, model.vocabSize());
            this.outputBound = bounds(output, model.vocabSize());
        }

        void run(double learningRate, int epochs, int tokensPerEpoch) {
            long totalSteps = (long) epochs * tokensPerEpoch;
            long step = 0;
            for (int epoch = 0; epoch < epochs; epoch++) {
                for (int[] sentence : ids) {
                    for (int position = 0; position < sentence.length; position++) {
                        double progress = (double) step / totalSteps;
                        double rate = learningRate * Math.max(MIN_LEARNING_RATE_FRACTION, 1 - progress);
                        step++;
                        int from = Math.max(0, position - WINDOW);
                        int to = Math.min(sentence.length - 1, position + WINDOW);
                        for (int other = from; other <= to; other++) {
                            if (other != position) {
                                trainPair(sentence[position], sentence[other], rate);
                            }
                        }
                    }
                }
            }
        }

        /** One SGNS step: the centre's input vector against the context's output vector and the negatives'. */
        private void trainPair(int centre, int context, double rate) {
            int centreBase = centre * D;
            Arrays.fill(centreGradient, 0f);
            double centreBound = inputBound[centre];
            double gradientBound = 0;
            // The targets first: drawing them is all the pair takes from the generator, so they are the
            // same drawn together. A negative equal to the context is skipped (SKIPPED).
            targets[0] = context;
            for (int sample = 1; sample <= NEGATIVES; sample++) {
                int target = noise.draw(random);
                targets[sample] = target == context ? SKIPPED : target;
            }
            // Then the dot products of every target not met before in this pair: its vector is the same
            // now as when its sample comes (the centre's input vector changes only after the loop), and
            // computed together they overlap, rows fetched from memory and additions, instead of one by one.
            for (int sample = 0; sample <= NEGATIVES; sample++) {
                if (firstOccurrence(sample)) {
                    dots[sample] = dot(centreBase, targets[sample] * D);
                }
            }
            for (int sample = 0; sample <= NEGATIVES; sample++) {
                int target = targets[sample];
                if (target == SKIPPED) {
                    continue;
                }
                double label = sample == 0 ? 1 : 0;
                int targetBase = target * D;
                // A target met before has been updated since: its dot product is taken now.
                float dot = firstOccurrence(sample) ? dots[sample] : dot(centreBase, targetBase);
                float gradient = (float) ((label - Sigmoid.of(dot)) * rate);
                double targetBound = outputBound[target];
                for (int d = 0; d < D; d++) {
                    float out = output[targetBase + d];
                    centreGradient[d] += gradient * out;
                    output[targetBase + d] = out + gradient * input[centreBase + d];
                }
                gradientBound += Math.abs(gradient) * targetBound;
                outputBound[target] = clampVector(
                        output, targetBase, (targetBound + Math.abs(gradient) * centreBound) * ROUNDING_MARGIN);
            }
            for (int d = 0; d < D; d++) {
                input[centreBase + d] += centreGradient[d];
            }
            inputBound[centre] = clampVector(input, centreBase, (centreBound + gradientBound) * ROUNDING_MARGIN);
        }

        /** True when sample {@code sample}'s target is drawn (not skipped) and no earlier sample of the pair had it. */
        private boolean firstOccurrence(int sample) {
            int target = targets[sample];
            if (target == SKIPPED) {
                return false;
            }
            for (int earlier = 0; earlier < sample; earlier++) {
                if (targets[earlier] == target) {
                    return false;
                }
            }
            return true;
        }

        /** The largest magnitude of each word's vector in {@code table}: the bounds to start from. */
        private static double[] bounds(float[] table, int words) {
            double[] bounds = new double[words];
            for (int word = 0; word < words; word++) {
                bounds[word] = largestMagnitude(table, word * D);
            }
            return bounds;
        }

        /**
         * Clamps each component of one vector to [-64, 64] (the same as clamping each sum as it is
         * made) and answers a bound on its components' magnitude. With {@code bound} at most 64 there
         * is nothing to clamp and it is the answer; otherwise the components are looked at, clamped if
         * one is out of range (or NaN), and their largest magnitude is the answer (NaN if one is NaN,
         * so that the vector is looked at again next time).
         */
        private static double clampVector(float[] table, int base, double bound) {
            if (bound <= EmbeddingModel.MAX_ABS_COMPONENT) {
                return bound;
            }
            double largest = largestMagnitude(table, base);
            if (!(largest <= EmbeddingModel.MAX_ABS_COMPONENT)) {
                for (int d = 0; d < D; d++) {
                    table[base + d] = clamp(table[base + d]);
                }
                largest = largestMagnitude(table, base);
            }
            return largest;
        }

        /** The largest |component| of one vector; NaN if a component is NaN. */
        private static double largestMagnitude(float[] table, int base) {
            float largest = 0f;
            for (int d = 0; d < D; d++) {
                largest = Math.max(largest, Math.abs(table[base + d]));
            }
            return largest;
        }

        /**
         * The dot product of an input and an output vector in four interleaved float sums (component
         * d goes to sum d mod 4), added as (s0 + s1) + (s2 + s3): a fixed order, so the result is
         * exactly specified, and four independent chains the CPU can run at once.
         */
        private float dot(int inputBase, int outputBase) {
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int d = 0; d < D; d += 4) {
                s0 += input[inputBase + d] * output[outputBase + d];
                s1 += input[inputBase + d + 1] * output[outputBase + d + 1];
                s2 += input[inputBase + d + 2] * output[outputBase + d + 2];
                s3 += input[inputBase + d + 3] * output[outputBase + d + 3];
            }
            return (s0 + s1) + (s2 + s3);
        }

        private static float clamp(float value) {
            return value > EmbeddingModel.MAX_ABS_COMPONENT
                    ? EmbeddingModel.MAX_ABS_COMPONENT
                    : value < -EmbeddingModel.MAX_ABS_COMPONENT ? -EmbeddingModel.MAX_ABS_COMPONENT : value;
        }
    }
}
