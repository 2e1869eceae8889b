package ml.consensus.rules;

import java.util.List;
import java.util.Optional;

import ml.consensus.policy.CountRule;
import ml.consensus.policy.Electorate;
import ml.consensus.validator.ValidatorKey;
import ml.consensus.validator.ValidatorSet;

/**
 * The voting rules a ledger starts from: the approval policy (rule and electorate) and, when
 * votes must be signed, the validator set whose public keys sign them. Records on the ledger
 * ({@code policy_declared}, governance) change the policy and electorate from there on
 * ({@link RulesInForce}). Live and offline verification take the same rules, so they reach the
 * same verdict on the same ledger.
 */
public record VotingRules(ApprovalPolicy policy, Optional<ValidatorSet> validatorSet) {

    /** The seed's open mode: any id votes, unsigned, {@code required} approvals apply. */
    public static VotingRules open(int required) {
        return new VotingRules(new ApprovalPolicy(required, required), Optional.empty());
    }

    /** Unsigned votes from the listed validators (weight 1 each), {@code required} approvals apply. */
    public static VotingRules listed(int required, List<String> ids) {
        Electorate electorate = Electorate.of(
                ids.stream().map(id -> new Electorate.Member(id, 1, null)).toList());
        return new VotingRules(ApprovalPolicy.of(new CountRule(required), electorate), Optional.empty());
    }

    /** Signed votes from the members of {@code set}, with their weights, under the set's own quorum. */
    public static VotingRules signedBy(ValidatorSet set) {
        return new VotingRules(
                ApprovalPolicy.of(new CountRule(set.validatorsRequired()), electorateOf(set)), Optional.of(set));
    }

    /** The members of {@code set} with their weights and public keys. */
    public static Electorate electorateOf(ValidatorSet set) {
        return Electorate.of(set.validators().stream()
                .map((ValidatorKey key) -> new Electorate.Member(key.id(), key.weight(), key.publicKeyHex()))
                .toList());
    }

    public boolean signaturesRequired() {
        return validatorSet.isPresent();
    }
}
