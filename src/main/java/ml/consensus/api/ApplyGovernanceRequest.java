package ml.consensus.api;

/** Body of {@code POST /decentralized/apply-governance}: the approved governance proposal, hash or unique prefix. */
record ApplyGovernanceRequest(String proposalHash) {}
