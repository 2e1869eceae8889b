package ml.consensus.rules;

import java.util.List;

import tools.jackson.databind.JsonNode;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.StoredRecord;

/** A {@code model_update_approved} record, read back. */
public record AppliedUpdate(
        Sha256 proposalHash,
        long blockIndex,
        Sha256 recordHash,
        long modelVersion,
        List<String> approvals,
        int validatorsRequired,
        boolean rebased,
        String timestamp,
        int batchSize,
        int tokensTrained,
        int vocabBefore,
        int vocabAfter,
        int newWords,
        Sha256 modelHashBefore,
        Sha256 modelHashAfter) {

    public AppliedUpdate {
        approvals = List.copyOf(approvals);
    }

    public static AppliedUpdate from(StoredRecord stored) {
        JsonNode body = stored.record().json();
        JsonNode metrics = body.get("metrics");
        List<String> approvals =
                body.get("approvals").valueStream().map(JsonNode::asString).toList();
        return new AppliedUpdate(
                Sha256.fromHex(body.get("proposal_hash").asString()),
                stored.blockIndex(),
                stored.record().recordHash(),
                body.get("model_version").asLong(),
                approvals,
                body.get("validators_required").asInt(),
                body.get("rebased").asBoolean(),
                body.get("timestamp").asString(),
                metrics.get("batch_size").asInt(),
                metrics.get("tokens_trained").asInt(),
                metrics.get("vocab_before").asInt(),
                metrics.get("vocab_after").asInt(),
                metrics.get("new_words").asInt(),
                Sha256.fromHex(metrics.get("model_hash_before").asString()),
                Sha256.fromHex(metrics.get("model_hash_after").asString()));
    }
}
