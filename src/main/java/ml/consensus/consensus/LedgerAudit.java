package ml.consensus.consensus;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.ChainVerification;
import ml.consensus.ledger.ChainVerifier;
import ml.consensus.ledger.Ledger;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.model.EmbeddingModel;

/**
 * Checks the stored ledger end to end: every block (via {@link ChainVerifier}), that genesis
 * holds this node's base model, and that replaying every applied update reproduces each
 * recorded model hash and the model the node serves.
 */
@Component
public class LedgerAudit {

    private static final Logger log = LoggerFactory.getLogger(LedgerAudit.class);

    private final Ledger ledger;
    private final GenesisModel genesis;
    private final NodeState state;
    private final Clock clock;
    private final ChainVerifier verifier;
    private final ModelReplay replay = new ModelReplay();

    LedgerAudit(Ledger ledger, GenesisModel genesis, NodeState state, Clock clock) {
        this.ledger = ledger;
        this.genesis = genesis;
        this.state = state;
        this.clock = clock;
        this.verifier = new ChainVerifier(ledger.difficulty());
    }

    /** Verifies the whole chain and replays the model from genesis; the report also becomes the node's state. */
    public AuditReport auditFromGenesis() {
        List<Block> blocks = ledger.allBlocks();
        AuditReport report = audit(blocks, -1, genesis.copy(), "genesis", state.model().hash());
        state.recordAudit(report);
        report.failure().ifPresentOrElse(
                f -> log.error("ledger verification failed: {}", f.message()),
                () -> log.info("ledger verified: {} blocks, {} records", report.chain().blocksChecked(),
                        report.chain().recordsChecked()));
        return report;
    }

    /**
     * Verifies {@code blocks} and replays the updates after {@code afterBlock} onto {@code start}.
     * {@code liveModelHash} may be null when there is no served model to compare yet.
     */
    AuditReport audit(List<Block> blocks, long afterBlock, EmbeddingModel start, String startName,
                      Sha256 liveModelHash) {
        String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
        ChainVerification chain = verifier.verify(blocks);
        if (!chain.isValid()) {
            return new AuditReport(chain, Optional.empty(), startName, liveModelHash, now);
        }
        Optional<VerificationFailure> genesisFailure = checkGenesis(blocks.get(0));
        if (genesisFailure.isPresent()) {
            return new AuditReport(ChainVerification.invalid(1, 0, genesisFailure.get()), Optional.empty(),
                    startName, liveModelHash, now);
        }
        ModelReplay.Outcome outcome = replay.replay(blocks, afterBlock, start);
        return new AuditReport(chain, Optional.of(outcome), startName, liveModelHash, now);
    }

    private Optional<VerificationFailure> checkGenesis(Block block) {
        LedgerRecord expected = genesis.genesisRecord();
        List<LedgerRecord> records = block.records();
        if (records.size() != 1 || records.get(0).type() != RecordType.GENESIS) {
            return Optional.of(VerificationFailure.ofBlock(0, "genesis", records.size() + " records",
                    "one genesis record", "the genesis block must hold exactly one genesis record"));
        }
        if (!records.get(0).recordHash().equals(expected.recordHash())) {
            return Optional.of(VerificationFailure.ofRecord(0, 0, "genesis_model", records.get(0).body(),
                    expected.body(), "the genesis record names a different base model than this node's"));
        }
        return Optional.empty();
    }
}
