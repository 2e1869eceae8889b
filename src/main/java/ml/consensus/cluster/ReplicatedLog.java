package ml.consensus.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's replica of the cluster's ordered log of entries, kept in agreement with the other
 * nodes by Raft (Apache Ratis, embedded). See the package documentation for the guarantees.
 *
 * <p>Writes ({@link #append}, {@link #appendAfter}, {@link #addPeer}, {@link #removePeer}) are
 * taken by the leader only: on any other node they fail with {@link NotLeaderException} naming
 * the leader, and the node forwards its client's write there. Every node, leader included, sees
 * the committed entries through its {@link CommittedEntries}.
 *
 * <p>Thread-safe. Close it to stop this node's Raft server; a closed log cannot be restarted,
 * start a new one on the same storage directory.
 */
public final class ReplicatedLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicatedLog.class);
    private static final Duration STAND_ASIDE_RETRY = Duration.ofMillis(100);

    private final ReplicatedLogSettings settings;
    private final RaftGroupId groupId;
    private final LogStateMachine stateMachine;
    private final LocalRequests requests;
    private final RaftReplies replies;
    private final RaftServer server;
    private final List<LeaderListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile RaftServer.Division division;

    private ReplicatedLog(ReplicatedLogSettings settings, CommittedEntries entries) throws IOException {
        this.settings = settings;
        this.groupId = RaftGroupId.valueOf(settings.groupUuid());
        RaftPeerId selfId = RaftPeerId.valueOf(settings.self().id());
        this.stateMachine = new LogStateMachine(settings.self().id(), entries, this::tellListeners, this::standAside);
        this.requests = new LocalRequests(selfId, groupId);
        this.replies = new RaftReplies(settings.self().id(), this::isLeader, this::notLeader, stateMachine::halted);
        boolean stored = Files.isDirectory(
                settings.storageDir().resolve(groupId.getUuid().toString()));
        List<RaftPeer> peers =
                settings.initialPeers().stream().map(ClusterPeer::toRaftPeer).toList();
        this.server = RaftServer.newBuilder()
                .setServerId(selfId)
                // A joining node starts with the group's id and no members: it stands for no
                // election and waits for the leader that adds it to send the configuration.
                .setGroup(RaftGroup.valueOf(groupId, peers))
                .setStateMachine(stateMachine)
                .setProperties(RaftTuning.propertiesFor(settings))
                // Once formatted, the stored log and configuration are authoritative.
                .setOption(stored ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
    }

    /**
     * Starts this node's Raft server and returns once it listens. Committed entries after
     * {@code entries.lastApplied()} are handed to {@code entries} from then on, starting with
     * those already in the stored log.
     *
     * @throws IOException when the storage directory cannot be used or the Raft address cannot be bound
     */
    public static ReplicatedLog start(ReplicatedLogSettings settings, CommittedEntries entries) throws IOException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(entries, "entries");
        RatisExit.disable();
        Files.createDirectories(settings.storageDir());
        ReplicatedLog replicatedLog = new ReplicatedLog(settings, entries);
        try {
            replicatedLog.server.start();
        } catch (IOException | RuntimeException e) {
            replicatedLog.closeQuietly();
            throw new IOException(
                    "node " + settings.self().id() + " could not start its Raft server on " + settings.bindAddress()
                            + ": " + e.getMessage(),
                    e);
        }
        return replicatedLog;
    }

    /**
     * Appends an entry with no condition: it is applied wherever it lands in the log. Appends
     * made before earlier ones completed take their places in the order the leader takes them,
     * which need not be the order of the calls (it is the same order on every node). For
     * entries that depend on the state they were built on (a block on its parent), use
     * {@link #appendAfter}.
     *
     * @return completes with the entry's log index once a majority has committed it and this
     *         node has applied it; fails with a {@link ReplicatedLogException}: on a node that is
     *         not the leader, on a halted node, or when no majority confirms within the append
     *         timeout
     * @throws IllegalStateException when this log is closed
     */
    public CompletableFuture<Long> append(byte[] entry) {
        return submit(StagedEntry.unconditional(entry));
    }

    /**
     * Appends an entry built on the state after the entry at {@code lastApplied} (the node's
     * {@link CommittedEntries#lastApplied()} when it built it; {@code 0} when it had applied
     * none). Every node applies it only if that is still its last applied entry when the entry's
     * turn comes; otherwise every node passes it over, and the future fails with
     * {@link StaleAppendException}. This is what keeps a block mined on an old head out of the
     * ledgers, whatever leader changes happen meanwhile.
     *
     * @return as {@link #append}
     */
    public CompletableFuture<Long> appendAfter(long lastApplied, byte[] entry) {
        if (lastApplied < 0) {
            throw new IllegalArgumentException("lastApplied is a log index, 0 or more; got " + lastApplied);
        }
        return submit(new StagedEntry(lastApplied, entry));
    }

    private CompletableFuture<Long> submit(StagedEntry staged) {
        ensureOpen();
        Optional<Halt> halt = stateMachine.halted();
        if (halt.isPresent()) {
            return CompletableFuture.failedFuture(
                    new LogHaltedException(settings.self().id(), halt.get()));
        }
        Duration timeout = settings.timeouts().append();
        return whenReadyLeader()
                .thenCompose(ignored -> {
                    long applied = stateMachine.lastApplied();
                    if (staged.isConditional() && staged.after() < applied) {
                        // Already overtaken here: no need to take a turn in the log to learn it.
                        throw new StaleAppendException(staged.after(), applied);
                    }
                    return call(() -> server.submitClientRequestAsync(requests.write(staged)));
                })
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((reply, failure) -> replies.appended(staged, reply, failure, timeout));
    }

    /**
     * Completes once this node leads and has applied every entry committed before its term
     * (Ratis: "leader ready"): only then is an entry built on this node's state built on the
     * cluster's. Fails at once on a node that does not lead.
     */
    private CompletableFuture<Void> whenReadyLeader() {
        DivisionInfo info = division().getInfo();
        if (!info.isLeader()) {
            return CompletableFuture.failedFuture(notLeader());
        }
        return info.isLeaderReady() ? CompletableFuture.completedFuture(null) : stateMachine.readiness();
    }

    /**
     * Whether this node is the Raft leader, the one node that takes writes. A leader that was
     * just elected first applies the entries committed before its term; appends made meanwhile
     * wait for that (within the append timeout).
     */
    public boolean isLeader() {
        return !closed.get() && division().getInfo().isLeader();
    }

    /** The leader as this node knows it (possibly itself), with its HTTP address; empty when none is known. */
    public Optional<ClusterPeer> leader() {
        if (closed.get()) {
            return Optional.empty();
        }
        RaftServer.Division current = division();
        RaftPeerId leaderId = current.getInfo().getLeaderId();
        return Optional.ofNullable(current.getRaftConf().getPeer(leaderId)).map(ClusterPeer::of);
    }

    /**
     * Whether this node may count on the leader it knows: true on the leader itself, and on a
     * follower that has heard from its leader within {@code within}. A follower cut off from the
     * majority may still name the last leader it knew ({@link #leader()}); this tells it apart, so
     * that it refuses writes instead of passing them to a leader it cannot follow.
     */
    public boolean heardFromLeaderWithin(Duration within) {
        if (closed.get()) {
            return false;
        }
        DivisionInfo info = division().getInfo();
        if (info.isLeader()) {
            return true;
        }
        if (!info.isFollower() || info.getLeaderId() == null) {
            return false;
        }
        var role = info.getRoleInfoProto();
        return role.hasFollowerInfo()
                && role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs() <= within.toMillis();
    }

    /** This node. */
    public ClusterPeer self() {
        return settings.self();
    }

    /** The voting members of the configuration in force on this node, by id; empty for a node not yet added. */
    public List<ClusterPeer> members() {
        ensureOpen();
        List<ClusterPeer> members = new ArrayList<>();
        division().getRaftConf().getCurrentPeers().forEach(peer -> members.add(ClusterPeer.of(peer)));
        members.sort(Comparator.comparing(ClusterPeer::id));
        return List.copyOf(members);
    }

    /** Registers a listener for leader changes; see {@link LeaderListener} for the threading rules. */
    public void onLeaderChange(LeaderListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Why this node stopped applying entries, if it did: its {@link CommittedEntries} refused one
     * (or failed on it). A halted node takes no writes and stands for no election; it still
     * stores and acknowledges the log, so the others keep their majority. Restart it (after
     * fixing the cause) to resume at the refused entry.
     */
    public Optional<Halt> halted() {
        return stateMachine.halted();
    }

    /** The index of the last entry this node applied (or the node's lastApplied() at start). */
    public long lastApplied() {
        return stateMachine.lastApplied();
    }

    /**
     * Adds a voting member, on the leader. Start the new node first, empty, with
     * {@link ReplicatedLogSettings#joining}; the change is committed once the new node has
     * caught up to within {@value RaftTuning#STAGING_GAP} entries, and it goes on catching up by
     * applying (and checking) every entry from the first.
     *
     * @return completes when the new configuration is committed; adding a member that is
     *         already there with the same addresses changes nothing and succeeds
     */
    public CompletableFuture<Void> addPeer(ClusterPeer peer) {
        Objects.requireNonNull(peer, "peer");
        return changeMembers(current -> {
            Optional<ClusterPeer> existing = current.stream()
                    .filter(p -> p.getId().toString().equals(peer.id()))
                    .findFirst()
                    .map(ClusterPeer::of);
            if (existing.isPresent() && !existing.get().equals(peer)) {
                throw new MembershipChangeException(
                        "peer " + peer.id() + " is already a member as " + existing.get() + ", not " + peer);
            }
            List<RaftPeer> next = new ArrayList<>(current);
            if (existing.isEmpty()) {
                next.add(peer.toRaftPeer());
            }
            return next;
        });
    }

    /**
     * Removes a voting member, on the leader. Removing the leader itself makes it step down once
     * the change is committed. Stop the removed node afterwards and discard its storage.
     *
     * @return completes when the new configuration is committed
     */
    public CompletableFuture<Void> removePeer(String peerId) {
        Objects.requireNonNull(peerId, "peerId");
        return changeMembers(current -> {
            List<RaftPeer> next = current.stream()
                    .filter(p -> !p.getId().toString().equals(peerId))
                    .toList();
            if (next.size() == current.size()) {
                throw new MembershipChangeException("peer " + peerId + " is not a member");
            }
            if (next.isEmpty()) {
                throw new MembershipChangeException("cannot remove the last member " + peerId);
            }
            return next;
        });
    }

    private CompletableFuture<Void> changeMembers(UnaryOperator<List<RaftPeer>> change) {
        ensureOpen();
        Duration timeout = settings.timeouts().membership();
        return whenReadyLeader()
                .thenCompose(ignored -> {
                    List<RaftPeer> current =
                            List.copyOf(division().getRaftConf().getCurrentPeers());
                    return call(
                            () -> server.setConfigurationAsync(requests.changeMembers(current, change.apply(current))));
                })
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((reply, failure) -> {
                    replies.membersChanged(reply, failure, timeout);
                    return null;
                });
    }

    /** Stops this node's Raft server. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException("node " + settings.self().id() + " could not close its Raft server", e);
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            log.warn(
                    "Node {}: closing the Raft server after a failed start also failed",
                    settings.self().id(),
                    e);
        }
    }

    private NotLeaderException notLeader() {
        String self = settings.self().id();
        Optional<ClusterPeer> leader = closed.get() ? Optional.empty() : leader().filter(l -> !l.id().equals(self));
        return new NotLeaderException(self, leader);
    }

    /**
     * A node that no longer applies entries must not lead: its own appends could never be
     * answered. It stops standing for election and, if it leads, steps down. A node that halts
     * while it replays its log at start-up is not running yet and cannot be paused: it tries
     * again until its server runs (or the log is closed).
     */
    private void standAside(Halt halt) {
        long stepDownMs = settings.timeouts().electionMax().toMillis() * 2;
        // Fire and forget: the outcome is logged in whenComplete, and a failed step-down is retried.
        var unused = call(() -> server.leaderElectionManagementAsync(requests.pauseElections()))
                .thenCompose(
                        paused -> paused.isSuccess() && division().getInfo().isLeader()
                                ? call(() -> server.transferLeadershipAsync(requests.stepDown(stepDownMs)))
                                : CompletableFuture.completedFuture(paused))
                .whenComplete((reply, failure) -> {
                    if (failure == null && reply.isSuccess()) {
                        return;
                    }
                    Object why = failure != null ? failure : reply.getException();
                    LifeCycle.State state = division().getInfo().getLifeCycleState();
                    if (!closed.get() && (state == LifeCycle.State.NEW || state == LifeCycle.State.STARTING)) {
                        CompletableFuture.delayedExecutor(STAND_ASIDE_RETRY.toMillis(), TimeUnit.MILLISECONDS)
                                .execute(() -> standAside(halt));
                    } else {
                        log.warn(
                                "Node {} halted but could not stand aside: {}",
                                settings.self().id(),
                                why);
                    }
                });
        tellListeners();
    }

    private void tellListeners() {
        if (closed.get()) {
            return;
        }
        Optional<ClusterPeer> leader = leader();
        for (LeaderListener listener : listeners) {
            try {
                listener.leaderChanged(leader);
            } catch (RuntimeException e) {
                log.warn("Node {}: a leader listener failed", settings.self().id(), e);
            }
        }
    }

    /** A Ratis call that may throw before it returns its future, as one future. */
    private static <T> CompletableFuture<T> call(RaftCall<T> raftCall) {
        try {
            return raftCall.start();
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @FunctionalInterface
    private interface RaftCall<T> {
        CompletableFuture<T> start() throws IOException;
    }

    private RaftServer.Division division() {
        RaftServer.Division current = division;
        if (current == null) {
            try {
                current = server.getDivision(groupId);
            } catch (IOException e) {
                throw new UncheckedIOException("node " + settings.self().id() + " has no Raft group " + groupId, e);
            }
            division = current;
        }
        return current;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException(
                    "the replicated log of node " + settings.self().id() + " is closed");
        }
    }
}
