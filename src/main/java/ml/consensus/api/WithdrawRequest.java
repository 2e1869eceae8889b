package ml.consensus.api;

/**
 * Body of {@code POST /decentralized/withdraw-proposal}: the proposal (full hash or unique prefix)
 * and the proposer's Ed25519 signature (128 hex) over {@code consensus-ml/withdraw/v1:<full hash>}.
 */
record WithdrawRequest(String proposalHash, String signature) {}
