package ml.consensus.ledger;

/**
 * The indexed copies of a record's body fields, and the key the database keeps unique:
 * a proposal exists once, a validator votes once per proposal (approve or reject), and a
 * proposal is applied once. Two racing writers cannot both commit a breach of these rules.
 */
record RecordKeys(String proposalHash, String validatorId, String uniqueKey) {

    static RecordKeys of(LedgerRecord record) {
        String proposal = record.text("proposal_hash");
        String validator = record.text("validator_id");
        String unique = switch (record.type()) {
            case TRAINING_PROPOSAL -> "proposal:" + proposal;
            case VALIDATOR_APPROVAL, VALIDATOR_REJECTION -> "vote:" + proposal + ":" + validator;
            case MODEL_UPDATE_APPROVED -> "apply:" + proposal;
            case GENESIS -> "genesis";
            case CHECKPOINT_SAVED -> null;
        };
        return new RecordKeys(proposal, validator, unique);
    }
}
