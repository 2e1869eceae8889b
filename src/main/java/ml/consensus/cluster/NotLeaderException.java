package ml.consensus.cluster;

import java.util.Optional;

/**
 * This node is not the leader, or stopped being the leader before the write was committed. In
 * the second case the entry may still be committed by the next leader: a node learns that through
 * {@link CommittedEntries#apply}, never through this exception.
 */
public final class NotLeaderException extends ReplicatedLogException {

    private static final long serialVersionUID = 1L;

    private final transient Optional<ClusterPeer> leader;

    NotLeaderException(String nodeId, Optional<ClusterPeer> leader) {
        super("node " + nodeId + " is not the leader; "
                + leader.map(l -> "the leader is " + l.id() + " at " + l.httpAddress())
                        .orElse("no leader is known"));
        this.leader = leader;
    }

    /** The leader as this node knows it, if it knows one: where to forward the write. */
    public Optional<ClusterPeer> leader() {
        return leader;
    }
}
