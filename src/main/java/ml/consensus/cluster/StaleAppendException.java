package ml.consensus.cluster;

/**
 * {@link ReplicatedLog#appendAfter} was told the entry follows the entry at {@code expectedLast},
 * but another entry had been applied after it by the time this one reached its place in the log.
 * Every node skips such an entry in the same way, so nothing was applied anywhere: build the
 * entry again on the new state and append it after {@link #actualLast()}.
 */
public final class StaleAppendException extends ReplicatedLogException {

    private static final long serialVersionUID = 1L;

    private final long expectedLast;
    private final long actualLast;

    StaleAppendException(long expectedLast, long actualLast) {
        super("the entry was built after log index " + expectedLast + " but the last applied entry is at "
                + actualLast);
        this.expectedLast = expectedLast;
        this.actualLast = actualLast;
    }

    public long expectedLast() {
        return expectedLast;
    }

    public long actualLast() {
        return actualLast;
    }
}
