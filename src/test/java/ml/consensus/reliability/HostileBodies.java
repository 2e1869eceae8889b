package ml.consensus.reliability;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded request bodies for the write endpoints, each well-formed but for exactly one mutation
 * that makes it ill-formed by construction, so a test can demand that every one is refused. The
 * schema below is the one the request records declare; a value is ill-typed for a field when no
 * strict JSON binding could read it as that field's type (null is not generated: it means absent).
 */
final class HostileBodies {

    /** The JSON type a field is bound to. */
    enum FieldType {
        STRING,
        NUMBER,
        INTEGER,
        BOOLEAN,
        STRING_ARRAY
    }

    /** One request to send, and the mutation that made it ill-formed. */
    // A test value read once and compared by its fields, never used as a key: arrays are fine here.
    @SuppressWarnings("ArrayRecordComponent")
    record Mutated(String path, String contentType, byte[] body, String mutation) {
        String describe() {
            return "POST " + path + " [" + contentType + "] " + mutation + ": "
                    + RawClient.abbreviate(new String(body, StandardCharsets.UTF_8));
        }
    }

    private static final String[] NOT_NUMBERS = {
        "\"\"",
        "\" \"",
        "\"\\t\\n\"",
        "\"0.01\"",
        "\"NaN\"",
        "\"1e-2\"",
        "true",
        "false",
        "[0.01]",
        "[]",
        "{}",
        "{\"value\":0.01}",
        "\"\\u00a0\""
    };
    private static final String[] NOT_INTEGERS = {
        "\"\"", "\" \"", "\"5\"", "\"0x10\"", "1.5", "2.0", "1e2", "-0.0", "true", "[5]", "[]", "{}"
    };
    private static final String[] NOT_BOOLEANS = {
        "\"\"", "\" \"", "\"true\"", "\"false\"", "\"yes\"", "0", "1", "0.0", "[true]", "[]", "{}"
    };
    private static final String[] NOT_STRINGS = {"0", "12345678", "1.5", "true", "false", "[\"x\"]", "[]", "{}"};
    private static final String[] NOT_STRING_ARRAYS = {
        "\"\"",
        "\" \"",
        "\"fever\"",
        "1",
        "true",
        "{}",
        "[1]",
        "[true]",
        "[[\"fever\"]]",
        "[{}]",
        "[\"fever\",2]",
        "[\"fever\",[\"cough\"]]",
        "{\"0\":\"fever\"}"
    };
    private static final String[] WRONG_CONTENT_TYPES = {
        "text/plain", "application/x-www-form-urlencoded", "application/xml", "text/json",
        "application/problem+json", "application/vnd.consensus+json", "application/octet-stream", "*/*",
        "application/json;charset=ISO-8859-1", "application/json;charset=UTF-16", "application/json; charset=us-ascii"
    };

    private final Random random;
    private final String openProposal;
    private final Map<String, Map<String, FieldType>> schemas = new LinkedHashMap<>();
    private int proposals;

    HostileBodies(Random random, String openProposal) {
        this.random = random;
        this.openProposal = openProposal;
        schemas.put(
                "/decentralized/propose-training",
                fields(
                        "texts", FieldType.STRING_ARRAY,
                        "learning_rate", FieldType.NUMBER,
                        "allow_rebase", FieldType.BOOLEAN,
                        "proposer_key", FieldType.STRING));
        Map<String, FieldType> vote = fields(
                "proposal_hash", FieldType.STRING, "validator_id", FieldType.STRING, "signature", FieldType.STRING);
        schemas.put("/decentralized/approve-proposal", vote);
        schemas.put("/decentralized/reject-proposal", vote);
        schemas.put(
                "/decentralized/withdraw-proposal",
                fields("proposal_hash", FieldType.STRING, "signature", FieldType.STRING));
        schemas.put(
                "/decentralized/apply-training",
                fields(
                        "proposal_hash", FieldType.STRING,
                        "texts", FieldType.STRING_ARRAY,
                        "learning_rate", FieldType.NUMBER));
        Map<String, FieldType> governance = fields(
                "action", FieldType.STRING,
                "validator_id", FieldType.STRING,
                "public_key", FieldType.STRING,
                "weight", FieldType.INTEGER,
                "policy", FieldType.STRING);
        governance.putAll(fields(
                "minimum_to_vote", FieldType.INTEGER,
                "weight_from_stake", FieldType.BOOLEAN,
                "slash_fraction", FieldType.NUMBER,
                "slash_tolerance", FieldType.NUMBER,
                "proposer_key", FieldType.STRING));
        schemas.put("/decentralized/propose-governance", governance);
        schemas.put("/decentralized/apply-governance", fields("proposal_hash", FieldType.STRING));
        Map<String, FieldType> stake = fields(
                "validator_id", FieldType.STRING,
                "amount", FieldType.INTEGER,
                "sequence", FieldType.INTEGER,
                "signature", FieldType.STRING);
        schemas.put("/stake/bond", stake);
        schemas.put("/stake/unbond", stake);
    }

    private static Map<String, FieldType> fields(Object... pairs) {
        Map<String, FieldType> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put((String) pairs[i], (FieldType) pairs[i + 1]);
        }
        return fields;
    }

    /** A proposal of fresh texts that the node must accept as it stands. */
    String wellFormedProposal() {
        return "{\"texts\":[\"strict fuzz control " + proposals++ + " fever\"],\"learning_rate\":0.01}";
    }

    /** The next request: one endpoint, one well-formed body, one mutation. */
    Mutated next() {
        List<String> paths = new ArrayList<>(schemas.keySet());
        String path = paths.get(random.nextInt(paths.size()));
        Map<String, FieldType> schema = schemas.get(path);
        Map<String, String> body = new LinkedHashMap<>();
        for (Map.Entry<String, FieldType> field : schema.entrySet()) {
            if (body.isEmpty() || random.nextInt(3) > 0) {
                body.put(field.getKey(), wellTyped(field.getKey(), field.getValue()));
            }
        }
        String json = "application/json";
        return switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> {
                List<String> names = new ArrayList<>(schema.keySet());
                String name = names.get(random.nextInt(names.size()));
                String value = illTyped(schema.get(name));
                body.put(name, value);
                yield new Mutated(path, json, utf8(object(body)), name + " = " + value);
            }
            case 4 -> {
                body.put(pick(new String[] {"texts ", "learningRate", "LEARNING_RATE", "extra", "", "__proto__"}), "1");
                yield new Mutated(path, json, utf8(object(body)), "unknown key");
            }
            case 5 -> {
                String first = body.keySet().iterator().next();
                String text = object(body);
                text = text.substring(0, text.length() - 1) + ",\"" + first + "\":" + body.get(first) + "}";
                yield new Mutated(path, json, utf8(text), "key " + first + " twice");
            }
            case 6 ->
                new Mutated(
                        path,
                        json,
                        utf8(object(body) + pick(new String[] {" {}", "]", "}", " 1", " null", "x", ",{}"})),
                        "trailing content");
            case 7 -> {
                Charset charset =
                        Charset.forName(pick(new String[] {"UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE"}));
                yield new Mutated(path, json, object(body).getBytes(charset), "encoded as " + charset);
            }
            case 8 -> {
                String type = pick(WRONG_CONTENT_TYPES);
                yield new Mutated(path, type, utf8(object(body)), "content type " + type);
            }
            default -> {
                byte[] noise = new byte[1 + random.nextInt(64)];
                random.nextBytes(noise);
                // A leading 0xFF can never start UTF-8 JSON, so the noise is never well-formed by chance.
                noise[0] = (byte) 0xFF;
                yield new Mutated(path, json, noise, "random bytes");
            }
        };
    }

    private String wellTyped(String name, FieldType type) {
        return switch (type) {
            case STRING ->
                switch (name) {
                    case "proposal_hash" -> "\"" + openProposal + "\"";
                    case "validator_id" -> "\"validator-fuzz-" + random.nextInt(1000) + "\"";
                    case "action" -> "\"set_weight\"";
                    case "policy" -> "\"2 of 3\"";
                    default -> "\"" + "ab".repeat(random.nextBoolean() ? 32 : 64) + "\"";
                };
            case NUMBER -> "0.0" + (1 + random.nextInt(9));
            case INTEGER -> String.valueOf(1 + random.nextInt(100));
            case BOOLEAN -> String.valueOf(random.nextBoolean());
            case STRING_ARRAY -> "[\"strict fuzz fever " + random.nextInt() + "\"]";
        };
    }

    private String illTyped(FieldType type) {
        return pick(
                switch (type) {
                    case STRING -> NOT_STRINGS;
                    case NUMBER -> NOT_NUMBERS;
                    case INTEGER -> NOT_INTEGERS;
                    case BOOLEAN -> NOT_BOOLEANS;
                    case STRING_ARRAY -> NOT_STRING_ARRAYS;
                });
    }

    private static String object(Map<String, String> body) {
        List<String> parts = new ArrayList<>();
        body.forEach((name, value) -> parts.add("\"" + name + "\":" + value));
        return "{" + String.join(",", parts) + "}";
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
