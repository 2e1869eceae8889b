package ml.consensus.cluster;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine of one node: hands committed entries to the node's
 * {@link CommittedEntries} in log order, once each, checks {@link StagedEntry} conditions, and
 * halts at the first entry the node refuses.
 *
 * <p>Ratis calls {@link #applyTransaction} from one thread, in log order. Everything is done on
 * that thread before the returned future (already complete) is handed back, so the node sees
 * entries strictly one after the other. The node's own {@code lastApplied()} decides where a
 * restart resumes: Ratis replays its log from the start (no snapshots are taken) and entries up
 * to that index are passed over.
 */
final class LogStateMachine extends BaseStateMachine {

    private static final Logger log = LoggerFactory.getLogger(LogStateMachine.class);

    private final String nodeId;
    private final CommittedEntries entries;
    private final Runnable onLeadershipChange;
    private final Consumer<Halt> onHalt;
    private final AtomicReference<CompletableFuture<Void>> readiness = new AtomicReference<>(new CompletableFuture<>());
    private final AtomicReference<Halt> halt = new AtomicReference<>();
    /** Entries up to here were applied before this start. */
    private final long resumeAfter;
    /** The last entry the node applied, the one conditional entries are checked against. */
    private volatile long lastApplied;

    /** Reads {@code entries.lastApplied()} now: one state machine serves one start of the log. */
    LogStateMachine(String nodeId, CommittedEntries entries, Runnable onLeadershipChange, Consumer<Halt> onHalt) {
        this.nodeId = nodeId;
        this.entries = entries;
        this.onLeadershipChange = onLeadershipChange;
        this.onHalt = onHalt;
        long applied = entries.lastApplied();
        if (applied < 0) {
            throw new IllegalArgumentException("lastApplied() is a log index, 0 or more; got " + applied);
        }
        this.resumeAfter = applied;
        this.lastApplied = applied;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
        LogEntryProto logEntry = transaction.getLogEntry();
        updateLastAppliedTermIndex(logEntry.getTerm(), logEntry.getIndex());
        ApplyOutcome outcome =
                apply(logEntry.getIndex(), logEntry.getStateMachineLogEntry().getLogData());
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(outcome.toBytes())));
    }

    private ApplyOutcome apply(long index, ByteString data) {
        if (index <= resumeAfter) {
            // Applied before this start: the node has its effects and says so in lastApplied().
            return ApplyOutcome.applied(index);
        }
        Halt current = halt.get();
        if (current != null) {
            return ApplyOutcome.halted(current);
        }
        StagedEntry staged;
        try {
            staged = StagedEntry.parse(data.toByteArray());
        } catch (IllegalArgumentException e) {
            return halt(index, "the log entry is not a staged entry: " + e.getMessage(), e);
        }
        if (staged.isConditional() && staged.after() != lastApplied) {
            return ApplyOutcome.stale(lastApplied);
        }
        try {
            entries.apply(index, staged.entry());
        } catch (EntryRefusedException e) {
            return halt(index, e.getMessage(), e);
        } catch (RuntimeException e) {
            // Skipping the entry would let this node diverge from the others: stop here instead.
            return halt(index, "applying the entry failed: " + e, e);
        }
        lastApplied = index;
        return ApplyOutcome.applied(index);
    }

    private ApplyOutcome halt(long index, String reason, Exception cause) {
        Halt stop = new Halt(index, reason == null ? cause.getClass().getName() : reason);
        if (halt.compareAndSet(null, stop)) {
            log.error("Node {}: the replicated log {}; no further entries are applied", nodeId, stop, cause);
            onHalt.accept(stop);
        }
        return ApplyOutcome.halted(halt.get());
    }

    /** Why this node stopped applying entries, if it did. */
    Optional<Halt> halted() {
        return Optional.ofNullable(halt.get());
    }

    /** The index of the last entry applied by the node. */
    long lastApplied() {
        return lastApplied;
    }

    /** Completes once this node, as leader of its current term, has applied every earlier entry. */
    CompletableFuture<Void> readiness() {
        return readiness.get();
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        readiness.updateAndGet(ready -> ready.isDone() ? new CompletableFuture<>() : ready);
        onLeadershipChange.run();
    }

    @Override
    public void notifyLeaderReady() {
        readiness.get().complete(null);
        onLeadershipChange.run();
    }

    /**
     * Ratis offers a snapshot when a follower starts (a node that joins empty, once) and when the
     * leader no longer holds the entries a follower needs. This package takes no snapshots and
     * never purges the log, so the leader always has them: answer "no snapshot", and Ratis sends
     * the entries. Should the leader's log ever start after this node's next entry, the node
     * cannot catch up by replay; it halts and says so instead of waiting forever.
     */
    @Override
    public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(
            RoleInfoProto roleInfo, TermIndex firstTermIndexInLog) {
        long needed = lastApplied + 1;
        if (firstTermIndexInLog.getIndex() > needed
                && halt.compareAndSet(
                        null,
                        new Halt(
                                needed,
                                "the leader's log starts at index " + firstTermIndexInLog.getIndex()
                                        + ", after the entry this node"
                                        + " needs next: catching up from a snapshot is not supported"))) {
            log.error("Node {}: the replicated log {}", nodeId, halt.get());
            onHalt.accept(halt.get());
        }
        return CompletableFuture.completedFuture(null);
    }
}
