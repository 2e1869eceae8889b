package ml.consensus.cluster;

/**
 * Thrown by {@link CommittedEntries#apply} when the node's own check of a committed entry fails
 * (for a block: a broken link, a bad proof of work, a model hash that replay does not reproduce).
 * The message is the reason the log reports in {@link ReplicatedLog#halted()}.
 */
public final class EntryRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public EntryRefusedException(String reason) {
        super(reason);
    }

    public EntryRefusedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
