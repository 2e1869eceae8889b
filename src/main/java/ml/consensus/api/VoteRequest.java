package ml.consensus.api;

/**
 * Body of {@code POST /decentralized/approve-proposal} and {@code /reject-proposal}; signature
 * (128 hex characters, Ed25519) is required when the node has a validator set, refused otherwise.
 */
record VoteRequest(String proposalHash, String validatorId, String signature) {}
