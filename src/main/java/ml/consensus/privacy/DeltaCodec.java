package ml.consensus.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ml.consensus.hashing.Sha256;
import ml.consensus.model.BoundedReader;
import ml.consensus.privacy.ModelDelta.AddedWord;
import ml.consensus.privacy.ModelDelta.ChangedRow;
import ml.consensus.privacy.ModelDelta.Table;

import static ml.consensus.privacy.InvalidDeltaException.Reason.MALFORMED;
import static ml.consensus.privacy.InvalidDeltaException.Reason.UNKNOWN_WORD;
import static ml.consensus.privacy.InvalidDeltaException.Reason.WRONG_SHAPE;

/**
 * The canonical binary form of a {@link ModelDelta} (docs/privacy.md). All integers unsigned
 * big-endian, floats IEEE-754 binary32 big-endian with their exact bits.
 *
 * <pre>
 * magic            4 bytes  "CMLD" (0x43 0x4D 0x4C 0x44)
 * version          u16      1
 * dimensions       u32      32
 * base hash        32 bytes the model hash the delta applies to
 * result hash      32 bytes the model hash applying it gives
 * base vocab size  u32      at most 2^31 - 1
 * step increment   u64      at most 2^63 - 1
 * row count        u32      C
 * rows             C times: table u8 (0 input, 1 output), word index u32, 32 x f32;
 *                           ascending by (table, word index)
 * added count      u32      A
 * added words      A times: u16 length (1..65535), UTF-8 bytes, 32 x f32 input, 32 x f32 output
 * </pre>
 */
final class DeltaCodec {

    static final byte[] MAGIC = {'C', 'M', 'L', 'D'};
    static final int VERSION = 1;
    static final int HEADER_BYTES = 4 + 2 + 4 + 32 + 32 + 4 + 8;
    /** table + word index + the floats. */
    static final int ROW_BYTES = 1 + 4 + ModelDelta.DIMENSIONS * Float.BYTES;
    /** The smallest added word: a 1-byte word and its two vectors. */
    static final int MIN_ADDED_WORD_BYTES = 2 + 1 + 2 * ModelDelta.DIMENSIONS * Float.BYTES;

    private DeltaCodec() {}

    static byte[] encode(ModelDelta delta) {
        List<byte[]> words = new ArrayList<>();
        long size = HEADER_BYTES + 4L + (long) delta.changedRows().size() * ROW_BYTES + 4;
        for (AddedWord added : delta.addedWordRows()) {
            byte[] word = added.word().getBytes(StandardCharsets.UTF_8);
            words.add(word);
            size += 2 + word.length + 2L * ModelDelta.DIMENSIONS * Float.BYTES;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("delta too large to encode: " + size + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.put(MAGIC).putShort((short) VERSION).putInt(ModelDelta.DIMENSIONS);
        out.put(delta.baseHash().bytes()).put(delta.resultHash().bytes());
        out.putInt(delta.baseVocabSize()).putLong(delta.stepIncrement());
        out.putInt(delta.changedRows().size());
        for (ChangedRow row : delta.changedRows()) {
            out.put((byte) row.table().code).putInt(row.word());
            putFloats(out, row.values());
        }
        out.putInt(words.size());
        for (int i = 0; i < words.size(); i++) {
            out.putShort((short) words.get(i).length).put(words.get(i));
            putFloats(out, delta.addedWordRows().get(i).input());
            putFloats(out, delta.addedWordRows().get(i).output());
        }
        return out.array();
    }

    private static void putFloats(ByteBuffer out, float[] values) {
        for (float value : values) {
            out.putFloat(value);
        }
    }

    static ModelDelta decode(byte[] bytes) {
        if (bytes == null) {
            throw new InvalidDeltaException(MALFORMED, "no delta bytes");
        }
        BoundedReader in =
                new BoundedReader(bytes, (message, cause) -> new InvalidDeltaException(MALFORMED, message, cause));
        if (!Arrays.equals(in.bytes(MAGIC.length, "magic"), MAGIC)) {
            throw in.failure("not a model delta: magic is not \"CMLD\"");
        }
        int version = in.u16("version");
        if (version != VERSION) {
            throw in.failure("unsupported delta format version " + version);
        }
        long dimensions = in.u32("dimensions");
        if (dimensions != ModelDelta.DIMENSIONS) {
            throw new InvalidDeltaException(
                    WRONG_SHAPE,
                    "the delta has vectors of " + dimensions + " dimensions, the model has " + ModelDelta.DIMENSIONS);
        }
        Sha256 baseHash = Sha256.ofBytes(in.bytes(Sha256.LENGTH, "base hash"));
        Sha256 resultHash = Sha256.ofBytes(in.bytes(Sha256.LENGTH, "result hash"));
        long baseVocab = in.u32("base vocabulary size");
        if (baseVocab > Integer.MAX_VALUE) {
            throw in.failure("base vocabulary size " + baseVocab + " is more than 2^31 - 1");
        }
        long steps = in.s64("step increment");
        if (steps < 0) {
            throw in.failure("step increment " + Long.toUnsignedString(steps) + " is more than 2^63 - 1");
        }
        List<ChangedRow> rows = readRows(in, (int) baseVocab);
        List<AddedWord> added = readAddedWords(in);
        if (in.remaining() != 0) {
            throw in.failure(in.remaining() + " trailing bytes after the delta at offset " + in.offset());
        }
        return new ModelDelta(baseHash, resultHash, (int) baseVocab, steps, rows, added);
    }

    private static List<ChangedRow> readRows(BoundedReader in, int baseVocab) {
        long count = in.u32("row count");
        // Refuse a count the rest cannot hold before allocating anything for it.
        in.need(count * ROW_BYTES, count + " rows");
        List<ChangedRow> rows = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            int at = in.offset();
            int code = in.u8("row " + i + " table");
            if (code > Table.OUTPUT.code) {
                throw in.failure("row " + i + " at offset " + at + " names table " + code
                        + ", expected 0 (input) or 1 (output)");
            }
            long word = in.u32("row " + i + " word index");
            if (word >= baseVocab) {
                throw new InvalidDeltaException(
                        UNKNOWN_WORD,
                        "row " + i + " at offset " + at + " names word " + word + ", the base vocabulary has "
                                + baseVocab + " words");
            }
            rows.add(new ChangedRow(
                    code == Table.INPUT.code ? Table.INPUT : Table.OUTPUT, (int) word, floats(in, "row " + i)));
        }
        return rows;
    }

    private static List<AddedWord> readAddedWords(BoundedReader in) {
        long count = in.u32("added word count");
        in.need(count * MIN_ADDED_WORD_BYTES, count + " added words");
        List<AddedWord> added = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            int length = in.u16("added word " + i + " length");
            if (length == 0) {
                throw in.failure("added word " + i + " at offset " + (in.offset() - 2) + " is empty");
            }
            String word = in.utf8(length, "added word " + i);
            added.add(new AddedWord(
                    word, floats(in, "added word " + i + " input"), floats(in, "added word " + i + " output")));
        }
        return added;
    }

    private static float[] floats(BoundedReader in, String field) {
        in.need((long) ModelDelta.DIMENSIONS * Float.BYTES, field);
        float[] values = new float[ModelDelta.DIMENSIONS];
        for (int d = 0; d < values.length; d++) {
            values[d] = in.f32(field);
        }
        return values;
    }
}
