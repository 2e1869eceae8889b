package ml.consensus.consensus;

/**
 * M-of-N approval: a proposal is approved once {@code required} validators approve it, and
 * rejected once so many have rejected it that the remaining validators can no longer reach
 * {@code required}. Once approved, later rejections do not undo the approval.
 *
 * @param required       M, approvals needed
 * @param validatorCount N, validators who may vote
 */
public record ApprovalPolicy(int required, int validatorCount) {

    public ApprovalPolicy {
        if (required < 1) {
            throw new IllegalArgumentException("at least one approval must be required, got " + required);
        }
        if (validatorCount < required) {
            throw new IllegalArgumentException("quorum " + required + " can never be met by "
                    + validatorCount + " validators");
        }
    }

    public boolean isMet(int approvals) {
        return approvals >= required;
    }

    /** True once the validators who have not rejected are too few to reach the quorum. */
    public boolean isImpossible(int rejections) {
        return validatorCount - rejections < required;
    }

    /** The state a not-yet-applied proposal is in after these votes. */
    public ProposalState stateAfter(int approvals, int rejections) {
        if (isMet(approvals)) {
            return ProposalState.APPROVED;
        }
        return isImpossible(rejections) ? ProposalState.REJECTED : ProposalState.PROPOSED;
    }
}
