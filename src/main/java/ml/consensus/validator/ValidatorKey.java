package ml.consensus.validator;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * One validator: its id, its Ed25519 public key and its voting weight. Error messages use the
 * field names of the validator set file ({@code id}, {@code public_key}, {@code weight}).
 *
 * @param id           1 to 128 characters of letters, digits and {@code . _ : @ -}, starting
 *                     with a letter or digit
 * @param publicKeyHex the raw 32-byte Ed25519 public key as 64 lower-case hex characters
 * @param weight       voting weight, at least 1
 * <p>The constructor throws IllegalArgumentException if any of these does not hold.
 */
public record ValidatorKey(String id, String publicKeyHex, int weight) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final Pattern PUBLIC_KEY_HEX = Pattern.compile("[0-9a-f]{64}");

    public ValidatorKey {
        if (!isWellFormedId(id)) {
            throw new IllegalArgumentException("id must be 1 to 128 characters of letters, digits and . _ : @ -,"
                    + " starting with a letter or digit, got: " + id);
        }
        if (!isPublicKeyHex(publicKeyHex)) {
            throw new IllegalArgumentException("public_key must be 64 lower-case hex characters, got: " + publicKeyHex);
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1, got: " + weight);
        }
    }

    /** A key with weight 1. */
    public ValidatorKey(String id, String publicKeyHex) {
        this(id, publicKeyHex, 1);
    }

    /** The raw 32-byte public key (a fresh copy). */
    public byte[] publicKey() {
        return HexFormat.of().parseHex(publicKeyHex);
    }

    /** True when {@code id} is a well-formed validator id. */
    public static boolean isWellFormedId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** True when {@code hex} is 64 lower-case hex characters. */
    public static boolean isPublicKeyHex(String hex) {
        return hex != null && PUBLIC_KEY_HEX.matcher(hex).matches();
    }
}
