package ml.consensus.writer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.MinedBlock;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.refusal.Refusal;
import ml.consensus.rules.RuleBreach;
import ml.consensus.storage.Ledger;

/**
 * Group commit for the ledger. Writers queue their write and wait; one thread takes everything
 * queued, checks each write in arrival order against the ledger plus the writes accepted before
 * it in the batch, and commits all accepted records in one mined block, in one transaction.
 * Every record of an accepted write has passed the consensus rules replay applies
 * ({@link BlockAssembly}), on the committed state plus the writes accepted before it.
 * Writes that arrive while a block is being mined therefore share the next block instead of each
 * waiting for a block of its own. A refused write writes nothing; if the commit fails, every write
 * of the batch fails and nothing of it is kept, model included.
 *
 * <p>Each committed block is announced as a {@link BlockWritten} event before its writers are
 * answered, so logs and metrics have it by the time a client sees the answer.
 *
 * <p>How a checked batch becomes a block is the {@link BlockCommitter}'s: in this node's own
 * database, or through a cluster's replicated log. When another block took the place first
 * ({@link ChainMovedException}: another node on a shared database, or an entry ahead in the log),
 * the writer catches up, checks the whole batch again on the new head and mines anew. While no
 * write is waiting, the same thread lets the committer catch up, so the served model keeps up.
 */
@Component
public class LedgerWriter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LedgerWriter.class);

    /** Most writes one block takes; the rest wait for the next. */
    static final int MAX_WRITES_PER_BLOCK = 512;

    /** What a write sees while it is checked: the records pending before it and the model they lead to. */
    public interface BatchView {
        PendingRecords pending();

        EmbeddingModel model();

        long blockIndex();
    }

    /** The checks and records of one write; throws a Refusal to turn the write down. */
    public interface Write<T> {
        Staged<T> stage(BatchView view);
    }

    /**
     * An accepted write: its records, the model it leaves (null when it does not change the
     * model), and how to answer once the block has committed.
     */
    public record Staged<T>(List<LedgerRecord> records, EmbeddingModel modelAfter, Function<Block, T> answer) {}

    private record Queued<T>(Write<T> write, CompletableFuture<T> answer) {}

    private record Accepted<T>(Queued<T> queued, Staged<T> staged) {
        void answer(Block block) {
            try {
                queued.answer().complete(staged.answer().apply(block));
            } catch (RuntimeException e) {
                queued.answer().completeExceptionally(e);
            }
        }
    }

    /**
     * The writes of one batch checked against one head: those accepted, in order, with the
     * records and model they lead to, and those refused with their refusal. Nobody is answered
     * until the round is known to stand (its block committed, or the head did not move).
     */
    private static final class Round {
        private final List<Accepted<?>> accepted = new ArrayList<>();
        private final List<Map.Entry<Queued<?>, RuntimeException>> refused = new ArrayList<>();
        private final PendingRecords pending;
        private final BlockAssembly assembly;
        private EmbeddingModel tip;

        Round(ChainHead head, EmbeddingModel model, LiveRules rules) {
            this.pending = new PendingRecords(head.nextIndex());
            this.assembly = new BlockAssembly(rules, head.nextIndex());
            this.tip = model;
        }

        void answerRefusals() {
            refused.forEach(r -> r.getKey().answer().completeExceptionally(r.getValue()));
        }

        void answer(Block block) {
            answerRefusals();
            accepted.forEach(a -> a.answer(block));
        }

        void failAccepted(RuntimeException failure) {
            answerRefusals();
            accepted.forEach(a -> a.queued().answer().completeExceptionally(failure));
        }
    }

    /** How long the worker waits for a write before it looks for blocks other nodes appended. */
    static final long FOLLOW_INTERVAL_MILLIS = 200;

    private final BlockingQueue<Queued<?>> queue = new LinkedBlockingQueue<>();
    private final Ledger ledger;
    private final NodeState state;
    private final TransactionTemplate readOnlyTransaction;
    private final BlockCommitter committer;
    private final LiveRules rules;
    private final ApplicationEventPublisher events;
    private final Thread worker;
    // Set by the worker only; read by writers and health checks.
    private volatile Throwable fatal;
    private volatile boolean stopping;
    // The batch the worker is processing, so that an Error can still answer it.
    private volatile List<Queued<?>> inProgress;

    LedgerWriter(
            Ledger ledger,
            NodeState state,
            TransactionTemplate transaction,
            BlockCommitter committer,
            LiveRules rules,
            ApplicationEventPublisher events) {
        this.rules = rules;
        this.events = events;
        this.ledger = ledger;
        this.state = state;
        this.readOnlyTransaction = new TransactionTemplate(transaction.getTransactionManager());
        this.readOnlyTransaction.setReadOnly(true);
        this.committer = committer;
        this.worker = new Thread(this::run, "block-batcher");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** How often a waiting writer checks that the worker thread is still there. */
    static final long LIVENESS_CHECK_MILLIS = 500;

    /**
     * Queues a write and waits for its block; rethrows its refusal or the commit's failure. Never
     * waits on a dead worker: once the worker has failed ({@link #failure()}), or its thread is
     * gone for any reason, every write is refused at once with a 503 {@link Refusal}.
     */
    public <T> T submit(Write<T> write) {
        refuseIfDown();
        CompletableFuture<T> answer = new CompletableFuture<>();
        queue.add(new Queued<>(write, answer));
        try {
            while (true) {
                try {
                    return answer.get(LIVENESS_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillWaiting) {
                    if (!worker.isAlive()) {
                        // Died without answering (or was never told of this write): answer it here.
                        answer.completeExceptionally(writerDown());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the ledger", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Why the worker thread stopped, if it did: the Error that ended it (an OutOfMemoryError, a
     * StackOverflowError...), or that its thread is no longer alive. Empty while it works.
     */
    public java.util.Optional<String> failure() {
        Throwable fatal = this.fatal;
        if (fatal != null) {
            return java.util.Optional.of("the ledger writer stopped after "
                    + fatal.getClass().getSimpleName() + (fatal.getMessage() == null ? "" : ": " + fatal.getMessage()));
        }
        if (!worker.isAlive() && !stopping) {
            return java.util.Optional.of("the ledger writer thread is not running");
        }
        return java.util.Optional.empty();
    }

    private void refuseIfDown() {
        if (failure().isPresent()) {
            throw writerDown();
        }
    }

    private Refusal writerDown() {
        return Refusal.readOnly(failure().orElse("the ledger writer is not running")
                + "; nothing was written. Restart the node: its ledger and model are as they were after the"
                + " last committed block");
    }

    /**
     * The worker. A RuntimeException fails its batch and the worker goes on; an Error (out of
     * memory, stack overflow) leaves the half-done batch's state unknown, so the worker answers
     * every waiting write with a 503 and stops, and health goes DOWN (the node needs a restart).
     */
    private void run() {
        try {
            work();
        } catch (Error fatal) {
            this.fatal = fatal;
            log.error("the ledger writer stopped; writes are refused until the node is restarted", fatal);
            List<Queued<?>> waiting = new ArrayList<>();
            if (inProgress != null) {
                waiting.addAll(inProgress);
            }
            queue.drainTo(waiting);
            RuntimeException down = writerDown();
            waiting.forEach(q -> q.answer().completeExceptionally(down));
        }
    }

    private void work() {
        while (!Thread.currentThread().isInterrupted()) {
            Queued<?> first;
            try {
                first = queue.poll(FOLLOW_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                followQuietly();
                continue;
            }
            List<Queued<?>> batch = new ArrayList<>();
            batch.add(first);
            queue.drainTo(batch, MAX_WRITES_PER_BLOCK - 1);
            inProgress = batch;
            try {
                process(batch);
            } catch (RuntimeException e) {
                log.error("a batch of {} writes failed", batch.size(), e);
                batch.forEach(q -> q.answer().completeExceptionally(e));
            }
            inProgress = null;
        }
    }

    /** Idle: take in what other nodes appended, so reads of the model follow the ledger. */
    private void followQuietly() {
        try {
            committer.catchUp();
        } catch (RuntimeException e) {
            log.warn("cannot follow the ledger: {}", e.toString());
        }
    }

    /**
     * Checks the batch against the head this node has followed to, and appends one block on it.
     * When another node appended first, catches up and does it all again: every write is checked
     * anew against the new head, so a write the other node's block made impossible (a second vote,
     * a second apply) is refused as it would have been on one node.
     */
    private void process(List<Queued<?>> batch) {
        for (int attempt = 1; ; attempt++) {
            committer.catchUp();
            try {
                state.checkWritable();
            } catch (RuntimeException refused) {
                batch.forEach(q -> q.answer().completeExceptionally(refused));
                return;
            }
            ChainHead head = state.head();
            Round round = stage(batch, head);
            if (round.accepted.isEmpty()) {
                // Every write refused; the refusals stand unless a block landed while they were checked.
                if (ledger.chainLength() <= head.nextIndex()) {
                    round.answerRefusals();
                    return;
                }
            } else {
                try {
                    MinedBlock mined = committer.commit(head, round.pending.records(), round.tip);
                    announce(new BlockWritten(mined, round.accepted.size()));
                    round.answer(mined.block());
                    return;
                } catch (ChainMovedException moved) {
                    log.info(
                            "block {} went to another node (head now {}); checking {} writes again on the new"
                                    + " head (attempt {})",
                            head.nextIndex(),
                            moved.headNow(),
                            batch.size(),
                            attempt + 1);
                } catch (RuntimeException e) {
                    log.warn(
                            "block {} with {} writes did not commit: {}",
                            head.nextIndex(),
                            round.accepted.size(),
                            e.toString());
                    round.failAccepted(e);
                    return;
                }
            }
            if (!AppendArbitration.mayRetry(attempt)) {
                RuntimeException busy = Refusal.busy("other nodes kept appending first (" + attempt
                        + " attempts); nothing was written, send the request again");
                batch.forEach(q -> q.answer().completeExceptionally(busy));
                return;
            }
        }
    }

    private Round stage(List<Queued<?>> batch, ChainHead head) {
        Round round = new Round(head, state.model(), rules);
        BatchView view = new BatchView() {
            @Override
            public PendingRecords pending() {
                return round.pending;
            }

            @Override
            public EmbeddingModel model() {
                return round.tip;
            }

            @Override
            public long blockIndex() {
                return head.nextIndex();
            }
        };
        // One read-only transaction for all the checks of the batch: the look-ups share one
        // session and connection instead of opening one each. It never writes, so it rolls back.
        readOnlyTransaction.executeWithoutResult(status -> {
            for (Queued<?> queued : batch) {
                try {
                    Accepted<?> accepted = accept(queued, view);
                    // The service's checks answered the common refusals in its own words; the rules
                    // replay applies have the last word on every record.
                    Optional<RuleBreach> breach =
                            round.assembly.admit(accepted.staged().records());
                    if (breach.isPresent()) {
                        throw breach.get().refusal();
                    }
                    round.pending.addAll(accepted.staged().records());
                    if (accepted.staged().modelAfter() != null) {
                        round.tip = accepted.staged().modelAfter();
                    }
                    round.accepted.add(accepted);
                } catch (RuntimeException refused) {
                    round.refused.add(Map.entry(queued, refused));
                }
            }
            status.setRollbackOnly();
        });
        return round;
    }

    private static <T> Accepted<T> accept(Queued<T> queued, BatchView view) {
        return new Accepted<>(queued, queued.write().stage(view));
    }

    /** The block is committed whatever a listener does: a failing listener is logged, never the writers' failure. */
    private void announce(BlockWritten written) {
        try {
            events.publishEvent(written);
        } catch (RuntimeException e) {
            log.warn("a listener failed on block {}: {}", written.block().index(), e.toString());
        }
    }

    @Override
    public void destroy() {
        stopping = true;
        worker.interrupt();
    }
}
