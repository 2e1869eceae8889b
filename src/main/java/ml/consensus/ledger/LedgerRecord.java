package ml.consensus.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;

/**
 * One ledger record: its canonical JSON body (RFC 8785, including the {@code type} field) and
 * {@code record_hash = SHA-256("consensus-ml/record/v1" || 0x00 || body)}.
 *
 * <p>The body is kept as the exact canonical text that was hashed, so verification recomputes
 * the hash from stored bytes and never from a re-serialisation.
 */
public record LedgerRecord(RecordType type, String body, Sha256 recordHash) {

    public LedgerRecord {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(recordHash, "recordHash");
    }

    /** Builds a record from a body; the {@code type} field is set from {@code type}. */
    public static LedgerRecord of(RecordType type, ObjectNode body) {
        ObjectNode typed = body.deepCopy();
        typed.put("type", type.wireName());
        String canonical = CanonicalJson.canonicalize(typed);
        return new LedgerRecord(type, canonical, hashOf(canonical));
    }

    /** The record hash of a canonical body text. */
    public static Sha256 hashOf(String canonicalBody) {
        return HashDomain.RECORD.hash(canonicalBody.getBytes(StandardCharsets.UTF_8));
    }

    /** The body as a JSON tree (a fresh copy each call). */
    public JsonNode json() {
        return CanonicalJson.parse(body);
    }

    /**
     * A text field of the body, or null when absent or when the body is not JSON at all (a damaged
     * record: verification reports it, and reads still show what they can).
     */
    public String text(String field) {
        JsonNode body;
        try {
            body = json();
        } catch (IllegalArgumentException damaged) {
            return null;
        }
        return text(body, field);
    }

    /** A text field of a body already parsed, for callers that read several fields of one record. */
    public static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asString();
    }
}
