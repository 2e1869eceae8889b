package ml.consensus.storage;

import java.util.OptionalLong;

import ml.consensus.ledger.RecordType;

/**
 * What the committed ledger holds about one proposal, counted: its approvals, its rejections,
 * its withdrawals and the block of its apply (training or governance), if any.
 */
public record ProposalCounts(int approvals, int rejections, int withdrawals, OptionalLong appliedInBlock) {

    /** A proposal with no votes, no withdrawal and no apply. */
    public static final ProposalCounts NONE = new ProposalCounts(0, 0, 0, OptionalLong.empty());

    /** These counts with one row of "type, how many, lowest block" added. */
    ProposalCounts with(String type, long count, long firstBlock) {
        RecordType recordType = RecordType.fromWireName(type).orElse(null);
        if (recordType == null) {
            return this;
        }
        int n = Math.toIntExact(count);
        return switch (recordType) {
            case VALIDATOR_APPROVAL -> new ProposalCounts(n, rejections, withdrawals, appliedInBlock);
            case VALIDATOR_REJECTION -> new ProposalCounts(approvals, n, withdrawals, appliedInBlock);
            case PROPOSAL_WITHDRAWN -> new ProposalCounts(approvals, rejections, n, appliedInBlock);
            case MODEL_UPDATE_APPROVED, GOVERNANCE_APPLIED ->
                new ProposalCounts(approvals, rejections, withdrawals, OptionalLong.of(firstBlock));
            default -> this;
        };
    }
}
