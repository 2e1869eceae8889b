package ml.consensus.validator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The validators of a node and how many of them must approve an update.
 *
 * <p>Its file format (docs/validator-keys.md) is a JSON object with exactly these fields:
 *
 * <pre>
 * {
 *   "validators_required": 2,
 *   "validators": [
 *     {"id": "validator-alice", "public_key": "&lt;64 lower-case hex&gt;", "weight": 1},
 *     ...
 *   ]
 * }
 * </pre>
 *
 * {@code weight} is optional (default 1); any other field, a duplicate field, or a value of the
 * wrong type is refused, with a message naming the field and the entry
 * ({@code validators[1].public_key must be 64 lower-case hex characters, ...}).
 *
 * @param validatorsRequired how many validators must approve: at least 1, at most the number of
 *                           validators
 * @param validators         at least one validator; ids and public keys each unique
 * <p>The constructor throws IllegalArgumentException if any of these does not hold.
 */
public record ValidatorSet(int validatorsRequired, List<ValidatorKey> validators) {

    private static final Set<String> SET_FIELDS = Set.of("validators_required", "validators");
    private static final Set<String> ENTRY_FIELDS = Set.of("id", "public_key", "weight");

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public ValidatorSet {
        if (validators == null || validators.isEmpty()) {
            throw new IllegalArgumentException("validators must list at least one validator");
        }
        Map<String, Integer> ids = new HashMap<>();
        Map<String, Integer> keys = new HashMap<>();
        for (int i = 0; i < validators.size(); i++) {
            ValidatorKey key = validators.get(i);
            if (key == null) {
                throw new IllegalArgumentException("validators[" + i + "] is null");
            }
            Integer earlier = ids.putIfAbsent(key.id(), i);
            if (earlier != null) {
                throw new IllegalArgumentException(
                        "validators[" + i + "].id repeats validators[" + earlier + "].id: " + key.id());
            }
            earlier = keys.putIfAbsent(key.publicKeyHex(), i);
            if (earlier != null) {
                throw new IllegalArgumentException("validators[" + i + "].public_key repeats validators[" + earlier
                        + "].public_key: " + key.publicKeyHex());
            }
        }
        if (validatorsRequired < 1 || validatorsRequired > validators.size()) {
            throw new IllegalArgumentException("validators_required must be between 1 and the number of validators ("
                    + validators.size() + "), got: " + validatorsRequired);
        }
        validators = List.copyOf(validators);
    }

    /** The validator with this id, if it is in the set. */
    public Optional<ValidatorKey> find(String id) {
        return validators.stream().filter(key -> key.id().equals(id)).findFirst();
    }

    /**
     * Reads a validator set file.
     *
     * @throws IllegalArgumentException naming the file, if its content is not a valid validator set
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static ValidatorSet read(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            // Java's own message is the bare path.
            throw new UncheckedIOException("validator set file " + file + " not found", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read validator set file " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("validator set file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses the validator set file format.
     *
     * @throws IllegalArgumentException if the text is not JSON or not a valid validator set
     */
    public static ValidatorSet parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a validator set must be a JSON object");
        }
        refuseUnknownFields(root, SET_FIELDS, "");
        int required = requiredInt(root, "validators_required", "validators_required");
        JsonNode entries = root.get("validators");
        if (entries == null) {
            throw new IllegalArgumentException("validators is required");
        }
        if (!entries.isArray()) {
            throw new IllegalArgumentException("validators must be an array");
        }
        List<ValidatorKey> validators = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            validators.add(entry(entries.get(i), "validators[" + i + "]"));
        }
        return new ValidatorSet(required, validators);
    }

    /** This set in the file format, pretty-printed. */
    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("validators_required", validatorsRequired);
        ArrayNode entries = root.putArray("validators");
        validators.forEach(key -> entries.add(entryNode(key)));
        return MAPPER.writeValueAsString(root);
    }

    /** One entry of the file format on one line, e.g. for a key generator to print. */
    public static String entryJson(ValidatorKey key) {
        return entryNode(key).toString();
    }

    private static ObjectNode entryNode(ValidatorKey key) {
        ObjectNode entry = MAPPER.createObjectNode();
        entry.put("id", key.id());
        entry.put("public_key", key.publicKeyHex());
        entry.put("weight", key.weight());
        return entry;
    }

    private static ValidatorKey entry(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be an object with id, public_key and optional weight");
        }
        refuseUnknownFields(node, ENTRY_FIELDS, where + ".");
        String id = requiredString(node, "id", where);
        String publicKey = requiredString(node, "public_key", where);
        int weight = node.has("weight") ? requiredInt(node, "weight", where + ".weight") : 1;
        try {
            return new ValidatorKey(id, publicKey, weight);
        } catch (IllegalArgumentException e) {
            // ValidatorKey names the field; add which entry it is.
            throw new IllegalArgumentException(where + "." + e.getMessage(), e);
        }
    }

    private static void refuseUnknownFields(JsonNode node, Set<String> known, String where) {
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException(where + name + " is not a known field (expected "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String requiredString(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new IllegalArgumentException(where + "." + field + " is required");
        }
        if (!value.isString()) {
            throw new IllegalArgumentException(where + "." + field + " must be a string");
        }
        return value.stringValue();
    }

    private static int requiredInt(JsonNode node, String field, String name) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(name + " must be a whole number, got: " + value);
        }
        return value.intValue();
    }
}
