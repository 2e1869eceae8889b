package ml.consensus.cluster;

/**
 * What a node does with the entries its replicated log commits: implemented by the node, called
 * by {@link ReplicatedLog} on every node, leader and followers alike.
 *
 * <p>Calls come from one thread, in log order, one at a time, each entry once: after a restart the
 * log resumes with the first entry after {@link #lastApplied()}. An entry whose {@code apply}
 * throws is not skipped: the log halts there ({@link ReplicatedLog#halted()}) and hands this node
 * no further entry until it is restarted, when the refused entry is offered again.
 */
public interface CommittedEntries {

    /**
     * Applies one committed entry: the node checks it and stores its effects, durably and together
     * with {@code index} as its new {@link #lastApplied()}.
     *
     * <p>Must not call {@link ReplicatedLog#append} and wait for it (that append's commit waits for
     * this call to return).
     *
     * @param index the entry's position in the log: strictly greater than the previous entry's, not
     *              contiguous (the Raft log also holds configuration entries that are not handed over)
     * @param entry the bytes given to {@link ReplicatedLog#append}; the caller may keep them
     * @throws EntryRefusedException when the node's check fails; the log halts at this entry
     */
    void apply(long index, byte[] entry) throws EntryRefusedException;

    /**
     * The index of the last entry this node applied and stored, as persisted with its data;
     * {@code 0} for a node that has applied none. Read once, when the log starts.
     */
    long lastApplied();
}
