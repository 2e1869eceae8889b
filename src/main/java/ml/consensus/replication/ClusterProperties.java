package ml.consensus.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import ml.consensus.cluster.ClusterPeer;
import ml.consensus.cluster.ReplicatedLogSettings;

/**
 * Cluster mode settings (prefix {@code consensus.cluster}); without {@code node-id} the node runs
 * alone, as it always did.
 *
 * @param nodeId      this node's id in the cluster; must be one of {@code peers} unless {@code join}
 * @param peers       every node of the first configuration, {@code id@raftHost:raftPort@httpUrl}
 *                    each, for instance {@code n1@127.0.0.1:6001@http://127.0.0.1:5001}; the HTTP
 *                    address is where the other nodes forward client writes when this node leads
 * @param name        the cluster's name, the same on every node (it names the Raft group)
 * @param bindAddress where this node's Raft server listens when that is not its advertised address
 *                    (behind a proxy or a NAT); null = its address in {@code peers}
 * @param self        this node's own {@code id@raftHost:raftPort@httpUrl}, needed only when it joins
 * @param join        whether this node joins a running cluster empty instead of founding it
 * @param electionMin Raft election timeout, lower bound (default 1 s)
 * @param electionMax Raft election timeout, upper bound (default 2 s)
 * @param appendTimeout how long a write waits for a majority to commit its block (default 5 s)
 */
@ConfigurationProperties(prefix = "consensus.cluster")
public record ClusterProperties(
        String nodeId,
        List<String> peers,
        String name,
        String bindAddress,
        String self,
        boolean join,
        Duration electionMin,
        Duration electionMax,
        Duration appendTimeout) {

    public ClusterProperties {
        peers = peers == null ? List.of() : List.copyOf(peers);
        name = name == null || name.isBlank() ? "consensus-ml" : name;
    }

    /** Parses one {@code id@raftHost:raftPort@httpUrl}; throws IllegalArgumentException naming what is wrong. */
    static ClusterPeer parsePeer(String text) {
        String[] parts = text.strip().split("@", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "a cluster peer is id@raftHost:raftPort@httpUrl (e.g. n1@127.0.0.1:6001@http://127.0.0.1:5001),"
                            + " got '" + text + "'");
        }
        return new ClusterPeer(parts[0], parts[1], parts[2]);
    }

    /** The settings of this node's replicated log, stored under {@code dataDir/raft}. */
    ReplicatedLogSettings logSettings(java.nio.file.Path dataDir) {
        List<ClusterPeer> founding = new ArrayList<>();
        for (String peer : peers) {
            founding.add(parsePeer(peer));
        }
        ClusterPeer me;
        if (join) {
            if (self == null) {
                throw new IllegalArgumentException("consensus.cluster.join=true needs consensus.cluster.self");
            }
            me = parsePeer(self);
        } else {
            me = founding.stream()
                    .filter(p -> p.id().equals(nodeId))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "consensus.cluster.node-id " + nodeId + " is not one of consensus.cluster.peers " + peers));
        }
        if (!me.id().equals(nodeId)) {
            throw new IllegalArgumentException("consensus.cluster.self names " + me.id() + ", not node-id " + nodeId);
        }
        java.nio.file.Path storage = dataDir.resolve("raft");
        ReplicatedLogSettings settings = join
                ? ReplicatedLogSettings.joining(name, me, storage)
                : ReplicatedLogSettings.founding(name, me, founding, storage);
        if (bindAddress != null && !bindAddress.isBlank()) {
            settings = settings.withBindAddress(bindAddress);
        }
        ReplicatedLogSettings.Timeouts defaults = ReplicatedLogSettings.Timeouts.DEFAULT;
        return settings.withTimeouts(new ReplicatedLogSettings.Timeouts(
                electionMin == null ? defaults.electionMin() : electionMin,
                electionMax == null ? defaults.electionMax() : electionMax,
                appendTimeout == null ? defaults.append() : appendTimeout,
                defaults.membership()));
    }
}
