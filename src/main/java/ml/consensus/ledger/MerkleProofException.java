package ml.consensus.ledger;

import java.util.HexFormat;

/**
 * An inclusion proof that does not prove what it claims. The message carries the evidence: the
 * computed and expected roots, the index and size that do not fit, or the proof length that was
 * expected.
 */
public class MerkleProofException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private static final HexFormat HEX = HexFormat.of();

    private MerkleProofException(String message) {
        super(message);
    }

    static MerkleProofException rootMismatch(long leafIndex, long treeSize, byte[] computed, byte[] expected) {
        return new MerkleProofException("leaf " + Long.toUnsignedString(leafIndex) + " of tree size "
                + Long.toUnsignedString(treeSize) + ": computed root " + HEX.formatHex(computed)
                + ", expected " + describe(expected));
    }

    static MerkleProofException indexOutOfRange(long leafIndex, long treeSize) {
        return new MerkleProofException("index " + Long.toUnsignedString(leafIndex) + " out of range for size "
                + Long.toUnsignedString(treeSize));
    }

    static MerkleProofException wrongProofLength(long leafIndex, long treeSize, int actual, int expected) {
        return new MerkleProofException("leaf " + Long.toUnsignedString(leafIndex) + " of tree size "
                + Long.toUnsignedString(treeSize) + ": proof has " + actual + " hashes, expected " + expected);
    }

    static MerkleProofException wrongHashLength(String what, byte[] value) {
        return new MerkleProofException(
                what + " has " + (value == null ? 0 : value.length) + " bytes, expected 32: " + describe(value));
    }

    private static String describe(byte[] value) {
        return value == null || value.length == 0 ? "(empty)" : HEX.formatHex(value);
    }
}
