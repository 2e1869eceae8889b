/**
 * Building blocks of private training data (issue 13), pure and not yet wired into the node:
 * salted commitments to a batch's texts ({@link ml.consensus.privacy.TextCommitment}), model
 * deltas with a canonical serialization ({@link ml.consensus.privacy.ModelDelta}), their
 * deterministic combination for federated rounds ({@link ml.consensus.privacy.DeltaCombiner}),
 * and a content-addressed file store for texts and deltas
 * ({@link ml.consensus.privacy.ContentStore}). Formats and rules: docs/privacy.md.
 *
 * <p>Depends only on {@code ml.consensus.hashing}, {@code ml.consensus.model} and the pure
 * {@link ml.consensus.ledger.MerkleTree}: no Spring, no JPA, no consensus code, so that the same
 * classes serve the node, an offline verifier and a peer.
 */
package ml.consensus.privacy;
