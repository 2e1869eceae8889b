package ml.consensus.ledger;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import ml.consensus.hashing.Sha256;

/**
 * The RFC 6962 Merkle tree over a block's record hashes: each leaf's data is one 32-byte record
 * hash, in block order. Leaves and interior nodes carry the RFC 6962 prefixes (0x00 leaf, 0x01
 * node) so a leaf can never pass for a node, and standard tooling (transparency-dev/merkle,
 * Trillian) computes the same roots and checks the same proofs. Pure functions, no state.
 *
 * <p>Tree sizes and leaf indexes in {@link #verifyInclusion} are unsigned 64-bit values, as in
 * RFC 6962 and the Go reference; a Java {@code long} carries the bits.
 */
public final class MerkleTree {

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleTree() {}

    /** SHA-256(0x00 || leafData): the hash of one leaf. */
    public static Sha256 leafHash(byte[] leafData) {
        Objects.requireNonNull(leafData, "leafData");
        return Sha256.digest(new byte[] {LEAF_PREFIX}, leafData);
    }

    /** SHA-256(0x01 || left || right): the hash of an interior node. */
    public static Sha256 nodeHash(Sha256 left, Sha256 right) {
        return Sha256.ofBytes(nodeHash(left.bytes(), right.bytes()));
    }

    /**
     * MTH(D[n]) of RFC 6962 §2.1 over the given record hashes (the leaves' data): the hash of the
     * empty string for no records, the leaf hash for one, otherwise the node hash of the subtrees
     * split at the largest power of two smaller than n.
     */
    public static Sha256 root(List<Sha256> recordHashes) {
        List<Sha256> leaves = leafHashes(recordHashes);
        if (leaves.isEmpty()) {
            return Sha256.digest();
        }
        return subtreeRoot(leaves, 0, leaves.size());
    }

    /**
     * PATH(m, D[n]) of RFC 6962 §2.1.1: the audit path of the record at {@code index}, from the
     * leaf's sibling up to the root's child. Throws IllegalArgumentException if the index is not
     * one of the records.
     */
    public static List<Sha256> inclusionProof(List<Sha256> recordHashes, int index) {
        List<Sha256> leaves = leafHashes(recordHashes);
        if (index < 0 || index >= leaves.size()) {
            throw new IllegalArgumentException("index " + index + " out of range for " + leaves.size() + " records");
        }
        List<Sha256> proof = new ArrayList<>();
        collectPath(leaves, index, 0, leaves.size(), proof);
        return List.copyOf(proof);
    }

    /**
     * Checks that {@code proof} proves the leaf with hash {@code leafHash} (already a leaf hash,
     * {@link #leafHash}) sits at {@code leafIndex} in the tree of {@code treeSize} leaves whose
     * root is {@code expectedRoot}. The algorithm of transparency-dev/merkle
     * {@code proof.VerifyInclusion}: the proof splits into an inner part, below the point where
     * the paths to {@code leafIndex} and to the last leaf diverge, and a border part of left
     * siblings above it; its length must be exactly inner + border.
     *
     * @throws MerkleProofException if the index is not below the size, the proof has the wrong
     *         number of hashes, or the computed root differs from the expected one
     */
    public static void verifyInclusion(
            long leafIndex, long treeSize, Sha256 leafHash, List<Sha256> proof, Sha256 expectedRoot) {
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(expectedRoot, "expectedRoot");
        verifyInclusion(
                leafIndex,
                treeSize,
                leafHash.bytes(),
                proof.stream().map(Sha256::bytes).toList(),
                expectedRoot.bytes());
    }

    /**
     * As {@link #verifyInclusion(long, long, Sha256, List, Sha256)}, over raw bytes as they arrive
     * from a peer or an exported file: a leaf hash or proof hash that is not 32 bytes long is a
     * failed proof ({@link MerkleProofException}), not a programming error.
     */
    public static void verifyInclusion(
            long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] expectedRoot) {
        Objects.requireNonNull(proof, "proof");
        byte[] root = expectedRoot == null ? new byte[0] : expectedRoot;
        byte[] computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
        if (!MessageDigest.isEqual(computed, root)) {
            throw MerkleProofException.rootMismatch(leafIndex, treeSize, computed, root);
        }
    }

    private static byte[] rootFromInclusionProof(long index, long size, byte[] leafHash, List<byte[]> proof) {
        if (Long.compareUnsigned(index, size) >= 0) {
            throw MerkleProofException.indexOutOfRange(index, size);
        }
        if (leafHash == null || leafHash.length != Sha256.LENGTH) {
            throw MerkleProofException.wrongHashLength("leaf hash", leafHash);
        }
        // inner: levels below the point where the paths to index and to size-1 diverge; there the
        // sibling sits left or right according to the index bit. border: above it, the path runs
        // along the tree's right border and only left siblings (one per set index bit) exist.
        int inner = 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
        int border = Long.bitCount(inner == 64 ? 0 : index >>> inner);
        if (proof.size() != inner + border) {
            throw MerkleProofException.wrongProofLength(index, size, proof.size(), inner + border);
        }
        for (int i = 0; i < proof.size(); i++) {
            byte[] sibling = proof.get(i);
            if (sibling == null || sibling.length != Sha256.LENGTH) {
                throw MerkleProofException.wrongHashLength("proof[" + i + "]", sibling);
            }
        }
        byte[] node = leafHash;
        for (int i = 0; i < inner; i++) {
            byte[] sibling = proof.get(i);
            node = ((index >>> i) & 1) == 0 ? nodeHash(node, sibling) : nodeHash(sibling, node);
        }
        for (int i = inner; i < proof.size(); i++) {
            node = nodeHash(proof.get(i), node);
        }
        return node;
    }

    private static List<Sha256> leafHashes(List<Sha256> recordHashes) {
        Objects.requireNonNull(recordHashes, "recordHashes");
        List<Sha256> leaves = new ArrayList<>(recordHashes.size());
        for (Sha256 recordHash : recordHashes) {
            leaves.add(
                    leafHash(Objects.requireNonNull(recordHash, "record hash").bytes()));
        }
        return leaves;
    }

    /** MTH over leaves[from, to), which is not empty. */
    private static Sha256 subtreeRoot(List<Sha256> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = largestPowerOfTwoBelow(n);
        return nodeHash(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
    }

    /** Appends PATH(index - from, leaves[from, to)) to proof, lowest level first. */
    private static void collectPath(List<Sha256> leaves, int index, int from, int to, List<Sha256> proof) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (index < from + k) {
            collectPath(leaves, index, from, from + k, proof);
            proof.add(subtreeRoot(leaves, from + k, to));
        } else {
            collectPath(leaves, index, from + k, to, proof);
            proof.add(subtreeRoot(leaves, from, from + k));
        }
    }

    /** The largest power of two strictly smaller than n, for n >= 2. */
    private static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }
}
