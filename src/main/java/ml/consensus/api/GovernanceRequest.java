package ml.consensus.api;

/**
 * Body of {@code POST /decentralized/propose-governance}: {@code action} is {@code add_validator}
 * (validator_id, public_key where votes are signed, weight default 1), {@code remove_validator}
 * (validator_id), {@code set_weight} (validator_id, weight), {@code set_policy} (policy) or
 * {@code set_stake_rules} (minimum_to_vote, weight_from_stake, slash_fraction, slash_tolerance, each
 * defaulting to off as the {@code consensus.stake.*} settings do); proposer_key (optional) is the
 * Ed25519 key that may withdraw it.
 */
record GovernanceRequest(
        String action,
        String validatorId,
        String publicKey,
        Integer weight,
        String policy,
        Long minimumToVote,
        Boolean weightFromStake,
        java.math.BigDecimal slashFraction,
        Double slashTolerance,
        String proposerKey) {

    /** True when any of the stake rule fields is given. */
    boolean hasStakeRuleFields() {
        return minimumToVote != null || weightFromStake != null || slashFraction != null || slashTolerance != null;
    }
}
