package ml.consensus.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.MerkleProofException;
import ml.consensus.ledger.MerkleTree;

/**
 * Checks an inclusion proof as {@code GET /records/{hash}/proof} gives it against a chain
 * already verified: the proof's root must be that block's Merkle root, its leaf the RFC 6962
 * leaf of the record hash, and its audit path must lead from one to the other.
 */
final class InclusionCheck {

    private InclusionCheck() {}

    /** Empty when the proof holds; otherwise what is wrong with it. */
    static Optional<String> check(JsonNode proof, List<Block> verifiedChain) {
        try {
            Sha256 recordHash = Sha256.fromHex(proof.path("record_hash").asString());
            long blockIndex = proof.path("block_index").asLong(-1);
            if (blockIndex < 0 || blockIndex >= verifiedChain.size()) {
                return Optional.of("block " + blockIndex + " is not on the verified chain");
            }
            Block block = verifiedChain.get((int) blockIndex);
            Sha256 leaf = MerkleTree.leafHash(recordHash.bytes());
            if (!leaf.hex().equals(proof.path("leaf_hash").asString())) {
                return Optional.of("leaf_hash is not the RFC 6962 leaf of record_hash (expected " + leaf + ")");
            }
            List<Sha256> path = new ArrayList<>();
            proof.path("proof").forEach(node -> path.add(Sha256.fromHex(node.asString())));
            MerkleTree.verifyInclusion(
                    proof.path("leaf_index").asLong(-1),
                    proof.path("tree_size").asLong(-1),
                    leaf,
                    path,
                    block.header().merkleRoot());
            return Optional.empty();
        } catch (MerkleProofException | IllegalArgumentException e) {
            return Optional.of("the proof does not hold: " + e.getMessage());
        }
    }
}
