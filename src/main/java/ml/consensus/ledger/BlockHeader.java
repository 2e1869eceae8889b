package ml.consensus.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;

/**
 * The hashed part of a block (docs/hashes.md). Its binary form, with the nonce last so that a
 * miner hashes the fixed prefix once:
 *
 * <pre>
 * u64be(index) || u16be(len(timestamp)) || ASCII(timestamp) || previous_hash (32)
 *   || merkle_root (32) || u16be(difficulty) || u64be(nonce)
 * </pre>
 *
 * The block hash is {@code HashDomain.BLOCK_HEADER.hash(bytes())}.
 *
 * @param index the block's height, 0 for genesis; never negative
 * @param timestamp UTC ISO-8601 text, at most 64 printable ASCII characters (0x20 to 0x7e)
 * @param previousHash the previous block's hash ({@link Sha256#ZERO} for genesis)
 * @param merkleRoot {@link MerkleTree#root} of the block's record hashes
 * @param difficulty leading zero bits the block hash must have, 0 to 256
 * @param nonce an unsigned 64-bit value; the long carries its bits, so negative longs are the
 *        nonces from 2^63 up
 */
public record BlockHeader(
        long index, String timestamp, Sha256 previousHash, Sha256 merkleRoot, int difficulty, long nonce) {

    public static final int MAX_TIMESTAMP_LENGTH = 64;
    public static final int MAX_DIFFICULTY = 256;

    private static final int NONCE_LENGTH = Long.BYTES;

    /** Throws IllegalArgumentException (NullPointerException for nulls) on any value the layout cannot carry. */
    public BlockHeader {
        if (index < 0) {
            throw new IllegalArgumentException("block index must not be negative, got " + index);
        }
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(merkleRoot, "merkleRoot");
        if (timestamp.length() > MAX_TIMESTAMP_LENGTH) {
            throw new IllegalArgumentException("timestamp is at most " + MAX_TIMESTAMP_LENGTH + " characters, got "
                    + timestamp.length() + ": " + timestamp);
        }
        for (int i = 0; i < timestamp.length(); i++) {
            char c = timestamp.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("timestamp must be printable ASCII, got U+"
                        + String.format("%04X", (int) c) + " at position " + i);
            }
        }
        if (difficulty < 0 || difficulty > MAX_DIFFICULTY) {
            throw new IllegalArgumentException(
                    "difficulty must be 0 to " + MAX_DIFFICULTY + " bits, got " + difficulty);
        }
    }

    /** The full binary header: {@link #prefixBytes()} followed by u64be(nonce). */
    public byte[] bytes() {
        byte[] prefix = prefixBytes();
        return ByteBuffer.allocate(prefix.length + NONCE_LENGTH)
                .put(prefix)
                .putLong(nonce)
                .array();
    }

    /** Everything in {@link #bytes()} but the trailing 8 nonce bytes. */
    public byte[] prefixBytes() {
        byte[] time = timestamp.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(Long.BYTES + Short.BYTES + time.length + 2 * Sha256.LENGTH + Short.BYTES)
                .putLong(index)
                .putShort((short) time.length)
                .put(time)
                .put(previousHash.bytes())
                .put(merkleRoot.bytes())
                .putShort((short) difficulty)
                .array();
    }

    /** The block hash: SHA-256("consensus-ml/block-header/v1" || 0x00 || bytes()). */
    public Sha256 hash() {
        return HashDomain.BLOCK_HEADER.hash(bytes());
    }

    /** This header with another nonce. */
    public BlockHeader withNonce(long nonce) {
        return new BlockHeader(index, timestamp, previousHash, merkleRoot, difficulty, nonce);
    }
}
