package ml.consensus.cluster;

/**
 * Why a write to the replicated log (an append, a membership change) did not succeed. Delivered
 * as the cause of the failed future's {@link java.util.concurrent.CompletionException} or
 * {@link java.util.concurrent.ExecutionException}.
 *
 * <ul>
 *   <li>{@link NotLeaderException}: this node does not lead; forward to {@link NotLeaderException#leader()}.
 *   <li>{@link StaleAppendException}: the entry was built on an older state; nothing was applied.
 *   <li>{@link NotCommittedException}: no majority confirmed in time; the outcome is unknown.
 *   <li>{@link LogHaltedException}: this node stopped applying entries.
 *   <li>{@link MembershipChangeException}: the engine refused a configuration change.
 * </ul>
 */
public abstract sealed class ReplicatedLogException extends RuntimeException
        permits NotLeaderException,
                StaleAppendException,
                NotCommittedException,
                LogHaltedException,
                MembershipChangeException {

    private static final long serialVersionUID = 1L;

    ReplicatedLogException(String message) {
        super(message);
    }

    ReplicatedLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
