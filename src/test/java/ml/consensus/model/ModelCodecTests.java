package ml.consensus.model;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ModelCodecTests {

    /** Offsets in the header of an encoded model (docs/model-format.md). */
    private static final int VERSION_OFFSET = 4;

    private static final int NAME_OFFSET = 8;
    private static final int DIMENSIONS_OFFSET = NAME_OFFSET + EmbeddingModel.NAME.length();
    private static final int STEPS_OFFSET = DIMENSIONS_OFFSET + 4;
    private static final int VOCAB_OFFSET = STEPS_OFFSET + 8;
    private static final int FIRST_WORD_OFFSET = VOCAB_OFFSET + 4;

    private final EmbeddingModel base = BaseModel.create();
    private final byte[] encoded = ModelCodec.encode(base);

    @Test
    void shouldRoundTripToEqualBytesAndHash() {
        EmbeddingModel decoded = ModelCodec.decode(encoded);

        assertThat(ModelCodec.encode(decoded)).isEqualTo(encoded);
        assertThat(decoded.hash()).isEqualTo(base.hash());
        assertThat(decoded.vocabulary()).isEqualTo(base.vocabulary());
        assertThat(decoded.nearestWords("fever", 5)).isEqualTo(base.nearestWords("fever", 5));
    }

    @Test
    void shouldRoundTripATrainedModelWithUnicodeWords() {
        EmbeddingModel trained = base.copy();
        new SkipGramTrainer().train(trained, List.of("Лихорадка 发烧 fièvre 🤒x"), 0.1, BaseModel.SEED);

        EmbeddingModel decoded = ModelCodec.decode(ModelCodec.encode(trained));

        assertThat(decoded.trainingSteps()).isEqualTo(1);
        assertThat(decoded.vocabulary()).endsWith("лихорадка", "发烧", "fièvre", "x");
        assertThat(decoded.hash()).isEqualTo(trained.hash());
    }

    @Test
    void shouldHashTheDomainTagThenTheEncoding() {
        byte[] tag = "consensus-ml/model/v1\0".getBytes(UTF_8);
        byte[] hashed = Arrays.copyOf(tag, tag.length + encoded.length);
        System.arraycopy(encoded, 0, hashed, tag.length, encoded.length);

        assertThat(base.hash()).isEqualTo(Sha256.digest(hashed)).isEqualTo(HashDomain.MODEL.hash(encoded));
    }

    @Test
    void shouldWriteTheDocumentedLayout() {
        EmbeddingModel tiny = EmbeddingModel.of(List.of("fever", "é"), filled(2, 0.5f), filled(2, -2f), 7);

        ByteBuffer bytes = ByteBuffer.wrap(ModelCodec.encode(tiny));

        assertThat(HexFormat.of().formatHex(bytes.array(), 0, FIRST_WORD_OFFSET))
                .isEqualTo("434d4c4d" + "0001" + "0015" + HexFormat.of().formatHex(EmbeddingModel.NAME.getBytes(UTF_8))
                        + "00000020" + "0000000000000007" + "00000002");
        bytes.position(FIRST_WORD_OFFSET);
        assertThat(bytes.getShort()).isEqualTo((short) 5);
        bytes.position(bytes.position() + 5);
        assertThat(bytes.getShort()).isEqualTo((short) 2);
        assertThat(bytes.get()).isEqualTo((byte) 0xC3);
        assertThat(bytes.get()).isEqualTo((byte) 0xA9);
        assertThat(bytes.getInt()).isEqualTo(0x3F000000);
        bytes.position(bytes.position() + (2 * EmbeddingModel.DIMENSIONS - 1) * 4);
        assertThat(bytes.getInt()).isEqualTo(0xC0000000);
        bytes.position(bytes.position() + (2 * EmbeddingModel.DIMENSIONS - 1) * 4);
        assertThat(bytes.remaining()).isZero();
    }

    @Test
    void shouldRejectEveryTruncation() {
        for (int length = 0; length < FIRST_WORD_OFFSET + 40; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertThatIllegalArgumentException().as("length %d", length).isThrownBy(() -> ModelCodec.decode(truncated));
        }
        for (int cut = 1; cut <= 9; cut++) {
            byte[] truncated = Arrays.copyOf(encoded, encoded.length - cut);
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> ModelCodec.decode(truncated))
                    .withMessageContaining("truncated");
        }
    }

    @Test
    void shouldRejectTrailingBytes() {
        byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelCodec.decode(trailing))
                .withMessageContaining("trailing");
    }

    @Test
    void shouldRejectWrongMagic() {
        byte[] wrong = encoded.clone();
        wrong[0] = 'X';

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelCodec.decode(wrong))
                .withMessageContaining("magic");
    }

    @Test
    void shouldRejectNullInput() {
        assertThatIllegalArgumentException().isThrownBy(() -> ModelCodec.decode(null));
    }

    @Test
    void shouldRejectUnknownVersionNameOrDimensions() {
        assertRejected(withInt(VERSION_OFFSET, 2, 2), "version");
        byte[] name = encoded.clone();
        name[NAME_OFFSET + EmbeddingModel.NAME.length() - 1] = '2';
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelCodec.decode(name))
                .withMessageContaining("model");
        assertRejected(withInt(DIMENSIONS_OFFSET, 4, 16), "dimensions");
    }

    @Test
    void shouldRejectNegativeTrainingSteps() {
        byte[] bytes = encoded.clone();
        bytes[STEPS_OFFSET] = (byte) 0x80;

        assertRejected(bytes, "trainingSteps");
    }

    @Test
    void shouldRejectAVocabularyCountTheInputCannotHold() {
        assertRejected(withInt(VOCAB_OFFSET, 4, 0xFFFFFFFFL), "truncated");
        assertRejected(withInt(VOCAB_OFFSET, 4, base.vocabSize() + 1), "");
        assertRejected(withInt(VOCAB_OFFSET, 4, base.vocabSize() - 1), "");
    }

    @Test
    void shouldRejectMalformedUtf8Words() {
        byte[] bytes = encoded.clone();
        bytes[FIRST_WORD_OFFSET + 2] = (byte) 0xC0;

        assertRejected(bytes, "UTF-8");
    }

    @Test
    void shouldRejectEmptyAndDuplicateWords() {
        EmbeddingModel twoWords = EmbeddingModel.of(List.of("ab", "ac"), filled(2, 0), filled(2, 0), 0);
        byte[] duplicate = ModelCodec.encode(twoWords);
        duplicate[FIRST_WORD_OFFSET + 2 + 2 + 2 + 1] = 'b';
        assertRejected(duplicate, "duplicate");

        byte[] empty = withInt(FIRST_WORD_OFFSET, 2, 0);
        assertRejected(empty, "empty");
    }

    @Test
    void shouldRejectNonFiniteOrOutOfRangeComponents() {
        int firstFloat = encoded.length - 2 * base.vocabSize() * EmbeddingModel.DIMENSIONS * 4;
        assertRejected(withInt(firstFloat, 4, Float.floatToIntBits(Float.NaN)), "finite");
        assertRejected(withInt(firstFloat, 4, 0x7FC00001L), "finite");
        assertRejected(withInt(encoded.length - 4, 4, Float.floatToIntBits(Float.NEGATIVE_INFINITY)), "finite");
        assertRejected(withInt(firstFloat, 4, Float.floatToIntBits(EmbeddingModel.MAX_ABS_COMPONENT * 2)), "finite");
        assertThat(ModelCodec.decode(withInt(firstFloat, 4, Float.floatToIntBits(-EmbeddingModel.MAX_ABS_COMPONENT))))
                .isNotNull();
    }

    private void assertRejected(byte[] bytes, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelCodec.decode(bytes))
                .withMessageContaining(message);
    }

    /** A copy of the encoded base model with a big-endian unsigned value of {@code size} bytes at {@code offset}. */
    private byte[] withInt(int offset, int size, long value) {
        byte[] bytes = encoded.clone();
        for (int i = size - 1; i >= 0; i--) {
            bytes[offset + i] = (byte) value;
            value >>>= 8;
        }
        return bytes;
    }

    private static float[] filled(int words, float value) {
        float[] table = new float[words * EmbeddingModel.DIMENSIONS];
        Arrays.fill(table, value);
        return table;
    }
}
