package ml.consensus.hashing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.erdtman.jcs.JsonCanonicalizer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 8785 JSON Canonicalization Scheme: the only bytes that record and proposal hashes are
 * taken over. Keys sorted by UTF-16 code units, no insignificant white space, numbers in
 * ECMAScript shortest form, minimal string escaping.
 */
public final class CanonicalJson {

    /** A plain mapper (no naming strategy, no web settings): ledger bodies spell their keys out. */
    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    private CanonicalJson() {}

    /** The canonical form of a JSON tree. */
    public static String canonicalize(JsonNode node) {
        return canonicalize(PLAIN.writeValueAsString(node));
    }

    /** Parses JSON text into a tree; throws IllegalArgumentException if it is not JSON. */
    public static JsonNode parse(String json) {
        try {
            return PLAIN.readTree(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    /** A new empty JSON object to build a body in. */
    public static ObjectNode newObject() {
        return PLAIN.createObjectNode();
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
