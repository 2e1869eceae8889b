package ml.consensus.privacy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;
import ml.consensus.model.EmbeddingModel;

import static ml.consensus.privacy.InvalidDeltaException.Reason.INVALID_COMPONENT;
import static ml.consensus.privacy.InvalidDeltaException.Reason.MALFORMED;
import static ml.consensus.privacy.InvalidDeltaException.Reason.NOT_CANONICAL;
import static ml.consensus.privacy.InvalidDeltaException.Reason.RESULT_MISMATCH;
import static ml.consensus.privacy.InvalidDeltaException.Reason.UNKNOWN_WORD;
import static ml.consensus.privacy.InvalidDeltaException.Reason.VOCABULARY_CONFLICT;
import static ml.consensus.privacy.InvalidDeltaException.Reason.WRONG_BASE;
import static ml.consensus.privacy.InvalidDeltaException.Reason.WRONG_SHAPE;

/**
 * What one update did to the model, from a base model to a result model: every part of the state
 * the model hash covers (docs/model-format.md) that changed. The vocabulary only grows, so a
 * delta holds the words appended (with both their vectors), the new value of every input or
 * output row of an existing word that changed in any bit, and the number of training steps
 * added. It names the base and the result model hashes, so applying it to the wrong model is
 * refused and a wrong result cannot pass.
 *
 * <p>Rows hold new values, not differences: {@code base + (after - base)} in float arithmetic is
 * not always {@code after}, while a replaced row is exactly it, so {@link #apply} gives the result
 * bit for bit. A delta is canonical: rows ascend by (table, word index), and a row is present only
 * if it differs from the base's; {@link #apply} refuses anything else, so each (base, result) pair
 * has exactly one delta, one {@link #encode() encoding} and one {@link #hash() hash}.
 *
 * <p>Immutable; equal when the encodings are. Byte layout: docs/privacy.md and {@link DeltaCodec}.
 */
public final class ModelDelta {

    /** The vector length of every row, the model's. */
    public static final int DIMENSIONS = EmbeddingModel.DIMENSIONS;
    /** Longest added word in UTF-8 bytes: the model format's 16-bit length field. */
    public static final int MAX_WORD_BYTES = 0xFFFF;

    /** The two vector tables of a model; the code is the table's byte in the encoding. */
    enum Table {
        INPUT(0),
        OUTPUT(1);

        final int code;

        Table(int code) {
            this.code = code;
        }

        String label() {
            return this == INPUT ? "input" : "output";
        }
    }

    /** A row of an existing word with its new values ({@value #DIMENSIONS} floats, not copied: internal). */
    @SuppressWarnings("ArrayRecordComponent") // internal: built and read only inside this package, never shared
    record ChangedRow(Table table, int word, float[] values) {}

    /** A word appended to the vocabulary with its input and output vectors (internal, not copied). */
    @SuppressWarnings("ArrayRecordComponent") // internal: built and read only inside this package, never shared
    record AddedWord(String word, float[] input, float[] output) {}

    private final Sha256 baseHash;
    private final Sha256 resultHash;
    private final int baseVocabSize;
    private final long stepIncrement;
    private final List<ChangedRow> changedRows;
    private final List<AddedWord> addedWords;
    private final byte[] encoded;
    private final Sha256 hash;

    /**
     * Checks everything that can be checked without the base model; throws
     * {@link InvalidDeltaException} otherwise.
     */
    ModelDelta(
            Sha256 baseHash,
            Sha256 resultHash,
            int baseVocabSize,
            long stepIncrement,
            List<ChangedRow> changedRows,
            List<AddedWord> addedWords) {
        this.baseHash = Objects.requireNonNull(baseHash, "baseHash");
        this.resultHash = Objects.requireNonNull(resultHash, "resultHash");
        if (baseVocabSize < 0) {
            throw new InvalidDeltaException(MALFORMED, "base vocabulary size is negative: " + baseVocabSize);
        }
        if (stepIncrement < 0) {
            throw new InvalidDeltaException(MALFORMED, "step increment is negative: " + stepIncrement);
        }
        this.baseVocabSize = baseVocabSize;
        this.stepIncrement = stepIncrement;
        this.changedRows = List.copyOf(changedRows);
        this.addedWords = List.copyOf(addedWords);
        checkRows();
        checkAddedWords();
        this.encoded = DeltaCodec.encode(this);
        this.hash = HashDomain.MODEL_DELTA.hash(encoded);
    }

    private void checkRows() {
        ChangedRow previous = null;
        for (int i = 0; i < changedRows.size(); i++) {
            ChangedRow row = changedRows.get(i);
            String where = "changed row " + i + " (" + row.table().label() + " vector of word " + row.word() + ")";
            if (row.word() < 0 || row.word() >= baseVocabSize) {
                throw new InvalidDeltaException(
                        UNKNOWN_WORD, where + ": the base vocabulary has " + baseVocabSize + " words");
            }
            if (previous != null && compare(previous, row) >= 0) {
                throw new InvalidDeltaException(
                        NOT_CANONICAL, where + ": rows must ascend by table, then word index," + " each at most once");
            }
            checkVector(where, row.values());
            previous = row;
        }
    }

    private static int compare(ChangedRow a, ChangedRow b) {
        return a.table() != b.table()
                ? Integer.compare(a.table().code, b.table().code)
                : Integer.compare(a.word(), b.word());
    }

    private void checkAddedWords() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < addedWords.size(); i++) {
            AddedWord added = addedWords.get(i);
            String word = Objects.requireNonNull(added.word(), "added word");
            String where = "added word " + i;
            int length = word.getBytes(StandardCharsets.UTF_8).length;
            if (length == 0 || length > MAX_WORD_BYTES) {
                throw new InvalidDeltaException(
                        MALFORMED, where + " is " + length + " UTF-8 bytes long, must be 1 to " + MAX_WORD_BYTES);
            }
            if (!seen.add(word)) {
                throw new InvalidDeltaException(VOCABULARY_CONFLICT, where + " is added twice");
            }
            checkVector(where + ", input vector", added.input());
            checkVector(where + ", output vector", added.output());
        }
    }

    private static void checkVector(String where, float[] values) {
        if (values == null || values.length != DIMENSIONS) {
            throw new InvalidDeltaException(
                    WRONG_SHAPE,
                    where + " has " + (values == null ? 0 : values.length) + " components, the model has "
                            + DIMENSIONS);
        }
        for (int d = 0; d < DIMENSIONS; d++) {
            // Written so that NaN fails too.
            if (!(Math.abs(values[d]) <= EmbeddingModel.MAX_ABS_COMPONENT)) {
                throw new InvalidDeltaException(
                        INVALID_COMPONENT,
                        where + ": component " + d + " is " + values[d] + ", components must be finite and within +/-"
                                + EmbeddingModel.MAX_ABS_COMPONENT);
            }
        }
    }

    /**
     * The delta that turns {@code before} into {@code after}: {@code after}'s vocabulary must begin
     * with {@code before}'s (same words, same order) and its training steps must not be fewer, as
     * for any model trained from {@code before}. Rows are compared bit for bit, so {@code -0.0}
     * against {@code 0.0} counts as a change. Throws IllegalArgumentException otherwise.
     */
    public static ModelDelta between(EmbeddingModel before, EmbeddingModel after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        ModelState base = ModelState.of(before);
        ModelState result = ModelState.of(after);
        int baseVocab = base.vocabSize();
        if (result.vocabSize() < baseVocab
                || !result.words.subList(0, baseVocab).equals(base.words)) {
            throw new IllegalArgumentException("the after model's vocabulary does not extend the before model's");
        }
        if (result.trainingSteps < base.trainingSteps) {
            throw new IllegalArgumentException("the after model has fewer training steps (" + result.trainingSteps
                    + ") than the before model (" + base.trainingSteps + ")");
        }
        List<ChangedRow> rows = new ArrayList<>();
        for (Table table : Table.values()) {
            for (int word = 0; word < baseVocab; word++) {
                float[] now = result.row(table, word);
                if (!sameBits(now, base.table(table), word)) {
                    rows.add(new ChangedRow(table, word, now));
                }
            }
        }
        List<AddedWord> added = new ArrayList<>();
        for (int word = baseVocab; word < result.vocabSize(); word++) {
            added.add(new AddedWord(
                    result.words.get(word), result.row(Table.INPUT, word), result.row(Table.OUTPUT, word)));
        }
        return new ModelDelta(
                before.hash(), after.hash(), baseVocab, result.trainingSteps - base.trainingSteps, rows, added);
    }

    /** True when {@code row} has exactly the bits of row {@code word} of {@code table}. */
    static boolean sameBits(float[] row, float[] table, int word) {
        for (int d = 0; d < DIMENSIONS; d++) {
            if (Float.floatToRawIntBits(row[d]) != Float.floatToRawIntBits(table[word * DIMENSIONS + d])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The model this delta turns {@code base} into, bit for bit; {@code base} is not changed.
     *
     * @throws InvalidDeltaException when {@code base} is not the delta's base model
     *         ({@link InvalidDeltaException.Reason#WRONG_BASE}), its vocabulary size differs from the
     *         one the delta names, an added word is already in the base vocabulary, a row equals the
     *         base's (not canonical), or the result's hash is not the one the delta names
     */
    public EmbeddingModel apply(EmbeddingModel base) {
        Objects.requireNonNull(base, "base");
        Sha256 actual = base.hash();
        if (!actual.equals(baseHash)) {
            throw new InvalidDeltaException(
                    WRONG_BASE, "the delta is against model " + baseHash.hex() + ", not model " + actual.hex());
        }
        if (base.vocabSize() != baseVocabSize) {
            throw new InvalidDeltaException(
                    WRONG_SHAPE,
                    "the delta says its base has " + baseVocabSize + " words, the base model has " + base.vocabSize());
        }
        ModelState state = ModelState.of(base);
        for (int i = 0; i < changedRows.size(); i++) {
            ChangedRow row = changedRows.get(i);
            float[] table = state.table(row.table());
            if (sameBits(row.values(), table, row.word())) {
                throw new InvalidDeltaException(
                        NOT_CANONICAL,
                        "changed row " + i + " ("
                                + row.table().label() + " vector of word " + row.word()
                                + ") equals the base model's row");
            }
            System.arraycopy(row.values(), 0, table, row.word() * DIMENSIONS, DIMENSIONS);
        }
        int vocab = baseVocabSize + addedWords.size();
        state.input = Arrays.copyOf(state.input, vocab * DIMENSIONS);
        state.output = Arrays.copyOf(state.output, vocab * DIMENSIONS);
        for (int i = 0; i < addedWords.size(); i++) {
            AddedWord added = addedWords.get(i);
            if (base.contains(added.word())) {
                throw new InvalidDeltaException(
                        VOCABULARY_CONFLICT, "added word " + i + " is already in the base vocabulary");
            }
            int at = (baseVocabSize + i) * DIMENSIONS;
            System.arraycopy(added.input(), 0, state.input, at, DIMENSIONS);
            System.arraycopy(added.output(), 0, state.output, at, DIMENSIONS);
            state.words.add(added.word());
        }
        if (stepIncrement > Long.MAX_VALUE - state.trainingSteps) {
            throw new InvalidDeltaException(
                    MALFORMED,
                    "the step increment " + stepIncrement + " overflows the base's " + state.trainingSteps
                            + " training steps");
        }
        state.trainingSteps += stepIncrement;
        EmbeddingModel result;
        try {
            result = state.toModel();
        } catch (IllegalArgumentException e) {
            throw new InvalidDeltaException(MALFORMED, "the delta gives no valid model: " + e.getMessage(), e);
        }
        if (!result.hash().equals(resultHash)) {
            throw new InvalidDeltaException(
                    RESULT_MISMATCH,
                    "the delta names result model " + resultHash.hex() + ", applying it gives "
                            + result.hash().hex());
        }
        return result;
    }

    /** The canonical bytes (docs/privacy.md), a fresh copy. */
    public byte[] encode() {
        return encoded.clone();
    }

    /**
     * The delta encoded in {@code bytes}; accepts exactly what {@link #encode()} produces and
     * refuses anything else with an {@link InvalidDeltaException} naming the offset or the row.
     * Every count is checked against the bytes left before anything is allocated for it.
     */
    public static ModelDelta decode(byte[] bytes) {
        return DeltaCodec.decode(bytes);
    }

    /** {@code HashDomain.MODEL_DELTA.hash(encode())}. */
    public Sha256 hash() {
        return hash;
    }

    /** The hash of the model this delta applies to. */
    public Sha256 baseHash() {
        return baseHash;
    }

    /** The hash of the model applying it gives. */
    public Sha256 resultHash() {
        return resultHash;
    }

    /** The vocabulary size of the base model. */
    public int baseVocabSize() {
        return baseVocabSize;
    }

    /** Training steps the delta adds to the base model's. */
    public long stepIncrement() {
        return stepIncrement;
    }

    /** The words the delta appends to the vocabulary, in order; unmodifiable. */
    public List<String> addedWords() {
        return addedWords.stream().map(AddedWord::word).toList();
    }

    /** The number of existing rows (input or output vectors of base words) the delta replaces. */
    public int changedRowCount() {
        return changedRows.size();
    }

    List<ChangedRow> changedRows() {
        return changedRows;
    }

    List<AddedWord> addedWordRows() {
        return addedWords;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelDelta that && Arrays.equals(encoded, that.encoded);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    /** A summary; never the added words, which come from private texts. */
    @Override
    public String toString() {
        return "ModelDelta[" + hash.hex() + ": " + baseHash.hex() + " -> " + resultHash.hex() + ", +"
                + stepIncrement + " steps, " + changedRows.size() + " changed rows, " + addedWords.size()
                + " added words]";
    }
}
