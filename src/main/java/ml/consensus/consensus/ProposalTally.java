package ml.consensus.consensus;

import java.util.OptionalLong;

import ml.consensus.hashing.Sha256;

/** A proposal's state and vote counts, read by index without loading its votes. */
public record ProposalTally(Sha256 proposalHash, ProposalState state, int approvals, int rejections,
                            OptionalLong appliedInBlock) {
}
