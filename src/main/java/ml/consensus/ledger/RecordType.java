package ml.consensus.ledger;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of record the ledger holds; {@link #wireName()} is the {@code type} field of the body. */
public enum RecordType {
    GENESIS("genesis"),
    TRAINING_PROPOSAL("training_proposal"),
    VALIDATOR_APPROVAL("validator_approval"),
    VALIDATOR_REJECTION("validator_rejection"),
    MODEL_UPDATE_APPROVED("model_update_approved"),
    CHECKPOINT_SAVED("checkpoint_saved"),
    POLICY_DECLARED("policy_declared"),
    PROPOSAL_WITHDRAWN("proposal_withdrawn"),
    GOVERNANCE_PROPOSAL("governance_proposal"),
    GOVERNANCE_APPLIED("governance_applied"),
    STAKE_BONDED("stake_bonded"),
    STAKE_UNBONDED("stake_unbonded"),
    VALIDATOR_SLASHED("validator_slashed"),
    STAKE_RULES_DECLARED("stake_rules_declared");

    private final String wireName;

    RecordType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<RecordType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
