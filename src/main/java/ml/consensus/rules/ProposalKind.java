package ml.consensus.rules;

import java.util.Arrays;
import java.util.Optional;

import ml.consensus.ledger.RecordType;

/**
 * The two kinds of proposal: a training batch and a governance change. {@link #wireName()} is the
 * {@code kind} a proposal's view shows and the list's {@code kind} filter takes.
 */
public enum ProposalKind {
    TRAINING("training", RecordType.TRAINING_PROPOSAL),
    GOVERNANCE("governance", RecordType.GOVERNANCE_PROPOSAL);

    private final String wireName;
    private final RecordType recordType;

    ProposalKind(String wireName, RecordType recordType) {
        this.wireName = wireName;
        this.recordType = recordType;
    }

    public String wireName() {
        return wireName;
    }

    /** The record that makes a proposal of this kind. */
    public RecordType recordType() {
        return recordType;
    }

    public static Optional<ProposalKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }
}
