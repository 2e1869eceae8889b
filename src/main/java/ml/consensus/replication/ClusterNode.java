package ml.consensus.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import ml.consensus.NodeProperties;
import ml.consensus.cluster.ClusterPeer;
import ml.consensus.cluster.ReplicatedLog;
import ml.consensus.cluster.ReplicatedLogSettings;
import ml.consensus.governance.RulesDeclaration;
import ml.consensus.storage.Ledger;

/**
 * This node's membership of the cluster: starts its replicated log once the node has loaded and
 * verified its own ledger (and before the web server takes requests), stops it on shutdown.
 *
 * <p>Rules configured for a new ledger ({@code consensus.approval-policy}, {@code consensus.stake.*})
 * cannot be declared at start-up as a single node does, since only the leader writes: the first
 * time this node leads, it declares them through the log (a no-op when the ledger has them).
 */
@Component
@ConditionalOnExpression("!'${consensus.cluster.node-id:}'.isEmpty()")
class ClusterNode implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    /** Before the web server (Boot starts it in phase {@code Integer.MAX_VALUE - 1}). */
    private static final int PHASE = Integer.MAX_VALUE - 1024;

    private final ReplicatedLogSettings settings;
    private final ReplicatedChain chain;
    /** Looked up when first needed: it writes through the writer, whose committer needs this node. */
    private final ObjectProvider<RulesDeclaration> declaration;

    private final Ledger ledger;
    private final AtomicBoolean declared = new AtomicBoolean();
    private final ExecutorService leaderTasks = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "cluster-leader-tasks");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ReplicatedLog replicatedLog;

    ClusterNode(
            ClusterProperties cluster,
            NodeProperties node,
            ReplicatedChain chain,
            ObjectProvider<RulesDeclaration> declaration,
            Ledger ledger) {
        this.settings = cluster.logSettings(node.dataDir().toAbsolutePath());
        this.chain = chain;
        this.declaration = declaration;
        this.ledger = ledger;
    }

    @Override
    public void start() {
        chain.load();
        try {
            replicatedLog = ReplicatedLog.start(settings, chain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ReplicatedLog started = replicatedLog;
        // Called on a Raft thread, which must not wait for the log: hand the work to our own thread.
        started.onLeaderChange(leader -> {
            if (started.isLeader() && declared.compareAndSet(false, true)) {
                leaderTasks.execute(this::declareConfiguredRules);
            }
        });
        log.info(
                "cluster node {} started: Raft on {}, members {}, resuming after log entry {}",
                settings.self().id(),
                settings.bindAddress(),
                settings.initialPeers().stream().map(ClusterPeer::id).toList(),
                chain.lastApplied());
    }

    private void declareConfiguredRules() {
        try {
            declaration.getObject().declareIfConfigured(ledger.allBlocks());
        } catch (RuntimeException e) {
            log.warn("not declaring the configured rules: {}", e.getMessage());
        }
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
        leaderTasks.shutdownNow();
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
