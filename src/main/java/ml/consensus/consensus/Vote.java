package ml.consensus.consensus;

import ml.consensus.hashing.Sha256;

/** One validator's vote as it stands on the ledger. */
public record Vote(String validatorId, VoteKind kind, String timestamp, Sha256 recordHash, long blockIndex) {
}
