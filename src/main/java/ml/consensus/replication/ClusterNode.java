package ml.consensus.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import ml.consensus.NodeProperties;
import ml.consensus.cluster.ClusterPeer;
import ml.consensus.cluster.ReplicatedLog;
import ml.consensus.cluster.ReplicatedLogSettings;

/**
 * This node's membership of the cluster: starts its replicated log once the node has loaded and
 * verified its own ledger (and before the web server takes requests), stops it on shutdown.
 */
@Component
@ConditionalOnExpression("!'${consensus.cluster.node-id:}'.isEmpty()")
class ClusterNode implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    /** Before the web server (Boot starts it in phase {@code Integer.MAX_VALUE - 1}). */
    private static final int PHASE = Integer.MAX_VALUE - 1024;

    private final ReplicatedLogSettings settings;
    private final ReplicatedChain chain;
    private volatile ReplicatedLog replicatedLog;

    ClusterNode(ClusterProperties cluster, NodeProperties node, ReplicatedChain chain) {
        this.settings = cluster.logSettings(node.dataDir().toAbsolutePath());
        this.chain = chain;
    }

    @Override
    public void start() {
        chain.load();
        try {
            replicatedLog = ReplicatedLog.start(settings, chain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info(
                "cluster node {} started: Raft on {}, members {}, resuming after log entry {}",
                settings.self().id(),
                settings.bindAddress(),
                settings.initialPeers().stream().map(ClusterPeer::id).toList(),
                chain.lastApplied());
    }

    /** The running log; throws while the node is starting or stopped. */
    ReplicatedLog log() {
        ReplicatedLog current = replicatedLog;
        if (current == null) {
            throw new IllegalStateException("the replicated log is not running");
        }
        return current;
    }

    /** The running log, or empty while starting or stopped. */
    Optional<ReplicatedLog> running() {
        return Optional.ofNullable(replicatedLog);
    }

    ReplicatedLogSettings.Timeouts timeouts() {
        return settings.timeouts();
    }

    ClusterPeer self() {
        return settings.self();
    }

    @Override
    public void stop() {
        ReplicatedLog current = replicatedLog;
        replicatedLog = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public boolean isRunning() {
        return replicatedLog != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
