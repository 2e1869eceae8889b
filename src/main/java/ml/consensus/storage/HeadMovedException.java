package ml.consensus.storage;

/**
 * An append found another block at the head than the one its records were checked against:
 * another writer (a second node on the same database) appended first. Nothing was written; the
 * caller catches up with the new head, checks its records again and mines anew.
 */
public final class HeadMovedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long expectedHead;
    private final long actualHead;

    public HeadMovedException(long expectedHead, long actualHead) {
        super("the ledger head moved from block " + expectedHead + " to block " + actualHead
                + " while the next block was being prepared");
        this.expectedHead = expectedHead;
        this.actualHead = actualHead;
    }

    public long expectedHead() {
        return expectedHead;
    }

    public long actualHead() {
        return actualHead;
    }
}
