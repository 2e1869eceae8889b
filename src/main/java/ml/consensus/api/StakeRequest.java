package ml.consensus.api;

/**
 * Body of {@code POST /stake/bond} and {@code /stake/unbond}: the validator, a whole amount, the
 * validator's next stake sequence, and its Ed25519 signature (128 hex characters) over
 * {@code consensus-ml/stake/v1:<bond|unbond>:<validator_id>:<amount>:<sequence>}.
 */
record StakeRequest(String validatorId, Long amount, Long sequence, String signature) {}
