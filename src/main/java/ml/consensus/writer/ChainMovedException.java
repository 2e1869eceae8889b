package ml.consensus.writer;

/**
 * A block could not be committed because another block took its place first (another node's on a
 * shared database, or an entry of the replicated log ahead of it). Nothing of the batch was
 * written; the writer checks it again on the new head and mines anew.
 */
public final class ChainMovedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long headNow;

    /** @param headNow the index of the head as the committer last saw it, for the log */
    public ChainMovedException(long headNow, String message, Throwable cause) {
        super(message, cause);
        this.headNow = headNow;
    }

    public long headNow() {
        return headNow;
    }
}
