package ml.consensus.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/**
 * Big-endian reads over untrusted bytes that never read past the end: every shortfall becomes
 * the caller's exception (made by {@code failure} from a message), naming the field and the offset.
 * The model file ({@link ModelCodec}) and the private-mode delta format read through it.
 */
public final class BoundedReader {

    private final ByteBuffer buffer;
    private final BiFunction<String, Throwable, RuntimeException> failure;

    public BoundedReader(byte[] bytes, BiFunction<String, Throwable, RuntimeException> failure) {
        this.buffer = ByteBuffer.wrap(bytes);
        this.failure = failure;
    }

    public int offset() {
        return buffer.position();
    }

    public int remaining() {
        return buffer.remaining();
    }

    public RuntimeException failure(String message) {
        return failure.apply(message, null);
    }

    /** Fails unless {@code count} more bytes are there; {@code count} may exceed the int range. */
    public void need(long count, String field) {
        if (count > buffer.remaining()) {
            throw failure("truncated at offset " + buffer.position() + ": " + field + " needs " + count + " bytes, "
                    + buffer.remaining() + " left");
        }
    }

    public byte[] bytes(int count, String field) {
        need(count, field);
        byte[] result = new byte[count];
        buffer.get(result);
        return result;
    }

    public int u8(String field) {
        need(1, field);
        return Byte.toUnsignedInt(buffer.get());
    }

    public int u16(String field) {
        need(2, field);
        return Short.toUnsignedInt(buffer.getShort());
    }

    public long u32(String field) {
        need(4, field);
        return Integer.toUnsignedLong(buffer.getInt());
    }

    public long s64(String field) {
        need(8, field);
        return buffer.getLong();
    }

    public float f32(String field) {
        need(4, field);
        return buffer.getFloat();
    }

    /** {@code count} bytes that must be well-formed UTF-8 (overlong forms and encoded surrogates fail). */
    public String utf8(int count, String field) {
        int start = buffer.position();
        byte[] bytes = bytes(count, field);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw failure.apply(field + " at offset " + start + " is not well-formed UTF-8", e);
        }
    }

    /** {@code count} big-endian floats; fails before allocating when the bytes cannot hold them. */
    public float[] floats(int count, String field) {
        need((long) count * Float.BYTES, field);
        float[] result = new float[count];
        buffer.asFloatBuffer().get(result);
        buffer.position(buffer.position() + count * Float.BYTES);
        return result;
    }
}
