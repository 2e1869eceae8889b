package ml.consensus.validator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Validator private keys on disk as standard PKCS#8 PEM, the form {@code openssl genpkey
 * -algorithm ed25519} writes, so that OpenSSL 3 and our tools share keys:
 *
 * <pre>
 * -----BEGIN PRIVATE KEY-----
 * base64( 302e020100300506032b657004220420 || 32-byte seed ), in lines of 64 characters
 * -----END PRIVATE KEY-----
 * </pre>
 *
 * The 16-byte prefix is the fixed DER of a version-0 PKCS#8 {@code PrivateKeyInfo} with algorithm
 * id-Ed25519 (OID 1.3.101.112, RFC 8410) and an OCTET STRING holding the seed. Only this form is
 * read; encrypted keys, other algorithms and the PKCS#8 v2 form with an embedded public key are
 * refused with a message saying so.
 */
public final class ValidatorKeyFiles {

    private static final byte[] PKCS8_ED25519_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final int MAX_FILE_BYTES = 16 * 1024;

    private ValidatorKeyFiles() {}

    /**
     * Writes a private key (32-byte seed) as a new PEM file, readable and writable by its owner
     * only where the file system has POSIX permissions. Never overwrites an existing file: losing
     * a validator key cannot be undone.
     *
     * @throws IllegalArgumentException if the seed is not 32 bytes
     * @throws UncheckedIOException     if the file exists already or cannot be written
     */
    public static void writePrivateKey(Path file, byte[] seed) {
        String pem = encode(seed);
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException(file + " exists already; a private key file is never overwritten", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write private key file " + file + ": " + e, e);
        }
    }

    /**
     * Reads the 32-byte private key (seed) from a PEM file in the form above.
     *
     * @throws IllegalArgumentException naming the file, if it is not an unencrypted Ed25519 PKCS#8 PEM key
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static byte[] readPrivateKey(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(file + " is too large to be a PEM private key");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read private key file " + file + ": " + e, e);
        }
        try {
            return decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The PEM text of a 32-byte seed. */
    static String encode(byte[] seed) {
        if (seed == null || seed.length != Ed25519.PRIVATE_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 private key is " + Ed25519.PRIVATE_KEY_LENGTH
                    + " bytes, got " + (seed == null ? "null" : seed.length));
        }
        byte[] der = new byte[PKCS8_ED25519_PREFIX.length + seed.length];
        System.arraycopy(PKCS8_ED25519_PREFIX, 0, der, 0, PKCS8_ED25519_PREFIX.length);
        System.arraycopy(seed, 0, der, PKCS8_ED25519_PREFIX.length, seed.length);
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return BEGIN + "\n" + base64 + "\n" + END + "\n";
    }

    /** The 32-byte seed of a PEM text; throws IllegalArgumentException if it is not the form above. */
    static byte[] decode(String pem) {
        String text = pem.strip();
        if (text.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalArgumentException("the private key is encrypted; write it unencrypted"
                    + " (openssl pkey -in KEY -out PLAIN.pem) and keep that file private");
        }
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new IllegalArgumentException(
                    "not a PEM private key: expected the text to begin with " + BEGIN + " and end with " + END);
        }
        String body =
                text.substring(BEGIN.length(), text.length() - END.length()).replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM body is not base64: " + e.getMessage(), e);
        }
        if (der.length != PKCS8_ED25519_PREFIX.length + Ed25519.PRIVATE_KEY_LENGTH
                || !Arrays.equals(
                        der, 0, PKCS8_ED25519_PREFIX.length, PKCS8_ED25519_PREFIX, 0, PKCS8_ED25519_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 private key in the PKCS#8 form that"
                    + " `openssl genpkey -algorithm ed25519` writes");
        }
        return Arrays.copyOfRange(der, PKCS8_ED25519_PREFIX.length, der.length);
    }
}
