package ml.consensus.consensus;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.Ledger;
import ml.consensus.model.EmbeddingModel;

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

    LedgerAudit(Ledger ledger, GenesisModel genesis, NodeState state, Clock clock, VotingRules rules) {
        this.ledger = ledger;
        this.state = state;
        this.clock = clock;
        this.verification = new LedgerVerification(genesis.copy(), rules, ledger.difficulty());
    }

    /** Verifies the whole chain and replays the model from genesis; the report also becomes the node's state. */
    public AuditReport auditFromGenesis() {
        record Snapshot(List<Block> blocks, Sha256 modelHash) {
        }
        Snapshot snapshot = state.snapshot(() -> new Snapshot(ledger.allBlocks(), state.model().hash()));
        AuditReport report = verification.verify(snapshot.blocks(), snapshot.modelHash(), now());
        state.recordAudit(report);
        report.failure().ifPresentOrElse(
                f -> log.error("ledger verification failed: {}", f.message()),
                () -> log.info("ledger verified: {} blocks, {} records, {} updates replayed",
                        report.chain().blocksChecked(), report.chain().recordsChecked(),
                        report.replay().map(ModelReplay.Outcome::updatesReplayed).orElse(0)));
        return report;
    }

    /** Verifies {@code blocks}, replaying only the updates after {@code afterBlock} onto {@code start}. */
    AuditReport audit(List<Block> blocks, long afterBlock, EmbeddingModel start, String startName,
                      Sha256 liveModelHash) {
        return verification.verify(blocks, afterBlock, start, startName, liveModelHash, now());
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
    }
}
