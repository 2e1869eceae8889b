package ml.consensus.node;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.proposal.ProposalBook;
import ml.consensus.proposal.ValidatorRegistry;
import ml.consensus.storage.Ledger;
import ml.consensus.verification.AuditReport;
import ml.consensus.writer.LiveRules;
import ml.consensus.writer.NodeState;

/** Reads the node's status from indexed counts and the last audit; no full-chain scan. */
@Component
public class NodeStatusReader {

    private final Ledger ledger;
    private final NodeState state;
    private final LiveRules rules;
    private final ValidatorRegistry validators;
    private final ProposalBook book;

    NodeStatusReader(Ledger ledger, NodeState state, LiveRules rules, ValidatorRegistry validators, ProposalBook book) {
        this.ledger = ledger;
        this.state = state;
        this.rules = rules;
        this.validators = validators;
        this.book = book;
    }

    @Transactional(readOnly = true)
    public NodeStatus status() {
        Block head = ledger.head();
        AuditReport audit = state.lastAudit();
        return new NodeStatus(
                head.index() + 1,
                ledger.totalRecords(),
                head.hash().hex(),
                ledger.difficulty(),
                state.isValid(),
                audit == null ? null : audit.checkedAt(),
                audit == null ? 0 : audit.chain().blocksChecked(),
                audit == null
                        ? "not verified yet"
                        : audit.failure().map(VerificationFailure::message).orElse(null),
                state.model(),
                ledger.countRecords(RecordType.TRAINING_PROPOSAL),
                ledger.countRecords(RecordType.VALIDATOR_APPROVAL),
                ledger.countRecords(RecordType.VALIDATOR_REJECTION),
                ledger.countRecords(RecordType.MODEL_UPDATE_APPROVED),
                ledger.countRecords(RecordType.CHECKPOINT_SAVED),
                book.judging(),
                validators.isOpen(),
                validators.signaturesRequired(),
                rules.declaredInBlock(),
                rules.binding().ledgerId().map(Sha256::hex).orElse(null));
    }
}
