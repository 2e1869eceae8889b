package ml.consensus.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical binary form of an {@link EmbeddingModel}: both what the model hash is taken
 * over and the checkpoint file format. All integers are unsigned big-endian.
 *
 * <pre>
 * magic          4 bytes  "CMLM" (0x43 0x4D 0x4C 0x4D)
 * version        u16      1
 * name           u16 length + UTF-8 bytes   "custom-medical-llm-v1"
 * dimensions     u32      32
 * trainingSteps  u64      (at most 2^63 - 1)
 * vocabCount     u32      V
 * words          V times: u16 length (1..65535) + UTF-8 bytes, in index order
 * input vectors  V x dimensions IEEE-754 binary32, big-endian, word by word
 * output vectors V x dimensions IEEE-754 binary32, big-endian, word by word
 * </pre>
 *
 * <p>Specified in docs/model-format.md. Decoding accepts exactly what encoding produces.
 */
public final class ModelCodec {

    static final byte[] MAGIC = {'C', 'M', 'L', 'M'};
    static final int VERSION = 1;

    private static final int MAX_WORD_BYTES = 0xFFFF;

    private ModelCodec() {}

    public static byte[] encode(EmbeddingModel model) {
        int vocab = model.vocabSize();
        byte[] name = EmbeddingModel.NAME.getBytes(StandardCharsets.UTF_8);
        byte[][] words = new byte[vocab][];
        long size = (long) MAGIC.length + 2 + 2 + name.length + 4 + 8 + 4;
        for (int i = 0; i < vocab; i++) {
            words[i] = model.wordAt(i).getBytes(StandardCharsets.UTF_8);
            if (words[i].length > MAX_WORD_BYTES) {
                throw new IllegalStateException("word " + i + " is longer than " + MAX_WORD_BYTES + " UTF-8 bytes");
            }
            size += 2 + words[i].length;
        }
        int floats = vocab * EmbeddingModel.DIMENSIONS;
        size += 2L * floats * Float.BYTES;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalStateException("model too large to encode: " + size + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.put(MAGIC).putShort((short) VERSION);
        out.putShort((short) name.length).put(name);
        out.putInt(EmbeddingModel.DIMENSIONS);
        out.putLong(model.trainingSteps());
        out.putInt(vocab);
        for (byte[] word : words) {
            out.putShort((short) word.length).put(word);
        }
        putFloats(out, model.inputTable(), floats);
        putFloats(out, model.outputTable(), floats);
        return out.array();
    }

    private static void putFloats(ByteBuffer out, float[] values, int count) {
        for (int i = 0; i < count; i++) {
            out.putFloat(values[i]);
        }
    }

    /**
     * The model encoded in {@code bytes}; throws IllegalArgumentException, naming the offset,
     * when they are not exactly one encoding of a valid model (wrong magic, version, name or
     * dimensions, truncated, trailing bytes, malformed UTF-8, duplicate or empty words,
     * non-finite or out-of-range components).
     */
    public static EmbeddingModel decode(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("no model bytes");
        }
        BoundedReader in = new BoundedReader(bytes, IllegalArgumentException::new);
        byte[] magic = in.bytes(MAGIC.length, "magic");
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IllegalArgumentException("not a model file: magic is not \"CMLM\"");
        }
        int version = in.u16("version");
        if (version != VERSION) {
            throw new IllegalArgumentException("unsupported model format version " + version);
        }
        String name = string(in, "name");
        if (!name.equals(EmbeddingModel.NAME)) {
            throw new IllegalArgumentException("unsupported model '" + name + "', expected " + EmbeddingModel.NAME);
        }
        long dimensions = in.u32("dimensions");
        if (dimensions != EmbeddingModel.DIMENSIONS) {
            throw new IllegalArgumentException(
                    "unsupported dimensions " + dimensions + ", expected " + EmbeddingModel.DIMENSIONS);
        }
        long trainingSteps = in.s64("trainingSteps");
        if (trainingSteps < 0) {
            throw new IllegalArgumentException("trainingSteps out of range: " + Long.toUnsignedString(trainingSteps));
        }
        long vocab = in.u32("vocabCount");
        // Each word takes at least 3 bytes and 2 * dimensions floats: refuse a count the rest cannot hold
        // before allocating anything for it.
        long minimum = vocab * (3 + 2L * EmbeddingModel.DIMENSIONS * Float.BYTES);
        if (minimum > in.remaining()) {
            throw new IllegalArgumentException("truncated: vocabCount " + vocab + " needs at least " + minimum
                    + " more bytes, " + in.remaining() + " left");
        }
        List<String> words = new ArrayList<>((int) vocab);
        for (int i = 0; i < vocab; i++) {
            words.add(string(in, "word " + i));
        }
        int floats = (int) vocab * EmbeddingModel.DIMENSIONS;
        float[] input = in.floats(floats, "input vectors");
        float[] output = in.floats(floats, "output vectors");
        if (in.remaining() != 0) {
            throw new IllegalArgumentException(
                    in.remaining() + " trailing bytes after the model at offset " + in.offset());
        }
        return EmbeddingModel.of(words, input, output, trainingSteps);
    }

    /** A length-prefixed (16 bits), non-empty, well-formed UTF-8 string. */
    private static String string(BoundedReader in, String field) {
        int length = in.u16(field + " length");
        if (length == 0) {
            throw new IllegalArgumentException(field + " is empty at offset " + in.offset());
        }
        return in.utf8(length, field);
    }
}
