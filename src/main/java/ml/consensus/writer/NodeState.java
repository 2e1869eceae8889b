package ml.consensus.writer;

import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import ml.consensus.model.EmbeddingModel;
import ml.consensus.refusal.Refusal;
import ml.consensus.verification.AuditReport;

/**
 * What this node serves right now: the model (replaced only after the ledger write that
 * justifies it has committed), the newest block that model has taken in, and the latest audit
 * of the ledger. A node whose last audit
 * failed refuses writes until it is repaired.
 */
@Component
public class NodeState {

    private volatile EmbeddingModel model;
    private volatile ChainHead head;
    private volatile AuditReport lastAudit;
    /** Held for writing while a block commits and the model follows it; for reading by snapshots. */
    private final ReadWriteLock commitLock = new ReentrantReadWriteLock();

    /** Runs a commit and the model swap that goes with it, so no snapshot sees one without the other. */
    <T> T commit(Supplier<T> commitAndSwap) {
        commitLock.writeLock().lock();
        try {
            return commitAndSwap.get();
        } finally {
            commitLock.writeLock().unlock();
        }
    }

    /** Reads the ledger and the model as of the same commit. */
    public <T> T snapshot(Supplier<T> read) {
        commitLock.readLock().lock();
        try {
            return read.get();
        } finally {
            commitLock.readLock().unlock();
        }
    }

    /** The served model. Never mutated: training works on a copy that then replaces it. */
    public EmbeddingModel model() {
        EmbeddingModel current = model;
        if (current == null) {
            throw new IllegalStateException("the model is not loaded yet");
        }
        return current;
    }

    /**
     * The newest block taken into the served model: what this node's next block must follow.
     * Other nodes on the same database may have appended beyond it; the follower catches up.
     */
    public ChainHead head() {
        ChainHead current = head;
        if (current == null) {
            throw new IllegalStateException("the ledger is not loaded yet");
        }
        return current;
    }

    /** Serves {@code next} as the model the chain up to {@code through} produces. */
    public void serve(EmbeddingModel next, ChainHead through) {
        this.model = Objects.requireNonNull(next);
        this.head = Objects.requireNonNull(through);
    }

    public AuditReport lastAudit() {
        return lastAudit;
    }

    public void recordAudit(AuditReport report) {
        this.lastAudit = report;
    }

    /** True while the last audit found the ledger and the model consistent. */
    public boolean isValid() {
        AuditReport report = lastAudit;
        return report != null && report.isValid();
    }

    /** Throws a 503 {@link Refusal} while the ledger is known to be invalid. */
    public void checkWritable() {
        AuditReport report = lastAudit;
        if (report == null) {
            throw Refusal.readOnly("the node is still starting");
        }
        report.failure().ifPresent(f -> {
            throw Refusal.readOnly("the node is read-only because its ledger failed verification: " + f.message()
                    + " (check " + f.check() + ")");
        });
    }
}
