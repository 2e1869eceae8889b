package ml.consensus.node;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerTime;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.Evaluations;
import ml.consensus.rules.VotingRules;
import ml.consensus.storage.Ledger;
import ml.consensus.storage.LedgerIndexes;
import ml.consensus.verification.AuditReport;
import ml.consensus.verification.LedgerVerification;
import ml.consensus.verification.ModelReplay;
import ml.consensus.writer.HeadAnchor;
import ml.consensus.writer.NodeState;

/**
 * Runs {@link LedgerVerification} on the stored ledger and makes the result the node's state:
 * a node whose ledger fails verification refuses writes until it is repaired.
 */
@Component
public class LedgerAudit {

    private static final Logger log = LoggerFactory.getLogger(LedgerAudit.class);

    private final Ledger ledger;
    private final NodeState state;
    private final Clock clock;
    private final LedgerVerification verification;
    private final HeadAnchor anchor;
    private final LedgerIndexes indexes;

    LedgerAudit(
            Ledger ledger,
            GenesisModel genesis,
            NodeState state,
            Clock clock,
            VotingRules rules,
            HeadAnchor anchor,
            LedgerIndexes indexes,
            Evaluations evaluations) {
        this.anchor = anchor;
        this.indexes = indexes;
        this.ledger = ledger;
        this.state = state;
        this.clock = clock;
        this.verification = new LedgerVerification(genesis.copy(), rules, evaluations, ledger.difficulty());
    }

    /** Verifies the whole chain and replays the model from genesis; the report also becomes the node's state. */
    public AuditReport auditFromGenesis() {
        // Chain, model and head anchor as of the same commit: a block landing mid-audit cannot skew them.
        // The chain is read up to the block the served model has taken in: blocks other nodes on the
        // same database appended since are not in the model yet (the follower takes them in).
        record Snapshot(List<Block> blocks, Sha256 modelHash, String anchorContent) {}
        Snapshot snapshot = state.snapshot(() -> new Snapshot(
                ledger.chainThrough(state.head().index()), state.model().hash(), anchor.read()));
        AuditReport report = anchored(
                snapshot.blocks(),
                snapshot.anchorContent(),
                verification.verify(
                        snapshot.blocks(),
                        snapshot.modelHash(),
                        now(),
                        ProgressLog.start(log, "verifying the ledger")));
        state.recordAudit(report);
        report.failure()
                .ifPresentOrElse(
                        f -> log.error("ledger verification failed: {}", f.message()),
                        () -> log.info(
                                "ledger verified: {} blocks, {} records, {} updates replayed",
                                report.chain().blocksChecked(),
                                report.chain().recordsChecked(),
                                report.replay()
                                        .map(ModelReplay.Outcome::updatesReplayed)
                                        .orElse(0)));
        return report;
    }

    /** Verifies {@code blocks}, replaying only the updates after {@code afterBlock} onto {@code start}. */
    AuditReport audit(
            List<Block> blocks, long afterBlock, EmbeddingModel start, String startName, Sha256 liveModelHash) {
        return anchored(
                blocks,
                anchor.read(),
                verification.verify(
                        blocks,
                        afterBlock,
                        start,
                        startName,
                        liveModelHash,
                        now(),
                        ProgressLog.start(log, "verifying the ledger and replaying from " + startName)));
    }

    /** Verifies a back-up to restore: everything but the head anchor, which belongs to this node's own ledger. */
    AuditReport auditBackup(List<Block> blocks, EmbeddingModel start) {
        return verification.verify(
                blocks, -1, start, "genesis", null, now(), ProgressLog.start(log, "verifying the back-up"));
    }

    /** A valid ledger that lacks the newest block this node committed is still invalid here. */
    private AuditReport anchored(List<Block> blocks, String anchorContent, AuditReport report) {
        if (!report.isValid()) {
            return report;
        }
        // The index columns and record counts are no hash's input: checked against the bodies here.
        return anchor.check(blocks, anchorContent)
                .or(() -> indexes.check(blocks.size() - 1L))
                .map(f -> new AuditReport(
                        report.chain(),
                        Optional.of(f),
                        report.replay(),
                        report.replayedFrom(),
                        report.liveModelHash(),
                        report.checkedAt()))
                .orElse(report);
    }

    private String now() {
        return LedgerTime.now(clock);
    }
}
