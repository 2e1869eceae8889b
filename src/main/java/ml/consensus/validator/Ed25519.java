package ml.consensus.validator;

import java.security.SecureRandom;
import java.util.Objects;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 signatures (RFC 8032, pure Ed25519 without context), over BouncyCastle's lightweight
 * API: the only class that touches signature cryptography.
 *
 * <p>Keys and signatures are raw bytes, as RFC 8032 encodes them and as OpenSSL 3 reads and
 * writes them: a private key is the 32-byte seed, a public key the 32-byte encoded point, a
 * signature the 64 bytes {@code R || S}.
 *
 * <p>Verification is strict: besides the equation it refuses a non-canonical {@code S}
 * ({@code S >= L}, which would make signatures malleable, RFC 8032 section 5.1.7) and
 * non-canonical point encodings. BouncyCastle 1.87 enforces both itself; every case of the
 * Wycheproof Ed25519 vectors pins this down ({@code Ed25519Tests}), so a library change that
 * relaxed it would fail the build.
 */
public final class Ed25519 {

    public static final int PRIVATE_KEY_LENGTH = 32;
    public static final int PUBLIC_KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private Ed25519() {}

    /**
     * Signs {@code message} with a 32-byte private key (seed).
     *
     * @throws IllegalArgumentException if the private key is not 32 bytes
     */
    public static byte[] sign(byte[] privateKey, byte[] message) {
        Objects.requireNonNull(message, "message");
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKeyParameters(privateKey));
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /**
     * True only if {@code signature} is a valid Ed25519 signature of {@code message} under
     * {@code publicKey}. Anything malformed (null, wrong length, a key that is not a curve point,
     * a non-canonical encoding) is simply not valid: this method never throws.
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null
                || publicKey.length != PUBLIC_KEY_LENGTH
                || signature == null
                || signature.length != SIGNATURE_LENGTH
                || message == null) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            // BouncyCastle throws on some malformed keys; to a caller that is just a bad signature.
            return false;
        }
    }

    /**
     * The 32-byte public key of a 32-byte private key (seed).
     *
     * @throws IllegalArgumentException if the private key is not 32 bytes
     */
    public static byte[] publicKeyOf(byte[] privateKey) {
        return privateKeyParameters(privateKey).generatePublicKey().getEncoded();
    }

    /** A new random 32-byte private key (seed) drawn from {@code random}. */
    public static byte[] newPrivateKey(SecureRandom random) {
        return new Ed25519PrivateKeyParameters(Objects.requireNonNull(random, "random")).getEncoded();
    }

    private static Ed25519PrivateKeyParameters privateKeyParameters(byte[] privateKey) {
        if (privateKey == null || privateKey.length != PRIVATE_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 private key is " + PRIVATE_KEY_LENGTH + " bytes, got "
                    + (privateKey == null ? "null" : privateKey.length));
        }
        return new Ed25519PrivateKeyParameters(privateKey);
    }
}
