package ml.consensus.proposal;

import ml.consensus.hashing.Sha256;
import ml.consensus.rules.VoteKind;

/** One validator's vote as it stands on the ledger. */
public record Vote(String validatorId, VoteKind kind, String timestamp, Sha256 recordHash, long blockIndex) {}
