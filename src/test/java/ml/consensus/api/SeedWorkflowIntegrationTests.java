package ml.consensus.api;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed's curl workflow, field by field: propose, approve, apply, status, history, model info. */
class SeedWorkflowIntegrationTests extends NodeIntegrationTest {

    private static final String HEX64 = "[0-9a-f]{64}";

    @Test
    void shouldRunTheSeedWorkflowWithTheSeedsShapes() {
        LedgerSnapshot start = snapshot();
        List<String> texts = List.of("I have a fever", "High temperature with shivering zymurgy");

        Answer proposed = node.post(
                "/decentralized/propose-training", NodeClient.json(Map.of("texts", texts, "learning_rate", 0.01)));
        assertThat(proposed.status()).isEqualTo(200);
        assertThat(proposed.contentType()).startsWith("application/json");
        assertThat(proposed.text("status")).isEqualTo("success");
        assertThat(proposed.text("proposal", "status")).isEqualTo("proposed");
        assertThat(proposed.text("proposal", "message")).isEqualTo("Training proposed to blockchain validators");
        String hash = proposed.text("proposal", "proposal_hash");
        assertThat(hash).matches(HEX64);
        assertThat(proposed.text("proposal", "model_hash_before")).isEqualTo(start.modelHash());
        assertThat(proposed.number("proposal", "model_version")).isEqualTo(start.trainingSteps());
        assertThat(proposed.number("blockchain_stats", "chain_length")).isEqualTo(start.chainLength() + 1);
        assertThat(proposed.number("blockchain_stats", "total_records")).isEqualTo(start.totalRecords() + 1);
        assertThat(proposed.number("blockchain_stats", "pending_records")).isZero();
        assertThat(snapshot().modelHash())
                .as("proposing never changes the model")
                .isEqualTo(start.modelHash());

        Answer approved = approve(hash, "validator-alice");
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.text("status")).isEqualTo("success");
        assertThat(approved.text("approval", "status")).isEqualTo("approved");
        assertThat(approved.text("approval", "proposal_hash")).isEqualTo(hash);
        assertThat(approved.text("approval", "validator")).isEqualTo("validator-alice");
        assertThat(approved.text("approval", "proposal_state")).isEqualTo("approved");
        assertThat(approved.number("blockchain_stats", "chain_length")).isEqualTo(start.chainLength() + 2);
        assertThat(approved.number("blockchain_stats", "total_records")).isEqualTo(start.totalRecords() + 2);
        assertThat(snapshot().modelHash())
                .as("approving never changes the model")
                .isEqualTo(start.modelHash());

        Answer applied = node.post(
                "/decentralized/apply-training",
                NodeClient.json(Map.of("proposal_hash", hash, "texts", texts, "learning_rate", 0.01)));
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        assertThat(applied.text("status")).isEqualTo("success");
        assertThat(applied.number("metrics", "batch_size")).isEqualTo(2);
        long vocabBefore = applied.number("metrics", "vocab_before");
        long vocabAfter = applied.number("metrics", "vocab_after");
        assertThat(vocabAfter).as("'zymurgy' is new to the base vocabulary").isGreaterThan(vocabBefore);
        assertThat(applied.number("metrics", "new_words")).isEqualTo(vocabAfter - vocabBefore);
        assertThat(applied.text("metrics", "proposal_hash")).isEqualTo(hash);
        assertThat(applied.text("metrics", "model_hash_before")).isEqualTo(start.modelHash());
        String hashAfter = applied.text("metrics", "model_hash_after");
        assertThat(hashAfter).matches(HEX64).isNotEqualTo(start.modelHash());
        assertThat(applied.text("model_info", "name")).isEqualTo("custom-medical-llm-v1");
        assertThat(applied.number("model_info", "training_steps")).isEqualTo(start.trainingSteps() + 1);
        assertThat(applied.number("model_info", "vocab_size")).isEqualTo(vocabAfter);
        assertThat(applied.number("blockchain_stats", "chain_length")).isEqualTo(start.chainLength() + 3);
        assertThat(applied.number("blockchain_stats", "total_records")).isEqualTo(start.totalRecords() + 3);

        Answer status = node.get("/decentralized/status");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.number("blockchain", "chain_length")).isEqualTo(start.chainLength() + 3);
        assertThat(status.number("blockchain", "total_records")).isEqualTo(start.totalRecords() + 3);
        assertThat(status.json().get("blockchain").get("is_valid").asBoolean()).isTrue();
        assertThat(status.text("model", "name")).isEqualTo("custom-medical-llm-v1");
        assertThat(status.number("model", "training_steps")).isEqualTo(start.trainingSteps() + 1);
        assertThat(status.number("model", "vocab_size")).isEqualTo(vocabAfter);
        assertThat(status.text("model", "model_hash")).isEqualTo(hashAfter);
        JsonNode stats = status.json().get("decentralized_stats");
        assertThat(stats.get("total_proposals").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(stats.get("total_approvals").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(stats.get("applied_updates").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(stats.get("pending_records").asLong()).isZero();
        assertThat(status.json().get("consensus_required").asBoolean()).isTrue();
        assertThat(status.number("validators_required")).isEqualTo(1);

        Answer history = node.get("/blockchain-history?type=training_proposal");
        assertThat(history.status()).isEqualTo(200);
        JsonNode proposalRecord = null;
        for (JsonNode record : history.json().get("records")) {
            assertThat(record.get("type").asString()).isEqualTo("training_proposal");
            if (record.get("proposal_hash").asString().equals(hash)) {
                proposalRecord = record;
            }
        }
        assertThat(proposalRecord).as("the proposal is in the history").isNotNull();
        JsonNode content = proposalRecord.get("proposal");
        assertThat(content.get("texts").valueStream().map(JsonNode::asString).toList())
                .isEqualTo(texts);
        assertThat(content.get("learning_rate").asDouble()).isEqualTo(0.01);
        assertThat(content.get("model_version").asLong()).isEqualTo(start.trainingSteps());
        assertThat(content.get("model_hash_before").asString()).isEqualTo(start.modelHash());
        assertThat(content.get("timestamp").asString()).endsWith("Z");
        assertThat(proposalRecord.get("record_hash").asString()).matches(HEX64);

        Answer updates = node.get("/blockchain-history?type=model_update_approved");
        JsonNode update =
                updates.json().get("records").get(updates.json().get("records").size() - 1);
        assertThat(update.get("proposal_hash").asString()).isEqualTo(hash);
        assertThat(update.get("metrics").get("vocab_before").asLong()).isEqualTo(vocabBefore);
        assertThat(update.get("metrics").get("vocab_after").asLong()).isEqualTo(vocabAfter);
        assertThat(update.get("metrics").get("model_hash_before").asString()).isEqualTo(start.modelHash());
        assertThat(update.get("metrics").get("model_hash_after").asString()).isEqualTo(hashAfter);
        assertThat(update.get("approvals").get(0).asString()).isEqualTo("validator-alice");

        Answer approvals = node.get("/blockchain-history?type=validator_approval");
        JsonNode approval = approvals
                .json()
                .get("records")
                .get(approvals.json().get("records").size() - 1);
        assertThat(approval.get("proposal_hash").asString()).isEqualTo(hash);
        assertThat(approval.get("validator_id").asString()).isEqualTo("validator-alice");
        assertThat(approval.get("timestamp").asString()).endsWith("Z");

        Answer modelInfo = node.get("/model-info");
        assertThat(modelInfo.status()).isEqualTo(200);
        assertThat(modelInfo.text("model", "name")).isEqualTo("custom-medical-llm-v1");
        assertThat(modelInfo.number("model", "training_steps")).isEqualTo(start.trainingSteps() + 1);
        assertThat(modelInfo.number("model", "vocab_size")).isEqualTo(vocabAfter);
        assertThat(modelInfo.text("model", "model_hash")).isEqualTo(hashAfter);

        Answer verify = node.get("/verify");
        assertThat(verify.json().get("valid").asBoolean()).as(verify.raw()).isTrue();
        assertThat(verify.text("replayed_model_hash")).isEqualTo(hashAfter);
    }

    @Test
    void shouldAcceptTheSeedsMinimalCurlBodies() {
        // The seed's "Test API Workflow": propose with texts only, approve, apply with texts only.
        Answer proposed = node.post("/decentralized/propose-training", "{\"texts\":[\"I have a fever\"]}");
        assertThat(proposed.status()).isEqualTo(200);
        String hash = proposed.text("proposal", "proposal_hash");
        assertThat(node.post(
                                "/decentralized/approve-proposal",
                                "{\"proposal_hash\":\"" + hash + "\",\"validator_id\":\"validator-1\"}")
                        .status())
                .isEqualTo(200);
        Answer applied = node.post(
                "/decentralized/apply-training", "{\"proposal_hash\":\"" + hash + "\",\"texts\":[\"I have a fever\"]}");
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        assertThat(applied.number("metrics", "batch_size")).isEqualTo(1);
    }

    @Test
    void shouldAcceptAUniquePrefixOfEightHexCharacters() {
        String hash = propose(List.of("dry cough at night"), 0.05);
        Answer approved = approve(hash.substring(0, 8), "validator-bob");
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.text("approval", "proposal_hash")).isEqualTo(hash);
        Answer byPrefix = node.get("/decentralized/proposals/" + hash.substring(0, 10));
        assertThat(byPrefix.status()).isEqualTo(200);
        assertThat(byPrefix.text("proposal_hash")).isEqualTo(hash);
        assertThat(byPrefix.text("state")).isEqualTo("approved");
        assertThat(byPrefix.json().get("votes").get(0).get("validator_id").asString())
                .isEqualTo("validator-bob");
        assertThat(byPrefix.json().get("votes").get(0).get("vote").asString()).isEqualTo("approve");
    }

    @Test
    void shouldServeBlocksThatLinkAndMeetTheirDifficulty() {
        propose(List.of("sore throat and fatigue"), 0.02);
        Answer blocks = node.get("/blocks?from=0&size=1000");
        assertThat(blocks.status()).isEqualTo(200);
        JsonNode list = blocks.json().get("blocks");
        assertThat(list.size()).isEqualTo(blocks.number("chain_length"));
        assertThat(list.get(0).get("previous_hash").asString()).isEqualTo("0".repeat(64));
        for (int i = 1; i < list.size(); i++) {
            assertThat(list.get(i).get("index").asLong()).isEqualTo(i);
            assertThat(list.get(i).get("previous_hash").asString())
                    .isEqualTo(list.get(i - 1).get("hash").asString());
            assertThat(list.get(i).get("difficulty").asInt()).isEqualTo(TEST_DIFFICULTY);
            assertThat(list.get(i).get("hash").asString()).startsWith("00");
        }
        Answer head = node.get("/blocks/" + (list.size() - 1));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.json().get("records").get(0).get("type").asString()).isEqualTo("training_proposal");
    }

    @Test
    void shouldAnswerModelQueries() {
        Answer nearest = node.get("/model/nearest-words?word=fever&k=3");
        assertThat(nearest.status()).as(nearest.raw()).isEqualTo(200);
        assertThat(nearest.json().get("neighbours").size()).isEqualTo(3);
        Answer toText = node.get("/model/nearest-to-text?text=high%20fever%20and%20cough&k=5");
        assertThat(toText.status()).isEqualTo(200);
        assertThat(toText.json().get("neighbours").size()).isEqualTo(5);
        assertThat(node.get("/model/nearest-words?word=qwertyuiop").status()).isEqualTo(404);
        assertThat(node.get("/model/nearest-words?word=fever&k=0").status()).isEqualTo(400);
    }

    @Test
    void shouldSaveACheckpointOnTheLedger() {
        Answer saved = node.post("/save-checkpoint", "");
        assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
        assertThat(saved.text("status")).isEqualTo("success");
        assertThat(saved.text("checkpoint", "model_hash")).isEqualTo(snapshot().modelHash());
        Answer history = node.get("/blockchain-history?type=checkpoint_saved");
        assertThat(history.json().get("records").size()).isGreaterThanOrEqualTo(1);
    }
}
