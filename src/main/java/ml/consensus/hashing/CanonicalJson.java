package ml.consensus.hashing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 JSON Canonicalization Scheme: the only bytes that record and proposal hashes are
 * taken over. Keys sorted by UTF-16 code units, no insignificant white space, numbers in
 * ECMAScript shortest form, minimal string escaping.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /** The canonical form of a JSON text; throws IllegalArgumentException if it is not JSON. */
    public static String canonicalize(String json) {
        try {
            return new JsonCanonicalizer(json).getEncodedString();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot canonicalize JSON: " + e.getMessage(), e);
        }
    }

    /** UTF-8 bytes of {@link #canonicalize(String)}. */
    public static byte[] canonicalBytes(String json) {
        return canonicalize(json).getBytes(StandardCharsets.UTF_8);
    }
}
