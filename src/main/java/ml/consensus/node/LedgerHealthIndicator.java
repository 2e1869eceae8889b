package ml.consensus.node;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import ml.consensus.ledger.VerificationFailure;
import ml.consensus.storage.Ledger;
import ml.consensus.verification.AuditReport;
import ml.consensus.writer.LedgerWriter;
import ml.consensus.writer.NodeState;

/**
 * The ledger's part of {@code /actuator/health}: DOWN when the ledger writer has stopped (writes
 * are refused until a restart); otherwise UP while the last verification passed, and
 * OUT_OF_SERVICE (the node is read-only) with the first failure while it did not. Details: whether
 * the chain is valid, whether the node is read-only, the index of the newest block, and the model.
 */
@Component("ledgerHealthIndicator")
class LedgerHealthIndicator implements HealthIndicator {

    private final NodeState state;
    private final Ledger ledger;

    private final LedgerWriter writer;

    LedgerHealthIndicator(NodeState state, Ledger ledger, LedgerWriter writer) {
        this.writer = writer;
        this.state = state;
        this.ledger = ledger;
    }

    @Override
    public Health health() {
        AuditReport audit = state.lastAudit();
        if (audit == null) {
            return Health.outOfService()
                    .withDetail("reason", "the node is still starting")
                    .build();
        }
        java.util.Optional<String> writerFailure = writer.failure();
        if (writerFailure.isPresent()) {
            // Writes would be refused until a restart: the node is down, whatever its ledger says.
            return Health.down()
                    .withDetail("reason", writerFailure.get())
                    .withDetail("writer", "stopped")
                    .withDetail("valid", audit.isValid())
                    .withDetail("head_index", ledger.chainLength() - 1)
                    .build();
        }
        Health.Builder health = audit.isValid() ? Health.up() : Health.outOfService();
        health.withDetail("valid", audit.isValid())
                .withDetail("read_only", !audit.isValid())
                .withDetail("head_index", ledger.chainLength() - 1)
                .withDetail("blocks_checked", audit.chain().blocksChecked())
                .withDetail("checked_at", audit.checkedAt())
                .withDetail("model_hash", state.model().hash().hex());
        audit.failure().map(VerificationFailure::message).ifPresent(reason -> health.withDetail("reason", reason));
        return health.build();
    }
}
