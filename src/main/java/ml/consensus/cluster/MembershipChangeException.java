package ml.consensus.cluster;

/**
 * The engine refused a change of the cluster's members: another change is still in progress, the
 * configuration changed under the request, or the peer to remove is not a member.
 */
public final class MembershipChangeException extends ReplicatedLogException {

    private static final long serialVersionUID = 1L;

    MembershipChangeException(String message) {
        super(message);
    }

    MembershipChangeException(String message, Throwable cause) {
        super(message, cause);
    }
}
