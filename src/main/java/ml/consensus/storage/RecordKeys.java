package ml.consensus.storage;

import tools.jackson.databind.JsonNode;

import ml.consensus.ledger.LedgerRecord;

/**
 * The indexed copies of a record's body fields, and the key the database keeps unique:
 * a proposal exists once, a validator votes once per proposal (approve or reject), and a
 * proposal is applied once. Two racing writers cannot both commit a breach of these rules.
 */
record RecordKeys(String proposalHash, String validatorId, String uniqueKey) {

    static RecordKeys of(LedgerRecord record) {
        // Parsed once: this runs for every record written.
        JsonNode body = record.json();
        String proposal = LedgerRecord.text(body, "proposal_hash");
        String validator = LedgerRecord.text(body, "validator_id");
        String unique = switch (record.type()) {
            // Training and governance proposals share one hash space: one proposal, one apply per hash.
            case TRAINING_PROPOSAL, GOVERNANCE_PROPOSAL -> proposalKey(proposal);
            case VALIDATOR_APPROVAL, VALIDATOR_REJECTION -> voteKey(proposal, validator);
            case MODEL_UPDATE_APPROVED, GOVERNANCE_APPLIED -> applyKey(proposal);
            case GENESIS -> "genesis";
            case CHECKPOINT_SAVED -> null;
            // A ledger declares its approval policy at most once; later changes are governance.
            case POLICY_DECLARED -> "policy_declared";
            // Likewise the stake rules.
            case STAKE_RULES_DECLARED -> "stake_rules_declared";
            case PROPOSAL_WITHDRAWN -> "withdraw:" + proposal;
            // One signed change per validator and sequence: a replayed signature cannot commit twice.
            case STAKE_BONDED, STAKE_UNBONDED -> "stake:" + validator + ":" + LedgerRecord.text(body, "sequence");
            case VALIDATOR_SLASHED -> "slash:" + proposal + ":" + validator;
        };
        return new RecordKeys(proposal, validator, unique);
    }

    static String proposalKey(String proposalHash) {
        return "proposal:" + proposalHash;
    }

    static String voteKey(String proposalHash, String validatorId) {
        return "vote:" + proposalHash + ":" + validatorId;
    }

    static String applyKey(String proposalHash) {
        return "apply:" + proposalHash;
    }
}
