package ml.consensus.rules;

import java.util.Set;

import ml.consensus.policy.ApprovalRule;
import ml.consensus.policy.CountRule;
import ml.consensus.policy.Electorate;
import ml.consensus.policy.PolicyProgress;

/**
 * The approval policy in force: a rule ({@code Count(M)}, {@code Weight(W)} or a Fabric-style
 * expression) over an electorate (who may vote, with what weight). A proposal is approved once
 * its approvers meet the rule, and rejected once its rejecters leave the rule unmeetable even if
 * everyone else approved. Once approved, later rejections do not undo the approval (though, where
 * weights come from stake, a change of stake can).
 *
 * <p>A policy that is configured, declared or governed is made with {@link #of}, which refuses a
 * rule the electorate can never meet. The canonical constructor does not check: the weights a
 * proposal is judged by at one moment ({@link #withStake}) may well be unable to meet it for now.
 */
public record ApprovalPolicy(ApprovalRule rule, Electorate electorate) {

    /**
     * The policy of {@code rule} over {@code electorate}.
     *
     * @throws IllegalArgumentException if the rule can never be met by this electorate
     */
    public static ApprovalPolicy of(ApprovalRule rule, Electorate electorate) {
        rule.checkSatisfiable(electorate);
        return new ApprovalPolicy(rule, electorate);
    }

    /**
     * The policy of {@code rule} over {@code electorate} under {@code stakeRules}: where weight
     * derives from stake, a weight threshold is in stake, which validators may still bond, so the
     * check asks whether the validators could meet it holding the most stake allowed.
     *
     * @throws IllegalArgumentException if the rule can never be met by this electorate
     */
    public static ApprovalPolicy of(ApprovalRule rule, Electorate electorate, StakeRules stakeRules) {
        rule.checkSatisfiable(
                stakeRules.weightFromStake() ? electorate.reweighted(m -> StakeBalances.MAX_BALANCE) : electorate);
        return new ApprovalPolicy(rule, electorate);
    }

    /**
     * The seed's M-of-N with anonymous validators: {@code Count(required)} over {@code validatorCount}.
     *
     * @param required       M, approvals needed
     * @param validatorCount N, validators who may vote
     */
    public ApprovalPolicy(int required, int validatorCount) {
        this(new CountRule(required), Electorate.open(validatorCount));
        rule.checkSatisfiable(electorate);
    }

    /**
     * This policy with each member's weight as the stake rules make it at this point of the chain
     * ({@link StakeBalances#votingWeight}): its stake where weight derives from stake, 0 below the
     * minimum stake to vote. Unchanged where stake counts for nothing or anyone may vote.
     */
    public ApprovalPolicy withStake(StakeBalances balances, StakeRules stakeRules) {
        if (!stakeRules.affectsWeights() || electorate.isOpen()) {
            return this;
        }
        return new ApprovalPolicy(
                rule,
                electorate.reweighted(m -> balances.votingWeight(m.id(), m.publicKeyHex(), m.weight(), stakeRules)));
    }

    /** The fewest approvals that can meet the policy: M for a count (the seed's {@code validators_required}). */
    public int required() {
        return rule.minimumApprovers(electorate);
    }

    /** N: the validators who may vote. */
    public int validatorCount() {
        return electorate.size();
    }

    /** The policy's text, e.g. {@code Count(2)} or {@code OutOf(2,'a','b','c')}. */
    public String text() {
        return rule.text();
    }

    /** True when the rule counts heads only, so counts of votes decide (no need to load who voted). */
    public boolean isCount() {
        return rule instanceof CountRule;
    }

    /** For a count rule only: the state after this many approvals and rejections by members. */
    public ProposalState stateAfter(int approvals, int rejections) {
        if (!(rule instanceof CountRule count)) {
            throw new IllegalStateException("policy " + rule.text() + " needs to know who voted, not how many");
        }
        if (approvals >= count.required()) {
            return ProposalState.APPROVED;
        }
        return electorate.size() - rejections < count.required() ? ProposalState.REJECTED : ProposalState.PROPOSED;
    }

    /** The state a not-yet-applied, open proposal is in after these votes. */
    public ProposalState stateAfter(Set<String> approvers, Set<String> rejecters) {
        if (rule.isMet(approvers, electorate)) {
            return ProposalState.APPROVED;
        }
        return rule.canBeMet(rejecters, electorate) ? ProposalState.PROPOSED : ProposalState.REJECTED;
    }

    public PolicyProgress progress(Set<String> approvers) {
        return rule.progress(approvers, electorate);
    }

    /**
     * The approvals a proposal approved by {@code approvers} needs in all: for an expression, its
     * members' approvals so far plus the fewest further ones that would meet it (the {@code need} of
     * {@link #progress}, which a refused apply also names); for a count or weight policy,
     * {@link #required()}. What answers show as {@code approvals_required}, so that they agree with
     * the proposal's policy progress and the refusal of an early apply.
     */
    public long approvalsRequired(Set<String> approvers) {
        PolicyProgress progress = progress(approvers);
        return "expression".equals(progress.kind()) ? progress.need() : required();
    }
}
