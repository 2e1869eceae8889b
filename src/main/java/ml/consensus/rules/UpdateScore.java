package ml.consensus.rules;

import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerRecord;

/**
 * The held-out score of the model before and after one applied update, as its
 * {@code model_update_approved} record carries it in {@code metrics}: {@code evaluation_set_hash},
 * {@code score_before}, {@code score_after} (mean loss; lower is better).
 */
public record UpdateScore(Sha256 evaluationSetHash, double before, double after) {

    public UpdateScore {
        if (!Double.isFinite(before) || !Double.isFinite(after)) {
            throw new IllegalArgumentException("scores must be finite, got " + before + " and " + after);
        }
    }

    /** How much the update lowered the loss: positive when it improved the model. */
    public double improvement() {
        return before - after;
    }

    void writeTo(ObjectNode metrics) {
        metrics.put("evaluation_set_hash", evaluationSetHash.hex());
        metrics.put("score_before", before);
        metrics.put("score_after", after);
    }

    /**
     * The score an update record carries; empty for records written before updates were scored.
     * Throws IllegalArgumentException when the fields are present but malformed.
     */
    public static Optional<UpdateScore> of(LedgerRecord record) {
        JsonNode metrics = record.json().get("metrics");
        if (metrics == null || !metrics.has("score_before")) {
            return Optional.empty();
        }
        JsonNode before = metrics.get("score_before");
        JsonNode after = metrics.get("score_after");
        String set = LedgerRecord.text(metrics, "evaluation_set_hash");
        if (before == null || after == null || !before.isNumber() || !after.isNumber() || !Sha256.isHex(set)) {
            throw new IllegalArgumentException("metrics.score_before, score_after and evaluation_set_hash must be"
                    + " two numbers and a 64-hex hash");
        }
        return Optional.of(new UpdateScore(Sha256.fromHex(set), before.asDouble(), after.asDouble()));
    }
}
