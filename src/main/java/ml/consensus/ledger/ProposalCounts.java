package ml.consensus.ledger;

import java.util.OptionalLong;

/**
 * What the committed ledger holds about one proposal, counted: its approvals, its rejections and
 * the block of its apply, if any.
 */
public record ProposalCounts(int approvals, int rejections, OptionalLong appliedInBlock) {

    /** A proposal with no votes and no apply. */
    public static final ProposalCounts NONE = new ProposalCounts(0, 0, OptionalLong.empty());

    /** These counts with one row of "type, how many, lowest block" added. */
    ProposalCounts with(String type, long count, long firstBlock) {
        RecordType recordType = RecordType.fromWireName(type).orElse(null);
        if (recordType == RecordType.VALIDATOR_APPROVAL) {
            return new ProposalCounts(Math.toIntExact(count), rejections, appliedInBlock);
        }
        if (recordType == RecordType.VALIDATOR_REJECTION) {
            return new ProposalCounts(approvals, Math.toIntExact(count), appliedInBlock);
        }
        if (recordType == RecordType.MODEL_UPDATE_APPROVED) {
            return new ProposalCounts(approvals, rejections, OptionalLong.of(firstBlock));
        }
        return this;
    }
}
