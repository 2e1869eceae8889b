package ml.consensus.cluster;

/**
 * The write was not confirmed: no majority answered within the timeout (this node may be on the
 * minority side of a partition), or the engine gave up on it (see the cause). The outcome is
 * unknown: the entry may still be committed later, and a node learns that only through
 * {@link CommittedEntries#apply}. For HTTP clients: 503, try again.
 */
public final class NotCommittedException extends ReplicatedLogException {

    private static final long serialVersionUID = 1L;

    NotCommittedException(String message) {
        super(message);
    }

    NotCommittedException(String message, Throwable cause) {
        super(message, cause);
    }
}
