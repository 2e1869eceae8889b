package ml.consensus.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the state machine did with one committed entry, sent back to the appender as the Raft
 * reply. Appends are handed to the local server, and the leader answers its own, so the outcome
 * is the leader's and never crosses the network.
 *
 * <p>Layout, big-endian: one kind byte ({@link Kind#code}), eight bytes {@code index}, then (for
 * {@code HALTED}) the UTF-8 reason.
 *
 * @param kind   applied, skipped as stale, or not applied because the log halted
 * @param index  APPLIED: the entry's log index. STALE: the last applied entry's index. HALTED:
 *               the index the log halted at
 * @param reason HALTED: why; otherwise empty
 */
record ApplyOutcome(Kind kind, long index, String reason) {

    enum Kind {
        APPLIED(1),
        STALE(2),
        HALTED(3);

        final byte code;

        Kind(int code) {
            this.code = (byte) code;
        }

        static Kind of(byte code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown apply outcome kind " + code);
        }
    }

    ApplyOutcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    static ApplyOutcome applied(long index) {
        return new ApplyOutcome(Kind.APPLIED, index, "");
    }

    static ApplyOutcome stale(long lastApplied) {
        return new ApplyOutcome(Kind.STALE, lastApplied, "");
    }

    static ApplyOutcome halted(Halt halt) {
        return new ApplyOutcome(Kind.HALTED, halt.index(), halt.reason());
    }

    Halt halt() {
        if (kind != Kind.HALTED) {
            throw new IllegalStateException("not a halt: " + this);
        }
        return new Halt(index, reason);
    }

    byte[] toBytes() {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + Long.BYTES + text.length)
                .put(kind.code)
                .putLong(index)
                .put(text)
                .array();
    }

    /** Reads what {@link #toBytes()} wrote; throws IllegalArgumentException for anything else. */
    static ApplyOutcome parse(byte[] bytes) {
        if (bytes.length < 1 + Long.BYTES) {
            throw new IllegalArgumentException("an apply outcome has at least 9 bytes, got " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        Kind kind = Kind.of(buffer.get());
        long index = buffer.getLong();
        String reason = new String(Arrays.copyOfRange(bytes, 1 + Long.BYTES, bytes.length), StandardCharsets.UTF_8);
        return new ApplyOutcome(kind, index, reason);
    }
}
