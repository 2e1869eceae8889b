package ml.consensus.rules;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;

/**
 * What validators vote on: the training batch and the model state it was proposed against.
 * {@code proposal_hash = SHA-256("consensus-ml/proposal/v1" || 0x00 || JCS(proposal))}, so the
 * hash binds every field, {@code allow_rebase} included.
 */
public record ProposalContent(
        List<String> texts,
        double learningRate,
        long modelVersion,
        Sha256 modelHashBefore,
        String timestamp,
        boolean allowRebase,
        ProposalTerms terms) {

    public ProposalContent {
        texts = List.copyOf(texts);
        Objects.requireNonNull(modelHashBefore, "modelHashBefore");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(terms, "terms");
    }

    /** A proposal without lifecycle terms: never expires, cannot be withdrawn (the seed's). */
    public ProposalContent(
            List<String> texts,
            double learningRate,
            long modelVersion,
            Sha256 modelHashBefore,
            String timestamp,
            boolean allowRebase) {
        this(texts, learningRate, modelVersion, modelHashBefore, timestamp, allowRebase, ProposalTerms.NONE);
    }

    /** The {@code proposal} object as it stands in the ledger record. */
    public ObjectNode toJson() {
        ObjectNode json = CanonicalJson.newObject();
        ArrayNode array = json.putArray("texts");
        texts.forEach(array::add);
        json.put("learning_rate", learningRate);
        json.put("model_version", modelVersion);
        json.put("model_hash_before", modelHashBefore.hex());
        json.put("timestamp", timestamp);
        json.put("allow_rebase", allowRebase);
        terms.writeTo(json);
        return json;
    }

    private static final java.util.Set<String> FIELDS = java.util.Set.of(
            "texts", "learning_rate", "model_version", "model_hash_before", "timestamp", "allow_rebase");

    /**
     * Reads the {@code proposal} object of a ledger record, strictly: exactly the six fields (and
     * the optional {@link ProposalTerms} fields), each
     * of its own JSON type, so that what is read is all that the proposal hash binds. Throws
     * IllegalArgumentException naming the first field that is missing, extra or mistyped.
     */
    public static ProposalContent fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("proposal must be an object");
        }
        for (String name : json.propertyNames()) {
            if (!FIELDS.contains(name) && !ProposalTerms.FIELDS.contains(name)) {
                throw new IllegalArgumentException("proposal has an unknown field '" + name + "'");
            }
        }
        JsonNode textsNode = require(json, "texts", JsonNode::isArray, "an array");
        List<String> texts = new ArrayList<>();
        textsNode.forEach(t -> {
            if (!t.isString()) {
                throw new IllegalArgumentException("proposal.texts must hold only strings");
            }
            texts.add(t.asString());
        });
        JsonNode hash = require(json, "model_hash_before", JsonNode::isString, "a string");
        return new ProposalContent(
                texts,
                require(json, "learning_rate", JsonNode::isNumber, "a number").asDouble(),
                require(json, "model_version", JsonNode::isIntegralNumber, "a whole number")
                        .asLong(),
                Sha256.fromHex(hash.asString()),
                require(json, "timestamp", JsonNode::isString, "a string").asString(),
                require(json, "allow_rebase", JsonNode::isBoolean, "true or false")
                        .asBoolean(),
                ProposalTerms.read(json));
    }

    private static JsonNode require(
            JsonNode json, String field, java.util.function.Predicate<JsonNode> type, String expected) {
        JsonNode value = json.get(field);
        if (value == null || !type.test(value)) {
            throw new IllegalArgumentException("proposal." + field + " must be " + expected);
        }
        return value;
    }

    public Sha256 hash() {
        return HashDomain.PROPOSAL.hash(CanonicalJson.canonicalize(toJson()).getBytes(StandardCharsets.UTF_8));
    }
}
