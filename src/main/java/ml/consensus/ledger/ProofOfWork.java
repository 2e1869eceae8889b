package ml.consensus.ledger;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.concurrent.CancellationException;

import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;

/**
 * Proof of work: a block header is solved when its hash ({@link BlockHeader#hash()}) starts with
 * at least {@code difficulty} zero bits, most significant bit of the first byte first.
 *
 * <p>The static checks are pure. An instance is a single-threaded miner; it holds no state, so
 * one instance serves any number of threads, and a parallel miner can replace it.
 */
public class ProofOfWork {

    /** How many nonces are tried between two looks at the thread's interrupt status. */
    private static final int INTERRUPT_CHECK_INTERVAL = 4096;

    /** Number of zero bits at the start of the hash, MSB first: 0 to 256. */
    public static int leadingZeroBits(Sha256 hash) {
        for (int i = 0; i < Sha256.LENGTH; i++) {
            int b = hash.byteAt(i) & 0xff;
            if (b != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(b) - 24;
            }
        }
        return Sha256.LENGTH * 8;
    }

    /**
     * True when the first {@code difficultyBits} bits of the hash are zero (MSB first). Throws
     * IllegalArgumentException unless 0 <= difficultyBits <= 256.
     */
    public static boolean meetsDifficulty(Sha256 hash, int difficultyBits) {
        checkDifficulty(difficultyBits);
        return leadingZeroBits(hash) >= difficultyBits;
    }

    /**
     * The header with the first nonce, counting 0, 1, 2, ... as unsigned 64-bit values, whose
     * hash meets the template's difficulty; the template's own nonce is ignored. Difficulty 0
     * gives nonce 0.
     *
     * @throws CancellationException if the thread is interrupted while mining; the interrupt
     *         status is left set for the caller
     * @throws IllegalStateException if no 64-bit nonce meets the difficulty
     */
    public BlockHeader mine(BlockHeader template) {
        int difficulty = template.difficulty();
        MessageDigest prefixed = HashDomain.BLOCK_HEADER.newDigest();
        prefixed.update(template.prefixBytes());
        byte[] nonceBytes = new byte[Long.BYTES];
        byte[] hash = new byte[Sha256.LENGTH];
        long nonce = 0;
        do {
            if ((nonce & (INTERRUPT_CHECK_INTERVAL - 1)) == 0 && Thread.currentThread().isInterrupted()) {
                throw new CancellationException("mining of block " + template.index() + " at difficulty "
                        + difficulty + " interrupted after " + Long.toUnsignedString(nonce) + " nonces");
            }
            writeBigEndian(nonce, nonceBytes);
            MessageDigest digest = copyOf(prefixed);
            digest.update(nonceBytes);
            finish(digest, hash);
            if (hasLeadingZeroBits(hash, difficulty)) {
                return template.withNonce(nonce);
            }
            nonce++;
        } while (nonce != 0);
        throw new IllegalStateException("no 64-bit nonce gives block " + template.index() + " a hash with "
                + difficulty + " leading zero bits");
    }

    private static void checkDifficulty(int difficultyBits) {
        if (difficultyBits < 0 || difficultyBits > BlockHeader.MAX_DIFFICULTY) {
            throw new IllegalArgumentException("difficulty must be 0 to " + BlockHeader.MAX_DIFFICULTY
                    + " bits, got " + difficultyBits);
        }
    }

    /** The same test as {@link #meetsDifficulty} on a raw digest, without copying it. */
    private static boolean hasLeadingZeroBits(byte[] hash, int bits) {
        int fullBytes = bits >>> 3;
        for (int i = 0; i < fullBytes; i++) {
            if (hash[i] != 0) {
                return false;
            }
        }
        int rest = bits & 7;
        return rest == 0 || (hash[fullBytes] & 0xff) >>> (8 - rest) == 0;
    }

    private static void writeBigEndian(long value, byte[] out) {
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            out[i] = (byte) value;
            value >>>= 8;
        }
    }

    private static MessageDigest copyOf(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JRE's SHA-256 cannot be cloned", e);
        }
    }

    private static void finish(MessageDigest digest, byte[] out) {
        try {
            digest.digest(out, 0, out.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 did not fit its 32-byte buffer", e);
        }
    }
}
