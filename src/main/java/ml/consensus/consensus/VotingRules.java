package ml.consensus.consensus;

import java.util.Optional;

import ml.consensus.validator.ValidatorSet;

/**
 * The voting rules a ledger is checked against: the approval policy and, when votes must be
 * signed, the validator set whose public keys sign them. Live and offline verification take the
 * same rules, so they reach the same verdict on the same ledger.
 */
public record VotingRules(ApprovalPolicy policy, Optional<ValidatorSet> validatorSet) {

    /** The seed's open mode: any id votes, unsigned, {@code required} approvals apply. */
    public static VotingRules open(int required) {
        return new VotingRules(new ApprovalPolicy(required, required), Optional.empty());
    }

    /** Signed votes from the members of {@code set}, under the set's own quorum. */
    public static VotingRules signedBy(ValidatorSet set) {
        return new VotingRules(new ApprovalPolicy(set.validatorsRequired(), set.validators().size()),
                Optional.of(set));
    }

    public boolean signaturesRequired() {
        return validatorSet.isPresent();
    }
}
