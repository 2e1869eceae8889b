package ml.consensus.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * How one node starts its replicated log.
 *
 * @param clusterName  names the Raft group; every node of one cluster uses the same name
 * @param self         this node
 * @param initialPeers a founding node: every node of the first configuration, itself included.
 *                     A joining node: empty; it starts with no configuration and learns one from
 *                     the leader that adds it ({@link ReplicatedLog#addPeer}). After the first
 *                     start the configuration stored with the log wins over this list.
 * @param joining      whether this node joins an existing cluster instead of founding it
 * @param storageDir   where the Raft log is kept, a directory of its own under the node's data dir
 * @param bindAddress  {@code host:port} the Raft server listens on; usually {@code self.raftAddress()},
 *                     different behind a proxy or a NAT
 * @param timeouts     elections, appends and membership changes
 */
public record ReplicatedLogSettings(
        String clusterName,
        ClusterPeer self,
        List<ClusterPeer> initialPeers,
        boolean joining,
        Path storageDir,
        String bindAddress,
        Timeouts timeouts) {

    /** Throws IllegalArgumentException when the settings cannot describe a working node. */
    public ReplicatedLogSettings {
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("a cluster needs a name");
        }
        Objects.requireNonNull(self, "self");
        initialPeers = List.copyOf(initialPeers);
        Objects.requireNonNull(storageDir, "storageDir");
        RaftAddress.parse(bindAddress);
        Objects.requireNonNull(timeouts, "timeouts");
        Set<String> ids = new HashSet<>();
        for (ClusterPeer peer : initialPeers) {
            if (!ids.add(peer.id())) {
                throw new IllegalArgumentException("peer id " + peer.id() + " is listed twice");
            }
        }
        if (joining && !initialPeers.isEmpty()) {
            throw new IllegalArgumentException("a joining node starts with no peers: it learns the configuration"
                    + " from the leader that adds it");
        }
        if (!joining && !initialPeers.contains(self)) {
            throw new IllegalArgumentException(
                    "a founding node must be one of the initial peers, " + self + " is not in " + initialPeers);
        }
    }

    /** A node of the first configuration, bound to its own Raft address, with the default timeouts. */
    public static ReplicatedLogSettings founding(
            String clusterName, ClusterPeer self, List<ClusterPeer> peers, Path storageDir) {
        return new ReplicatedLogSettings(
                clusterName, self, peers, false, storageDir, self.raftAddress(), Timeouts.DEFAULT);
    }

    /** A node that joins a running cluster empty, bound to its own Raft address, with the default timeouts. */
    public static ReplicatedLogSettings joining(String clusterName, ClusterPeer self, Path storageDir) {
        return new ReplicatedLogSettings(
                clusterName, self, List.of(), true, storageDir, self.raftAddress(), Timeouts.DEFAULT);
    }

    public ReplicatedLogSettings withBindAddress(String address) {
        return new ReplicatedLogSettings(clusterName, self, initialPeers, joining, storageDir, address, timeouts);
    }

    public ReplicatedLogSettings withTimeouts(Timeouts newTimeouts) {
        return new ReplicatedLogSettings(
                clusterName, self, initialPeers, joining, storageDir, bindAddress, newTimeouts);
    }

    /** The Raft group id: a name-based UUID, so that every node derives the same one from the name. */
    UUID groupUuid() {
        return UUID.nameUUIDFromBytes(("consensus-ml/cluster/" + clusterName).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The timings of the log.
     *
     * @param electionMin a follower that hears nothing from a leader for a random time between
     *                    electionMin and electionMax stands for election; a leader that hears from no
     *                    majority for electionMax steps down
     * @param electionMax see electionMin
     * @param append      how long {@link ReplicatedLog#append} waits for the entry to be committed
     *                    and applied before it fails with {@link NotCommittedException}
     * @param membership  how long {@link ReplicatedLog#addPeer} and {@link ReplicatedLog#removePeer}
     *                    wait; adding a peer includes its catching up to within
     *                    {@value RaftTuning#STAGING_GAP} entries of the leader
     */
    public record Timeouts(Duration electionMin, Duration electionMax, Duration append, Duration membership) {

        /** For nodes on one LAN: elections after 1 to 2 s of silence, 5 s to commit, 2 min to add a peer. */
        public static final Timeouts DEFAULT = new Timeouts(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(2));

        /** Throws IllegalArgumentException unless every duration is positive and electionMin &lt; electionMax. */
        public Timeouts {
            requirePositive(electionMin, "electionMin");
            requirePositive(electionMax, "electionMax");
            requirePositive(append, "append");
            requirePositive(membership, "membership");
            if (electionMin.compareTo(electionMax) >= 0) {
                throw new IllegalArgumentException(
                        "electionMin " + electionMin + " must be below electionMax " + electionMax);
            }
        }

        private static void requirePositive(Duration duration, String name) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, got " + duration);
            }
        }
    }
}
