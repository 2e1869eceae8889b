package ml.consensus.cluster;

import java.util.Optional;

/**
 * Told when this node learns of a new leader, of none, or becomes ready to lead (see
 * {@link ReplicatedLog#isLeader()}). Called on a Raft thread: return quickly, and do not block
 * on the log.
 */
@FunctionalInterface
public interface LeaderListener {

    /**
     * Called when this node learns of a new leader, or that none is known.
     *
     * @param leader the leader as this node now knows it, itself included; empty when none is known
     */
    void leaderChanged(Optional<ClusterPeer> leader);
}
