package ml.consensus.proposal;

import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

import ml.consensus.hashing.Sha256;
import ml.consensus.rules.ApprovalPolicy;
import ml.consensus.rules.ProposalState;
import ml.consensus.rules.VoteKind;

/**
 * A proposal's state and vote counts, read by index without loading its votes. Who voted
 * ({@code approvers}, {@code rejecters}) is loaded only where the policy in force needs names
 * (weights or an expression); under a count policy both sets are empty.
 *
 * @param judgedBy the policy, weighted as the stake then stood, that gave {@code state}
 */
public record ProposalTally(
        Sha256 proposalHash,
        ProposalState state,
        int approvals,
        int rejections,
        OptionalLong appliedInBlock,
        Set<String> approvers,
        Set<String> rejecters,
        ApprovalPolicy judgedBy) {

    public ProposalTally {
        approvers = Set.copyOf(approvers);
        rejecters = Set.copyOf(rejecters);
    }

    public ProposalTally(
            Sha256 proposalHash,
            ProposalState state,
            int approvals,
            int rejections,
            OptionalLong appliedInBlock,
            ApprovalPolicy judgedBy) {
        this(proposalHash, state, approvals, rejections, appliedInBlock, Set.of(), Set.of(), judgedBy);
    }

    /**
     * This proposal after one more vote by {@code validatorId}, judged by the same policy: a vote
     * changes no stake, so the weights that judged the tally still hold.
     */
    ProposalTally withVote(VoteKind kind, String validatorId) {
        ApprovalPolicy policy = judgedBy;
        int approvalsAfter = approvals + (kind == VoteKind.APPROVE ? 1 : 0);
        int rejectionsAfter = rejections + (kind == VoteKind.REJECT ? 1 : 0);
        if (policy.isCount() && approvers.isEmpty() && rejecters.isEmpty()) {
            return new ProposalTally(
                    proposalHash,
                    policy.stateAfter(approvalsAfter, rejectionsAfter),
                    approvalsAfter,
                    rejectionsAfter,
                    appliedInBlock,
                    policy);
        }
        Set<String> approversAfter = new HashSet<>(approvers);
        Set<String> rejectersAfter = new HashSet<>(rejecters);
        (kind == VoteKind.APPROVE ? approversAfter : rejectersAfter).add(validatorId);
        return new ProposalTally(
                proposalHash,
                policy.stateAfter(approversAfter, rejectersAfter),
                approvalsAfter,
                rejectionsAfter,
                appliedInBlock,
                approversAfter,
                rejectersAfter,
                policy);
    }
}
