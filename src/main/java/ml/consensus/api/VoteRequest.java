package ml.consensus.api;

/** Body of {@code POST /decentralized/approve-proposal} and {@code /reject-proposal}. */
record VoteRequest(String proposalHash, String validatorId) {
}
