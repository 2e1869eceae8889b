package ml.consensus.consensus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What validators vote on: the training batch and the model state it was proposed against.
 * {@code proposal_hash = SHA-256("consensus-ml/proposal/v1" || 0x00 || JCS(proposal))}, so the
 * hash binds every field, {@code allow_rebase} included.
 */
public record ProposalContent(List<String> texts, double learningRate, long modelVersion, Sha256 modelHashBefore,
                              String timestamp, boolean allowRebase) {

    public ProposalContent {
        texts = List.copyOf(texts);
        Objects.requireNonNull(modelHashBefore, "modelHashBefore");
        Objects.requireNonNull(timestamp, "timestamp");
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
        return json;
    }

    /** Reads the {@code proposal} object of a ledger record. */
    public static ProposalContent fromJson(JsonNode json) {
        List<String> texts = new ArrayList<>();
        json.get("texts").forEach(t -> texts.add(t.asString()));
        return new ProposalContent(texts, json.get("learning_rate").asDouble(), json.get("model_version").asLong(),
                Sha256.fromHex(json.get("model_hash_before").asString()), json.get("timestamp").asString(),
                json.get("allow_rebase").asBoolean());
    }

    public Sha256 hash() {
        return HashDomain.PROPOSAL.hash(CanonicalJson.canonicalize(toJson()).getBytes(StandardCharsets.UTF_8));
    }
}
