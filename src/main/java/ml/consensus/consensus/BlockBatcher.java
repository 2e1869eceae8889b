package ml.consensus.consensus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import ml.consensus.ledger.Block;
import ml.consensus.ledger.Ledger;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.MinedBlock;
import ml.consensus.model.EmbeddingModel;

/**
 * Group commit for the ledger. Writers queue their write and wait; one thread takes everything
 * queued, checks each write in arrival order against the ledger plus the writes accepted before
 * it in the batch, and commits all accepted records in one mined block, in one transaction.
 * Writes that arrive while a block is being mined therefore share the next block instead of each
 * waiting for a block of its own. A refused write is answered at once and writes nothing; if the
 * commit fails, every write of the batch fails and nothing of it is kept, model included.
 * Each committed block is announced as a {@link BlockWritten} event before its writers are
 * answered, so logs and metrics have it by the time a client sees the answer.
 */
@Component
class BlockBatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BlockBatcher.class);

    /** Most writes one block takes; the rest wait for the next. */
    static final int MAX_WRITES_PER_BLOCK = 512;

    /** What a write sees while it is checked: the records pending before it and the model they lead to. */
    interface BatchView {
        PendingRecords pending();

        EmbeddingModel model();

        long blockIndex();
    }

    /** The checks and records of one write; throws a Refusal to turn the write down. */
    interface Write<T> {
        Staged<T> stage(BatchView view);
    }

    /**
     * An accepted write: its records, the model it leaves (null when it does not change the
     * model), and how to answer once the block has committed.
     */
    record Staged<T>(List<LedgerRecord> records, EmbeddingModel modelAfter, Function<Block, T> answer) {
    }

    private record Queued<T>(Write<T> write, CompletableFuture<T> answer) {
    }

    private record Accepted<T>(Queued<T> queued, Staged<T> staged) {
        void answer(Block block) {
            try {
                queued.answer().complete(staged.answer().apply(block));
            } catch (RuntimeException e) {
                queued.answer().completeExceptionally(e);
            }
        }
    }

    private final BlockingQueue<Queued<?>> queue = new LinkedBlockingQueue<>();
    private final Ledger ledger;
    private final NodeState state;
    private final TransactionTemplate transaction;
    private final HeadAnchor anchor;
    private final ApplicationEventPublisher events;
    private final Thread worker;

    BlockBatcher(Ledger ledger, NodeState state, TransactionTemplate transaction, HeadAnchor anchor,
                 ApplicationEventPublisher events) {
        this.anchor = anchor;
        this.events = events;
        this.ledger = ledger;
        this.state = state;
        this.transaction = transaction;
        this.worker = new Thread(this::run, "block-batcher");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues a write and waits for its block; rethrows its refusal or the commit's failure. */
    <T> T submit(Write<T> write) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        queue.add(new Queued<>(write, answer));
        try {
            return answer.get();
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

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            List<Queued<?>> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_WRITES_PER_BLOCK - 1);
            try {
                process(batch);
            } catch (RuntimeException e) {
                log.error("a batch of {} writes failed", batch.size(), e);
                batch.forEach(q -> q.answer().completeExceptionally(e));
            }
        }
    }

    private void process(List<Queued<?>> batch) {
        try {
            state.checkWritable();
        } catch (RuntimeException refused) {
            batch.forEach(q -> q.answer().completeExceptionally(refused));
            return;
        }
        long blockIndex = ledger.chainLength();
        PendingRecords pending = new PendingRecords(blockIndex);
        EmbeddingModel[] tip = {state.model()};
        BatchView view = new BatchView() {
            public PendingRecords pending() {
                return pending;
            }

            public EmbeddingModel model() {
                return tip[0];
            }

            public long blockIndex() {
                return blockIndex;
            }
        };
        List<Accepted<?>> accepted = new ArrayList<>();
        for (Queued<?> queued : batch) {
            stage(queued, view).ifPresent(staged -> {
                pending.addAll(staged.staged().records());
                if (staged.staged().modelAfter() != null) {
                    tip[0] = staged.staged().modelAfter();
                }
                accepted.add(staged);
            });
        }
        if (accepted.isEmpty()) {
            return;
        }
        MinedBlock mined;
        try {
            mined = state.commit(() -> {
                MinedBlock committed = transaction.execute(tx -> ledger.append(pending.records()));
                state.replaceModel(tip[0]);
                anchor.record(committed.block());
                return committed;
            });
        } catch (RuntimeException e) {
            log.warn("block {} with {} writes did not commit: {}", blockIndex, accepted.size(), e.toString());
            accepted.forEach(a -> a.queued().answer().completeExceptionally(e));
            return;
        }
        announce(new BlockWritten(mined, accepted.size()));
        Block block = mined.block();
        accepted.forEach(a -> a.answer(block));
    }

    /** The block is committed whatever a listener does: a failing listener is logged, never the writers' failure. */
    private void announce(BlockWritten written) {
        try {
            events.publishEvent(written);
        } catch (RuntimeException e) {
            log.warn("a listener failed on block {}: {}", written.block().index(), e.toString());
        }
    }

    private static <T> java.util.Optional<Accepted<T>> stage(Queued<T> queued, BatchView view) {
        try {
            return java.util.Optional.of(new Accepted<>(queued, queued.write().stage(view)));
        } catch (RuntimeException refused) {
            queued.answer().completeExceptionally(refused);
            return java.util.Optional.empty();
        }
    }

    @Override
    public void destroy() {
        worker.interrupt();
    }
}
