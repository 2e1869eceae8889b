package ml.consensus.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;

/**
 * One private training text with the salt that hides it. Its {@link #bytes()} are
 * {@code salt (32 bytes) || UTF-8(text)}: both the payload of its {@link #hash()} and the content
 * of its file in the {@link ContentStore}, so the file's name is the hash of its content.
 *
 * <p>{@code hash = SHA-256("consensus-ml/private-text/v1" || 0x00 || salt || UTF-8(text))}. The
 * salt is fixed-length, so the split between salt and text is unambiguous. Without the salt the
 * hash says nothing useful about the text: guessing the text means guessing 256 random bits too.
 *
 * <p>The text must be a sequence of Unicode characters: a lone UTF-16 surrogate has no UTF-8 form
 * (Java would write {@code ?} for it, so two different strings would share a hash) and is refused.
 * {@link #toString()} never shows the text or the salt, so a log line cannot leak them.
 *
 * @param salt 32 bytes, copied in and out
 * @param text the training text, any length (the node's batch limits apply elsewhere)
 */
// The salt is copied in and out and equality is defined on its content (below), as STYLE.md asks of byte[] records.
@SuppressWarnings("ArrayRecordComponent")
public record SaltedText(byte[] salt, String text) {

    public static final int SALT_LENGTH = 32;

    /** Throws IllegalArgumentException for a salt that is not 32 bytes or a text with a lone surrogate. */
    public SaltedText {
        if (salt == null || salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException(
                    "a salt is " + SALT_LENGTH + " bytes, got " + (salt == null ? "none" : salt.length));
        }
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(
                        "the text holds a lone UTF-16 surrogate at index " + i + ", which has no UTF-8 form");
            }
        }
        salt = salt.clone();
    }

    /**
     * The salted text whose {@link #bytes()} are {@code bytes}: the first 32 bytes are the salt, the
     * rest must be well-formed UTF-8 (no overlong forms, no encoded surrogates). Throws
     * IllegalArgumentException otherwise.
     */
    public static SaltedText fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length < SALT_LENGTH) {
            throw new IllegalArgumentException("a salted text is at least " + SALT_LENGTH + " bytes, got "
                    + (bytes == null ? "none" : bytes.length));
        }
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, SALT_LENGTH, bytes.length - SALT_LENGTH))
                    .toString();
            return new SaltedText(Arrays.copyOf(bytes, SALT_LENGTH), text);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the text after the salt is not well-formed UTF-8", e);
        }
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /** {@code salt || UTF-8(text)}: what is hashed and what is stored. */
    public byte[] bytes() {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(salt, SALT_LENGTH + utf8.length);
        System.arraycopy(utf8, 0, bytes, SALT_LENGTH, utf8.length);
        return bytes;
    }

    /** {@code HashDomain.PRIVATE_TEXT.hash(bytes())}: the leaf data of the batch's Merkle tree. */
    public Sha256 hash() {
        return HashDomain.PRIVATE_TEXT.hash(bytes());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SaltedText that && Arrays.equals(salt, that.salt) && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(salt) + text.hashCode();
    }

    @Override
    public String toString() {
        return "SaltedText[hash=" + hash().hex() + "]";
    }
}
