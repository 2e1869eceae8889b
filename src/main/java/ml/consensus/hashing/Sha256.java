package ml.consensus.hashing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A SHA-256 digest: exactly 32 bytes, shown as 64 lower-case hex characters.
 * Immutable: the bytes are copied in and out.
 */
public final class Sha256 implements Comparable<Sha256> {

    public static final int LENGTH = 32;
    public static final Sha256 ZERO = new Sha256(new byte[LENGTH]);
    private static final Pattern FULL_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Sha256(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of {@code bytes}; throws if it is not 32 bytes long. */
    public static Sha256 ofBytes(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "a SHA-256 digest is 32 bytes, got " + (bytes == null ? "null" : bytes.length));
        }
        return new Sha256(bytes.clone());
    }

    /** Parses 64 lower-case hex characters; throws IllegalArgumentException otherwise. */
    public static Sha256 fromHex(String hex) {
        if (hex == null || !FULL_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex digest (64 lower-case hex characters): " + hex);
        }
        return new Sha256(HEX.parseHex(hex));
    }

    /** True when {@code hex} is 64 lower-case hex characters. */
    public static boolean isHex(String hex) {
        return hex != null && FULL_HEX.matcher(hex).matches();
    }

    /** Plain SHA-256 of the concatenation of the given parts (no domain tag: see {@link HashDomain}). */
    public static Sha256 digest(byte[]... parts) {
        MessageDigest digest = newDigest();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return new Sha256(digest.digest());
    }

    /** A fresh SHA-256 {@link MessageDigest}; every JRE has one. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JRE lacks SHA-256", e);
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The byte at {@code i}, without copying the array. */
    public byte byteAt(int i) {
        return bytes[i];
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sha256 that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Sha256 other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
