package ml.consensus.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;

/**
 * The model {@value #NAME}: a vocabulary and, for each word, an input vector (the word's
 * embedding) and an output (context) vector, both of {@value #DIMENSIONS} floats. Only
 * {@link SkipGramTrainer} changes it; {@link BaseModel#create()} makes the genesis model and
 * {@link ModelCodec} reads and writes it.
 *
 * <p>{@value #DIMENSIONS} dimensions: enough to separate the topics of a vocabulary of a few
 * thousand words, small enough that a model is tens of kilobytes, so that encoding and hashing
 * it after every update and writing checkpoints stay cheap and training a batch takes
 * milliseconds.
 *
 * <p>Invariant: every vector component is finite and within +/-{@value #MAX_ABS_COMPONENT}
 * (training clamps to it, decoding checks it), so no arithmetic on the model can produce NaN.
 *
 * <p>Not thread-safe: the owner must serialise training against every other call.
 */
public final class EmbeddingModel {

    public static final String NAME = "custom-medical-llm-v1";
    public static final int DIMENSIONS = 32;
    /** Bound on the absolute value of every vector component. */
    public static final float MAX_ABS_COMPONENT = 64f;

    private static final int INITIAL_CAPACITY = 256;

    private final List<String> words;
    // Lookup only: never iterated, so its order cannot leak into results.
    private final Map<String, Integer> indexByWord;
    private float[] input;
    private float[] output;
    private long trainingSteps;
    private Sha256 cachedHash;

    private EmbeddingModel(List<String> words, float[] input, float[] output, long trainingSteps) {
        this.words = words;
        this.indexByWord = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            indexByWord.put(words.get(i), i);
        }
        this.input = input;
        this.output = output;
        this.trainingSteps = trainingSteps;
    }

    /** A model with no words and no training steps: the starting point of {@link BaseModel}. */
    static EmbeddingModel empty() {
        return new EmbeddingModel(
                new ArrayList<>(),
                new float[INITIAL_CAPACITY * DIMENSIONS],
                new float[INITIAL_CAPACITY * DIMENSIONS],
                0);
    }

    /**
     * A model from decoded parts; {@code input} and {@code output} hold {@code words.size()} rows
     * of {@value #DIMENSIONS} floats. Throws IllegalArgumentException when the parts break an
     * invariant (duplicate or empty word, non-finite or out-of-range component, negative steps).
     */
    static EmbeddingModel of(List<String> words, float[] input, float[] output, long trainingSteps) {
        if (trainingSteps < 0) {
            throw new IllegalArgumentException("trainingSteps is negative: " + trainingSteps);
        }
        Set<String> seen = new HashSet<>();
        for (String word : words) {
            if (word.isEmpty()) {
                throw new IllegalArgumentException("empty vocabulary word at index " + seen.size());
            }
            if (!seen.add(word)) {
                throw new IllegalArgumentException("duplicate vocabulary word: " + word);
            }
        }
        int length = words.size() * DIMENSIONS;
        if (input.length != length || output.length != length) {
            throw new IllegalArgumentException("expected " + length + " floats per vector table");
        }
        checkComponents("input", input);
        checkComponents("output", output);
        return new EmbeddingModel(new ArrayList<>(words), input.clone(), output.clone(), trainingSteps);
    }

    private static void checkComponents(String table, float[] values) {
        for (int i = 0; i < values.length; i++) {
            // Written so that NaN fails too.
            if (!(Math.abs(values[i]) <= MAX_ABS_COMPONENT)) {
                throw new IllegalArgumentException(table + " vector of word " + i / DIMENSIONS
                        + ", component " + i % DIMENSIONS + " is " + values[i]
                        + ": components must be finite and within +/-" + MAX_ABS_COMPONENT);
            }
        }
    }

    public String name() {
        return NAME;
    }

    public int dimensions() {
        return DIMENSIONS;
    }

    public int vocabSize() {
        return words.size();
    }

    /** Number of training updates applied since the base model (which has 0). */
    public long trainingSteps() {
        return trainingSteps;
    }

    /** A snapshot of the vocabulary in index (insertion) order; unmodifiable. */
    public List<String> vocabulary() {
        return List.copyOf(words);
    }

    public boolean contains(String word) {
        return indexByWord.containsKey(word);
    }

    /** A deep copy: training either model never affects the other. */
    public EmbeddingModel copy() {
        int length = words.size() * DIMENSIONS;
        EmbeddingModel copy = new EmbeddingModel(
                new ArrayList<>(words), Arrays.copyOf(input, length), Arrays.copyOf(output, length), trainingSteps);
        copy.cachedHash = cachedHash;
        return copy;
    }

    /** {@code HashDomain.MODEL.hash(ModelCodec.encode(this))}, cached until the next change. */
    public Sha256 hash() {
        Sha256 hash = cachedHash;
        if (hash == null) {
            hash = HashDomain.MODEL.hash(ModelCodec.encode(this));
            cachedHash = hash;
        }
        return hash;
    }

    /**
     * The {@code k} words whose input vectors have the highest cosine similarity to that of
     * {@code word}, excluding {@code word} itself; most similar first, ties in vocabulary order.
     * Empty when {@code word} is not in the vocabulary. Requires {@code k >= 0}.
     */
    public List<Neighbour> nearestWords(String word, int k) {
        requireNonNegative(k);
        Integer index = indexByWord.get(word);
        if (index == null) {
            return List.of();
        }
        double[] query = new double[DIMENSIONS];
        addInputVector(index, query);
        return nearest(query, Set.of(index), k);
    }

    /**
     * The {@code k} words nearest (by cosine similarity of input vectors) to the mean of the
     * input vectors of {@code text}'s known tokens, each occurrence counted, excluding those
     * tokens themselves; most similar first, ties in vocabulary order. Empty when no token of
     * the text is in the vocabulary. Requires {@code k >= 0}.
     */
    public List<Neighbour> nearestToText(String text, int k) {
        requireNonNegative(k);
        double[] query = new double[DIMENSIONS];
        Set<Integer> excluded = new HashSet<>();
        int known = 0;
        for (String token : Tokenizer.tokenize(text)) {
            Integer index = indexByWord.get(token);
            if (index != null) {
                addInputVector(index, query);
                excluded.add(index);
                known++;
            }
        }
        if (known == 0) {
            return List.of();
        }
        for (int d = 0; d < DIMENSIONS; d++) {
            query[d] /= known;
        }
        return nearest(query, excluded, k);
    }

    private static void requireNonNegative(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
    }

    private void addInputVector(int index, double[] into) {
        int base = index * DIMENSIONS;
        for (int d = 0; d < DIMENSIONS; d++) {
            into[d] += input[base + d];
        }
    }

    private List<Neighbour> nearest(double[] query, Set<Integer> excluded, int k) {
        double queryNorm = norm(query);
        List<Integer> candidates = new ArrayList<>();
        double[] similarity = new double[words.size()];
        for (int i = 0; i < words.size(); i++) {
            if (excluded.contains(i)) {
                continue;
            }
            candidates.add(i);
            int base = i * DIMENSIONS;
            double dot = 0;
            double squares = 0;
            for (int d = 0; d < DIMENSIONS; d++) {
                double value = input[base + d];
                dot += query[d] * value;
                squares += value * value;
            }
            double norms = queryNorm * StrictMath.sqrt(squares);
            // A zero vector has no direction: call it unrelated rather than divide by zero.
            // Adding 0.0 turns -0.0 into 0.0, so that the two sort as the tie they are.
            similarity[i] = norms == 0 ? 0 : dot / norms + 0.0;
        }
        candidates.sort(Comparator.<Integer>comparingDouble(i -> similarity[i])
                .reversed()
                .thenComparingInt(i -> i));
        return candidates.stream()
                .limit(k)
                .map(i -> new Neighbour(words.get(i), similarity[i]))
                .toList();
    }

    private static double norm(double[] vector) {
        double squares = 0;
        for (double value : vector) {
            squares += value * value;
        }
        return StrictMath.sqrt(squares);
    }

    // ---- package-private access for SkipGramTrainer and ModelCodec ----

    /** Index of {@code word}, or -1. */
    int indexOf(String word) {
        Integer index = indexByWord.get(word);
        return index == null ? -1 : index;
    }

    String wordAt(int index) {
        return words.get(index);
    }

    /** Appends {@code word} with the given input vector and a zero output vector; returns its index. */
    int addWord(String word, float[] inputVector) {
        if (word.isEmpty() || indexByWord.containsKey(word)) {
            throw new IllegalArgumentException("cannot add word '" + word + "'");
        }
        int index = words.size();
        int needed = (index + 1) * DIMENSIONS;
        if (needed > input.length) {
            int capacity = Math.max(needed, input.length * 2);
            input = Arrays.copyOf(input, capacity);
            output = Arrays.copyOf(output, capacity);
        }
        System.arraycopy(inputVector, 0, input, index * DIMENSIONS, DIMENSIONS);
        Arrays.fill(output, index * DIMENSIONS, needed, 0f);
        words.add(word);
        indexByWord.put(word, index);
        cachedHash = null;
        return index;
    }

    /**
     * The live input-vector table: row {@code i} at {@code [i * DIMENSIONS, (i + 1) * DIMENSIONS)};
     * may be longer than the vocabulary. Replaced by {@link #addWord}. Whoever writes to it must
     * call {@link #vectorsChanged()}.
     */
    float[] inputTable() {
        return input;
    }

    /** The live output-vector table, laid out like {@link #inputTable()}. */
    float[] outputTable() {
        return output;
    }

    void vectorsChanged() {
        cachedHash = null;
    }

    void recordTrainingStep() {
        trainingSteps++;
        cachedHash = null;
    }

    @Override
    public String toString() {
        return "EmbeddingModel[" + NAME + ", vocab " + words.size() + ", steps " + trainingSteps + "]";
    }
}
