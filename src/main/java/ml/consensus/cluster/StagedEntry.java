package ml.consensus.cluster;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A node's entry as it is written in the Raft log, with the condition it is applied under.
 *
 * <p>Layout, big-endian: one format byte ({@code 1}), eight bytes {@code after}, then the node's
 * entry bytes. {@code after} is the log index of the last applied entry the entry was built on,
 * or {@link #UNCONDITIONAL}. Every node evaluates the condition against its own last applied
 * entry; since all nodes apply the same log in the same order, all reach the same verdict.
 *
 * @param after the index the entry must directly follow among applied entries, or {@link #UNCONDITIONAL}
 * @param entry the node's bytes, copied in and out
 */
@SuppressWarnings("ArrayRecordComponent") // entry is copied in and out (compact constructor and entry())
record StagedEntry(long after, byte[] entry) {

    static final long UNCONDITIONAL = -1;
    private static final byte FORMAT = 1;
    private static final int HEADER = 1 + Long.BYTES;

    StagedEntry {
        if (after < UNCONDITIONAL) {
            throw new IllegalArgumentException("after is a log index (0 or more) or UNCONDITIONAL, got " + after);
        }
        entry = entry.clone();
    }

    static StagedEntry unconditional(byte[] entry) {
        return new StagedEntry(UNCONDITIONAL, entry);
    }

    boolean isConditional() {
        return after != UNCONDITIONAL;
    }

    @Override
    public byte[] entry() {
        return entry.clone();
    }

    byte[] toBytes() {
        return ByteBuffer.allocate(HEADER + entry.length)
                .put(FORMAT)
                .putLong(after)
                .put(entry)
                .array();
    }

    /** Reads what {@link #toBytes()} wrote; throws IllegalArgumentException for anything else. */
    static StagedEntry parse(byte[] bytes) {
        if (bytes.length < HEADER) {
            throw new IllegalArgumentException(
                    "a staged entry has a " + HEADER + "-byte header, got " + bytes.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte format = buffer.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown staged entry format " + format);
        }
        long after = buffer.getLong();
        return new StagedEntry(after, Arrays.copyOfRange(bytes, HEADER, bytes.length));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StagedEntry that && after == that.after && Arrays.equals(entry, that.entry);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(after) + Arrays.hashCode(entry);
    }

    @Override
    public String toString() {
        return "StagedEntry[after=" + (isConditional() ? after : "any") + ", " + entry.length + " bytes]";
    }
}
