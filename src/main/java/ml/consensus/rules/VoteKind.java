package ml.consensus.rules;

import ml.consensus.ledger.RecordType;

/** A validator's vote on a proposal, and the ledger record type that carries it. */
public enum VoteKind {
    APPROVE("approve", RecordType.VALIDATOR_APPROVAL),
    REJECT("reject", RecordType.VALIDATOR_REJECTION);

    private final String wireName;
    private final RecordType recordType;

    VoteKind(String wireName, RecordType recordType) {
        this.wireName = wireName;
        this.recordType = recordType;
    }

    public String wireName() {
        return wireName;
    }

    public RecordType recordType() {
        return recordType;
    }
}
