package ml.consensus.replication;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

import ml.consensus.cluster.CommittedEntries;
import ml.consensus.cluster.EntryRefusedException;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.ChainVerification;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.LedgerTime;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.model.Evaluations;
import ml.consensus.rules.ProposalContent;
import ml.consensus.rules.VotingRules;
import ml.consensus.storage.Ledger;
import ml.consensus.storage.ReplicatedLogPosition;
import ml.consensus.verification.AuditReport;
import ml.consensus.verification.NextBlockVerifier;
import ml.consensus.writer.ChainHead;
import ml.consensus.writer.NodeState;
import ml.consensus.writer.VerifiedBlocks;

/**
 * This node's side of the replicated log: every committed entry is a block, which the node
 * decodes, re-checks completely on top of its own ledger ({@link NextBlockVerifier}: link, proof
 * of work, Merkle root, record hashes, consensus rules, signatures, model replay) and stores with
 * the entry's index in one transaction. A block that fails is never stored: the node becomes
 * read-only with the reason (health, status, writes 503) and the log halts at that entry.
 *
 * <p>The log calls {@link #apply} from one thread, in log order; {@link #applied()} may be read
 * from any thread.
 */
@Component
@ConditionalOnExpression("!'${consensus.cluster.node-id:}'.isEmpty()")
class ReplicatedChain implements CommittedEntries {

    private static final Logger log = LoggerFactory.getLogger(ReplicatedChain.class);

    /** How often a node that applies many blocks in a row says how fast it goes. */
    private static final long RATE_LOG_NANOS = 5_000_000_000L;

    /** Blocks in one window that make it catching up rather than following writes as they come. */
    private static final long CATCH_UP_LOG_MINIMUM = 100;

    /** The head this node has taken in and the log entry that carried it (0 for the local genesis). */
    record Applied(ChainHead head, long logIndex) {}

    private final Ledger ledger;
    private final NodeState state;
    private final VerifiedBlocks blocks;
    private final ReplicatedLogPosition position;
    private final VotingRules votingRules;
    private final Evaluations evaluations;
    private final Clock clock;
    private NextBlockVerifier verifier;
    private volatile Applied applied;
    private long windowStart = System.nanoTime();
    private long appliedInWindow;

    ReplicatedChain(
            Ledger ledger,
            NodeState state,
            VerifiedBlocks blocks,
            ReplicatedLogPosition position,
            VotingRules votingRules,
            Evaluations evaluations,
            Clock clock) {
        this.ledger = ledger;
        this.state = state;
        this.blocks = blocks;
        this.position = position;
        this.votingRules = votingRules;
        this.evaluations = evaluations;
        this.clock = clock;
    }

    /** Reads the stored chain and position: call once, after the node's start-up audit, before the log starts. */
    synchronized void load() {
        List<Block> chain = ledger.allBlocks();
        this.verifier = new NextBlockVerifier(chain, votingRules, evaluations, ledger.difficulty());
        this.applied = new Applied(ChainHead.of(chain.get(chain.size() - 1)), position.lastApplied());
        this.windowStart = System.nanoTime();
    }

    @Override
    public long lastApplied() {
        return position.lastApplied();
    }

    /** The head this node serves and the log index it came from, read together. */
    Applied applied() {
        return applied;
    }

    @Override
    public synchronized void apply(long index, byte[] entry) throws EntryRefusedException {
        if (!state.isValid()) {
            // Its own ledger failed verification (at start-up or on /verify): nothing can be checked on it.
            throw new EntryRefusedException("this node's ledger failed verification; it applies no block");
        }
        Block block;
        try {
            block = BlockEntry.decode(entry);
        } catch (IllegalArgumentException e) {
            throw refuse(
                    index,
                    VerificationFailure.ofBlock(
                            applied.head().index() + 1,
                            "log_entry",
                            e.getMessage(),
                            "one block in the ledger export format",
                            "log entry " + index + " is not a block: " + e.getMessage()));
        }
        NextBlockVerifier.Verdict verdict = verifier.check(block, state.model(), this::proposalBefore);
        if (!verdict.accepted()) {
            throw refuse(index, verdict.failure().orElseThrow());
        }
        try {
            blocks.takeIn(block, verdict.modelAfter(), () -> position.advanceTo(index));
        } catch (RuntimeException e) {
            // Not the block's fault, but skipping it would fork this node off: stop applying.
            throw refuse(
                    index,
                    VerificationFailure.ofBlock(
                            block.index(), "store", e.toString(), "stored", "this node could not store the block"));
        }
        applied = new Applied(ChainHead.of(block), index);
        reportRate(block);
    }

    /** The content of a training proposal stored on this node's ledger (an earlier block), or null. */
    private ProposalContent proposalBefore(Sha256 hash) {
        return ledger.proposalRecord(hash)
                .map(stored -> stored.record())
                .map(LedgerRecord::json)
                .map(json -> ProposalContent.fromJson(json.get("proposal")))
                .orElse(null);
    }

    private EntryRefusedException refuse(long index, VerificationFailure failure) {
        String reason = "block " + failure.blockIndex() + " (log entry " + index + ") refused: " + failure.message()
                + " (check " + failure.check() + ")";
        log.error("{}; this node stores no further block", reason);
        state.recordAudit(new AuditReport(
                ChainVerification.invalid(failure.blockIndex(), 0, failure),
                Optional.empty(),
                Optional.empty(),
                "replicated log",
                state.model().hash(),
                LedgerTime.now(clock)));
        return new EntryRefusedException(reason);
    }

    /** While blocks come in fast (catching up: 100 or more in five seconds), say how fast, every five seconds. */
    private void reportRate(Block block) {
        appliedInWindow++;
        long now = System.nanoTime();
        long elapsed = now - windowStart;
        if (elapsed >= RATE_LOG_NANOS) {
            if (appliedInWindow >= CATCH_UP_LOG_MINIMUM) {
                log.info(
                        "applied {} blocks in {} ms ({} blocks/s), now at block {}",
                        appliedInWindow,
                        elapsed / 1_000_000,
                        Math.round(appliedInWindow * 1e9 / elapsed),
                        block.index());
            }
            windowStart = now;
            appliedInWindow = 0;
        }
    }
}
