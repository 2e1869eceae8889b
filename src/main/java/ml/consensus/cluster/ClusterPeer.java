package ml.consensus.cluster;

import java.util.Objects;
import java.util.regex.Pattern;

import org.apache.ratis.protocol.RaftPeer;

/**
 * One node of the cluster as the replicated log knows it.
 *
 * @param id          the node's peer id, unique in the cluster: 1 to 64 of {@code A-Z a-z 0-9 . _ -},
 *                    starting with a letter or digit
 * @param raftAddress {@code host:port} where this node's Raft server is reached by the other nodes
 * @param httpAddress where the node serves HTTP clients, opaque to this package (for instance
 *                    {@code http://10.0.0.5:5000}); a node that is not the leader forwards client
 *                    writes to the leader's. It travels to every node in the Raft configuration.
 */
public record ClusterPeer(String id, String raftAddress, String httpAddress) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Throws IllegalArgumentException unless the id, the Raft address and the HTTP address are usable. */
    public ClusterPeer {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a peer id is 1 to 64 of A-Z a-z 0-9 . _ - starting with a letter"
                    + " or digit, got " + (id == null ? "null" : "'" + id + "'"));
        }
        RaftAddress.parse(raftAddress);
        if (httpAddress == null || httpAddress.isBlank()) {
            throw new IllegalArgumentException("peer " + id + " needs an HTTP address");
        }
    }

    /**
     * The Raft peer for this node. The HTTP address rides in Ratis's client-address field: Ratis
     * reads that field only in its own RaftClient, which this package never uses (requests are
     * handed to the local server), so the field is free to carry where the node's clients go.
     */
    RaftPeer toRaftPeer() {
        return RaftPeer.newBuilder()
                .setId(id)
                .setAddress(raftAddress)
                .setClientAddress(httpAddress)
                .build();
    }

    /** The peer a Raft configuration names; it must have been written by {@link #toRaftPeer()}. */
    static ClusterPeer of(RaftPeer peer) {
        Objects.requireNonNull(peer, "peer");
        if (peer.getClientAddress() == null) {
            throw new IllegalStateException("peer " + peer.getId() + " in the Raft configuration has no HTTP address;"
                    + " was it added by something other than ReplicatedLog?");
        }
        return new ClusterPeer(peer.getId().toString(), peer.getAddress(), peer.getClientAddress());
    }
}
