package ml.consensus.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;
import ml.consensus.model.BaseModel;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.ModelCodec;
import ml.consensus.privacy.InvalidDeltaException.Reason;

import static ml.consensus.privacy.TestModels.D;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelDeltaTests {

    private static final HexFormat HEX = HexFormat.of();
    /** Offsets in an encoded delta (docs/privacy.md). */
    private static final int DIMENSIONS_OFFSET = 6;

    private static final int BASE_HASH_OFFSET = 10;
    private static final int RESULT_HASH_OFFSET = 42;
    private static final int BASE_VOCAB_OFFSET = 74;
    private static final int STEPS_OFFSET = 78;
    private static final int ROW_COUNT_OFFSET = 86;
    private static final int FIRST_ROW_OFFSET = 90;
    private static final int ROW_BYTES = 1 + 4 + 4 * D;

    private static final String[] WORDS = {
        "fever", "cough", "headache", "malaria", "dengue", "rash", "tablet", "dose", "nausea", "chills",
        "zika", "typhoid", "measles", "patient", "doctor", "the", "a", "and", "high", "night"
    };

    /** Tiny base: three words; after: input row of word 1 and output row of word 0 changed, "malaria" added. */
    private final ModelState tinyBase = TestModels.tinyState(4, "fever", "cough", "rash");

    private final EmbeddingModel tinyBefore = tinyBase.toModel();
    private final EmbeddingModel tinyAfter = tinyAfter();
    private final ModelDelta tinyDelta = ModelDelta.between(tinyBefore, tinyAfter);

    private EmbeddingModel tinyAfter() {
        ModelState after = TestModels.withWord(tinyBase, "malaria", 0.5f);
        after.trainingSteps = 5;
        after.input[D + 3] = -1.5f;
        after.output[7] = 2f;
        return after.toModel();
    }

    @Test
    void shouldGiveTheAfterModelBitForBitAcrossARunOfRealUpdates() {
        // Property-style: a chain of updates on random batches (known and new words); each delta, and
        // the delta over several updates at once, applied to its base gives the after model exactly.
        SplittableRandom random = new SplittableRandom(2026);
        List<EmbeddingModel> chain = new ArrayList<>(List.of(BaseModel.create()));
        for (int update = 0; update < 8; update++) {
            chain.add(TestModels.trained(chain.get(update), randomBatch(random)));
        }
        for (int from = 0; from < chain.size(); from++) {
            for (int to = from; to < chain.size(); to++) {
                EmbeddingModel before = chain.get(from);
                EmbeddingModel after = chain.get(to);
                ModelDelta delta = ModelDelta.between(before, after);

                EmbeddingModel applied = delta.apply(before);

                assertThat(ModelCodec.encode(applied)).as("%d -> %d", from, to).isEqualTo(ModelCodec.encode(after));
                assertThat(applied.hash()).isEqualTo(after.hash()).isEqualTo(delta.resultHash());
                assertThat(delta.stepIncrement()).isEqualTo(to - from);
                assertThat(delta.baseHash()).isEqualTo(before.hash());
            }
        }
    }

    private static List<String> randomBatch(SplittableRandom random) {
        List<String> texts = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int t = 0; t < count; t++) {
            StringBuilder text = new StringBuilder();
            int length = 3 + random.nextInt(8);
            for (int w = 0; w < length; w++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(4) == 0 ? ". " : " ");
            }
            texts.add(text.toString());
        }
        return texts;
    }

    @Test
    void shouldHoldTheNewWordsAndOnlyTheChangedRows() {
        EmbeddingModel base = BaseModel.create();
        EmbeddingModel after = TestModels.trained(base, List.of("The patient has malaria and dengue."));

        ModelDelta delta = ModelDelta.between(base, after);

        assertThat(delta.addedWords()).containsExactly("malaria", "dengue");
        assertThat(delta.baseVocabSize()).isEqualTo(base.vocabSize());
        // The batch touches a handful of the 160 words: far fewer than the 320 rows are replaced.
        assertThat(delta.changedRowCount()).isPositive().isLessThan(2 * base.vocabSize());
    }

    @Test
    void shouldBeEmptyBetweenAModelAndItself() {
        EmbeddingModel base = BaseModel.create();

        ModelDelta delta = ModelDelta.between(base, base.copy());

        assertThat(delta.changedRowCount()).isZero();
        assertThat(delta.addedWords()).isEmpty();
        assertThat(delta.stepIncrement()).isZero();
        assertThat(delta.apply(base).hash()).isEqualTo(base.hash());
    }

    @Test
    void shouldNotChangeTheBaseModel() {
        Sha256 before = tinyBefore.hash();
        byte[] encoded = ModelCodec.encode(tinyBefore);

        tinyDelta.apply(tinyBefore);

        assertThat(tinyBefore.hash()).isEqualTo(before);
        assertThat(ModelCodec.encode(tinyBefore)).isEqualTo(encoded);
    }

    @Test
    void shouldRoundTripThroughItsEncodingAndBeTheOnlyDeltaOfItsPair() {
        EmbeddingModel base = BaseModel.create();
        ModelDelta delta = ModelDelta.between(base, TestModels.trained(base, List.of("Fièvre 发烧 and a cough")));

        ModelDelta decoded = ModelDelta.decode(delta.encode());

        assertThat(decoded).isEqualTo(delta).hasSameHashCodeAs(delta);
        assertThat(decoded.encode()).isEqualTo(delta.encode());
        assertThat(decoded.hash()).isEqualTo(delta.hash());
        assertThat(ModelDelta.between(base, decoded.apply(base))).isEqualTo(delta);
    }

    @Test
    void shouldHashTheDomainTagThenTheEncoding() {
        byte[] encoded = tinyDelta.encode();
        byte[] tag = "consensus-ml/model-delta/v1\0".getBytes(StandardCharsets.US_ASCII);
        byte[] hashed = new byte[tag.length + encoded.length];
        System.arraycopy(tag, 0, hashed, 0, tag.length);
        System.arraycopy(encoded, 0, hashed, tag.length, encoded.length);

        assertThat(tinyDelta.hash()).isEqualTo(Sha256.digest(hashed)).isEqualTo(HashDomain.MODEL_DELTA.hash(encoded));
    }

    @Test
    void shouldWriteTheDocumentedLayout() {
        ByteBuffer bytes = ByteBuffer.wrap(tinyDelta.encode());

        assertThat(HEX.formatHex(bytes.array(), 0, BASE_HASH_OFFSET)).isEqualTo("434d4c44" + "0001" + "00000020");
        assertThat(HEX.formatHex(bytes.array(), BASE_HASH_OFFSET, RESULT_HASH_OFFSET))
                .isEqualTo(tinyBefore.hash().hex());
        assertThat(HEX.formatHex(bytes.array(), RESULT_HASH_OFFSET, BASE_VOCAB_OFFSET))
                .isEqualTo(tinyAfter.hash().hex());
        assertThat(HEX.formatHex(bytes.array(), BASE_VOCAB_OFFSET, FIRST_ROW_OFFSET))
                .isEqualTo("00000003" + "0000000000000001" + "00000002");
        bytes.position(FIRST_ROW_OFFSET);
        // Input rows before output rows: input row of word 1, then output row of word 0.
        assertThat(bytes.get()).isZero();
        assertThat(bytes.getInt()).isEqualTo(1);
        bytes.position(bytes.position() + 3 * 4);
        assertThat(bytes.getFloat()).isEqualTo(-1.5f);
        bytes.position(FIRST_ROW_OFFSET + ROW_BYTES);
        assertThat(bytes.get()).isEqualTo((byte) 1);
        assertThat(bytes.getInt()).isZero();
        bytes.position(bytes.position() + 7 * 4);
        assertThat(bytes.getFloat()).isEqualTo(2f);
        bytes.position(FIRST_ROW_OFFSET + 2 * ROW_BYTES);
        assertThat(bytes.getInt()).isEqualTo(1);
        assertThat(bytes.getShort()).isEqualTo((short) 7);
        byte[] word = new byte[7];
        bytes.get(word);
        assertThat(new String(word, StandardCharsets.UTF_8)).isEqualTo("malaria");
        for (int d = 0; d < 2 * D; d++) {
            assertThat(bytes.getFloat()).isEqualTo(0.5f);
        }
        assertThat(bytes.remaining()).isZero();
        assertThat(bytes.capacity()).isEqualTo(FIRST_ROW_OFFSET + 2 * ROW_BYTES + 4 + 2 + 7 + 2 * D * 4);
    }

    @Test
    void shouldCountMinusZeroAgainstZeroAsAChange() {
        ModelState after = TestModels.copy(tinyBase);
        after.output[2 * D] = 0f;
        ModelState base = TestModels.copy(tinyBase);
        base.output[2 * D] = -0f;

        ModelDelta delta = ModelDelta.between(base.toModel(), after.toModel());

        assertThat(delta.changedRowCount()).isEqualTo(1);
        assertThat(delta.apply(base.toModel()).hash()).isEqualTo(after.toModel().hash());
    }

    // ---- refusals against the base ----

    @Test
    void shouldRefuseToApplyToAnotherModel() {
        EmbeddingModel other = TestModels.tinyState(5, "fever", "cough", "rash").toModel();

        assertThatThrownBy(() -> tinyDelta.apply(other))
                .isInstanceOfSatisfying(
                        InvalidDeltaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_BASE))
                .hasMessage("the delta is against model " + tinyBefore.hash().hex() + ", not model "
                        + other.hash().hex());
    }

    @Test
    void shouldRefuseADeltaNamingAnotherBaseVocabularySize() {
        ModelDelta lying = new ModelDelta(
                tinyBefore.hash(), tinyAfter.hash(), 4, 1, tinyDelta.changedRows(), tinyDelta.addedWordRows());

        assertThatThrownBy(() -> lying.apply(tinyBefore))
                .isInstanceOfSatisfying(
                        InvalidDeltaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_SHAPE))
                .hasMessage("the delta says its base has 4 words, the base model has 3");
    }

    @Test
    void shouldRefuseToAddAWordTheBaseAlreadyHas() {
        ModelDelta adding = new ModelDelta(
                tinyBefore.hash(),
                tinyAfter.hash(),
                3,
                1,
                List.of(),
                List.of(new ModelDelta.AddedWord("cough", new float[D], new float[D])));

        assertThatThrownBy(() -> adding.apply(tinyBefore))
                .isInstanceOfSatisfying(
                        InvalidDeltaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VOCABULARY_CONFLICT))
                .hasMessage("added word 0 is already in the base vocabulary");
    }

    @Test
    void shouldRefuseARowThatEqualsTheBasesAsNotCanonical() {
        List<ModelDelta.ChangedRow> rows = new ArrayList<>(tinyDelta.changedRows());
        rows.add(new ModelDelta.ChangedRow(ModelDelta.Table.OUTPUT, 2, tinyBase.row(ModelDelta.Table.OUTPUT, 2)));
        ModelDelta padded = new ModelDelta(tinyBefore.hash(), tinyAfter.hash(), 3, 1, rows, tinyDelta.addedWordRows());

        assertThatThrownBy(() -> padded.apply(tinyBefore))
                .isInstanceOfSatisfying(
                        InvalidDeltaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_CANONICAL))
                .hasMessage("changed row 2 (output vector of word 2) equals the base model's row");
    }

    @Test
    void shouldRefuseADeltaWhoseResultIsNotTheOneItNames() {
        byte[] bytes = tinyDelta.encode();
        bytes[RESULT_HASH_OFFSET] ^= 1;
        ModelDelta tampered = ModelDelta.decode(bytes);

        assertThatThrownBy(() -> tampered.apply(tinyBefore))
                .isInstanceOfSatisfying(
                        InvalidDeltaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.RESULT_MISMATCH))
                .hasMessageEndingWith("applying it gives " + tinyAfter.hash().hex());
    }

    @Test
    void shouldRefuseAStepIncrementThatOverflows() {
        ModelDelta huge = new ModelDelta(tinyBefore.hash(), tinyAfter.hash(), 3, Long.MAX_VALUE, List.of(), List.of());

        assertThatThrownBy(() -> huge.apply(tinyBefore))
                .isInstanceOfSatisfying(
                        InvalidDeltaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
                .hasMessageContaining("overflows");
    }

    @Test
    void shouldRefuseToTakeTheDeltaOfModelsThatAreNotBeforeAndAfter() {
        EmbeddingModel unrelated =
                TestModels.tinyState(4, "cough", "fever", "rash").toModel();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelDelta.between(tinyAfter, tinyBefore))
                .withMessageContaining("does not extend");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelDelta.between(tinyBefore, unrelated))
                .withMessageContaining("does not extend");
        ModelState fewerSteps = TestModels.copy(tinyBase);
        fewerSteps.trainingSteps = 3;
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelDelta.between(tinyBefore, fewerSteps.toModel()))
                .withMessageContaining("fewer training steps (3)");
    }

    // ---- hostile bytes ----

    @Test
    void shouldRefuseEveryTruncation() {
        byte[] bytes = tinyDelta.encode();
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(bytes, length);

            assertThatThrownBy(() -> ModelDelta.decode(truncated))
                    .as("length %d", length)
                    .isInstanceOfSatisfying(
                            InvalidDeltaException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void shouldRefuseTrailingBytesAndNoBytes() {
        byte[] longer = java.util.Arrays.copyOf(tinyDelta.encode(), tinyDelta.encode().length + 1);

        assertMalformed(longer, "1 trailing bytes after the delta at offset " + (longer.length - 1));
        assertThatThrownBy(() -> ModelDelta.decode(null)).isInstanceOf(InvalidDeltaException.class);
    }

    @Test
    void shouldRefuseAnotherMagicOrVersion() {
        byte[] magic = tinyDelta.encode();
        magic[3] = 'M';
        byte[] version = tinyDelta.encode();
        version[5] = 2;

        assertMalformed(magic, "not a model delta");
        assertMalformed(version, "unsupported delta format version 2");
        assertMalformed(ModelCodec.encode(tinyBefore), "not a model delta");
    }

    @Test
    void shouldRefuseVectorsOfAnotherDimension() {
        for (int dimensions : new int[] {31, 33, 0, -1}) {
            byte[] bytes = tinyDelta.encode();
            ByteBuffer.wrap(bytes).putInt(DIMENSIONS_OFFSET, dimensions);

            assertThatThrownBy(() -> ModelDelta.decode(bytes))
                    .isInstanceOfSatisfying(
                            InvalidDeltaException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_SHAPE))
                    .hasMessage("the delta has vectors of " + Integer.toUnsignedLong(dimensions)
                            + " dimensions, the model has 32");
        }
    }

    @Test
    void shouldRefuseCountsTheBytesCannotHoldBeforeAllocating() {
        byte[] rows = tinyDelta.encode();
        ByteBuffer.wrap(rows).putInt(ROW_COUNT_OFFSET, -1);
        byte[] added = tinyDelta.encode();
        ByteBuffer.wrap(added).putInt(FIRST_ROW_OFFSET + 2 * ROW_BYTES, Integer.MAX_VALUE);
        byte[] wordLength = tinyDelta.encode();
        ByteBuffer.wrap(wordLength).putShort(FIRST_ROW_OFFSET + 2 * ROW_BYTES + 4, (short) 0xFFFF);
        byte[] vocab = tinyDelta.encode();
        ByteBuffer.wrap(vocab).putInt(BASE_VOCAB_OFFSET, -1);
        byte[] steps = tinyDelta.encode();
        ByteBuffer.wrap(steps).putLong(STEPS_OFFSET, -1);

        assertMalformed(rows, "4294967295 rows needs " + 4294967295L * ROW_BYTES + " bytes");
        assertMalformed(added, "2147483647 added words needs");
        assertMalformed(wordLength, "added word 0 needs 65535 bytes");
        assertMalformed(vocab, "base vocabulary size 4294967295 is more than 2^31 - 1");
        assertMalformed(steps, "step increment 18446744073709551615 is more than 2^63 - 1");
    }

    @Test
    void shouldRefuseNonFiniteAndOutOfRangeComponents() {
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 64.00001f, -65f};
        for (float value : bad) {
            byte[] row = tinyDelta.encode();
            ByteBuffer.wrap(row).putFloat(FIRST_ROW_OFFSET + 5 + 4 * 9, value);
            byte[] word = tinyDelta.encode();
            ByteBuffer.wrap(word).putFloat(word.length - 4, value);

            assertThatThrownBy(() -> ModelDelta.decode(row))
                    .as("%s", value)
                    .isInstanceOfSatisfying(
                            InvalidDeltaException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_COMPONENT))
                    .hasMessage("changed row 0 (input vector of word 1): component 9 is " + value
                            + ", components must be finite and within +/-64.0");
            assertThatThrownBy(() -> ModelDelta.decode(word))
                    .isInstanceOfSatisfying(
                            InvalidDeltaException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_COMPONENT))
                    .hasMessageStartingWith("added word 0, output vector: component 31 is ");
        }
        byte[] bound = tinyDelta.encode();
        ByteBuffer.wrap(bound).putFloat(FIRST_ROW_OFFSET + 5, -64f);
        assertThat(ModelDelta.decode(bound).changedRowCount()).isEqualTo(2);
    }

    @Test
    void shouldRefuseARowOfAWordTheBaseDoesNotHave() {
        byte[] bytes = tinyDelta.encode();
        ByteBuffer.wrap(bytes).putInt(FIRST_ROW_OFFSET + ROW_BYTES + 1, 3);

        assertThatThrownBy(() -> ModelDelta.decode(bytes))
                .isInstanceOfSatisfying(
                        InvalidDeltaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_WORD))
                .hasMessage("row 1 at offset " + (FIRST_ROW_OFFSET + ROW_BYTES)
                        + " names word 3, the base vocabulary has 3 words");
    }

    @Test
    void shouldRefuseRowsOutOfOrderOrRepeatedAndAnUnknownTable() {
        byte[] swapped = tinyDelta.encode();
        byte[] copy = tinyDelta.encode();
        System.arraycopy(copy, FIRST_ROW_OFFSET, swapped, FIRST_ROW_OFFSET + ROW_BYTES, ROW_BYTES);
        System.arraycopy(copy, FIRST_ROW_OFFSET + ROW_BYTES, swapped, FIRST_ROW_OFFSET, ROW_BYTES);
        byte[] repeated = tinyDelta.encode();
        System.arraycopy(copy, FIRST_ROW_OFFSET, repeated, FIRST_ROW_OFFSET + ROW_BYTES, ROW_BYTES);
        byte[] table = tinyDelta.encode();
        table[FIRST_ROW_OFFSET] = 2;

        assertThatThrownBy(() -> ModelDelta.decode(swapped))
                .isInstanceOfSatisfying(
                        InvalidDeltaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_CANONICAL))
                .hasMessage("changed row 1 (input vector of word 1): rows must ascend by table, then word index,"
                        + " each at most once");
        assertThatThrownBy(() -> ModelDelta.decode(repeated))
                .isInstanceOfSatisfying(
                        InvalidDeltaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_CANONICAL));
        assertMalformed(table, "row 0 at offset 90 names table 2, expected 0 (input) or 1 (output)");
    }

    @Test
    void shouldRefuseAnEmptyMalformedOrRepeatedAddedWord() {
        int wordOffset = FIRST_ROW_OFFSET + 2 * ROW_BYTES + 4;
        byte[] overlong = tinyDelta.encode();
        overlong[wordOffset + 2] = (byte) 0xC1;
        overlong[wordOffset + 3] = (byte) 0xAD;
        byte[] surrogate = tinyDelta.encode();
        surrogate[wordOffset + 2] = (byte) 0xED;
        surrogate[wordOffset + 3] = (byte) 0xA0;
        surrogate[wordOffset + 4] = (byte) 0x80;
        // The one added word's bytes twice, with the count set to 2.
        byte[] once = tinyDelta.encode();
        ByteBuffer twice = ByteBuffer.allocate(once.length + (once.length - wordOffset));
        twice.put(once).put(once, wordOffset, once.length - wordOffset);
        twice.putInt(wordOffset - 4, 2);
        byte[] repeated = twice.array();

        assertMalformed(overlong, "added word 0 at offset " + (wordOffset + 2) + " is not well-formed UTF-8");
        assertMalformed(surrogate, "is not well-formed UTF-8");
        assertThatThrownBy(() -> ModelDelta.decode(repeated))
                .isInstanceOfSatisfying(
                        InvalidDeltaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VOCABULARY_CONFLICT))
                .hasMessage("added word 1 is added twice");
        ModelDelta empty = new ModelDelta(tinyBefore.hash(), tinyAfter.hash(), 3, 1, List.of(), List.of());
        // A zero length and two vectors, plus one byte so that the count passes the size check.
        ByteBuffer emptyWord = ByteBuffer.allocate(empty.encode().length + 2 + 2 * D * 4 + 1);
        emptyWord.put(empty.encode());
        emptyWord.putInt(emptyWord.position() - 4, 1);
        assertMalformed(emptyWord.array(), "added word 0 at offset " + (FIRST_ROW_OFFSET + 4) + " is empty");
    }

    @Test
    void shouldRefuseRandomCorruptionWithoutAnyOtherException() {
        // Whatever a flipped byte does, decoding either gives a delta that re-encodes to the same bytes
        // or refuses with an InvalidDeltaException: never another exception, never a silent change.
        EmbeddingModel base = BaseModel.create();
        byte[] bytes = ModelDelta.between(base, TestModels.trained(base, List.of("malaria and a high fever")))
                .encode();
        SplittableRandom random = new SplittableRandom(13);
        for (int trial = 0; trial < 2000; trial++) {
            byte[] corrupt = bytes.clone();
            corrupt[random.nextInt(corrupt.length)] ^= (byte) (1 + random.nextInt(255));
            try {
                assertThat(ModelDelta.decode(corrupt).encode()).isEqualTo(corrupt);
            } catch (InvalidDeltaException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    private static void assertMalformed(byte[] bytes, String message) {
        assertThatThrownBy(() -> ModelDelta.decode(bytes))
                .isInstanceOfSatisfying(
                        InvalidDeltaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
                .hasMessageContaining(message);
    }
}
