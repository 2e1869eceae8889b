package ml.consensus.api;

/**
 * Body of {@code POST /decentralized/propose-governance}: {@code action} is {@code add_validator}
 * (validator_id, public_key where votes are signed, weight default 1), {@code remove_validator}
 * (validator_id), {@code set_weight} (validator_id, weight) or {@code set_policy} (policy);
 * proposer_key (optional) is the Ed25519 key that may withdraw it.
 */
record GovernanceRequest(String action, String validatorId, String publicKey, Integer weight, String policy,
                         String proposerKey) {
}
