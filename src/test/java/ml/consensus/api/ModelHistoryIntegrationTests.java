package ml.consensus.api;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /model/history}: the base model and the model after each applied update, as the ledger records them. */
class ModelHistoryIntegrationTests extends NodeIntegrationTest {

    /** Proposes, approves and applies {@code texts}; returns the apply's metrics. */
    private JsonNode applyBatch(List<String> texts) {
        String hash = propose(texts, 0.03);
        assertThat(approve(hash, "validator-alice").status()).isEqualTo(200);
        Answer applied = apply(hash);
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        return applied.json().get("metrics");
    }

    private List<JsonNode> allUpdates() {
        List<JsonNode> updates = new ArrayList<>();
        node.get("/model/history").json().get("updates").forEach(updates::add);
        return updates;
    }

    @Test
    void shouldStartWithTheBaseModelOfTheGenesisBlock() {
        JsonNode genesis = node.get("/model/history").json().get("genesis");
        JsonNode genesisRecord = node.get("/blocks/0").json().get("records").get(0);
        assertThat(genesis.get("block_index").asLong()).isZero();
        assertThat(genesis.get("training_steps").asLong()).isZero();
        assertThat(genesis.get("vocab_size").asInt())
                .isEqualTo(genesisRecord.get("vocab_size").asInt());
        assertThat(genesis.get("model_hash").asString())
                .isEqualTo(genesisRecord.get("model_hash").asString());
        assertThat(genesis.get("proposal_hash").isNull()).isTrue();
    }

    @Test
    void shouldListEveryAppliedUpdateInChainOrderWithItsModelHash() {
        JsonNode first = applyBatch(List.of("A rash on the arm after a bee sting", "Itching and swelling"));
        JsonNode second = applyBatch(List.of("Dizziness when standing up quickly", "Blurred vision and headache"));

        Answer answer = node.get("/model/history");
        assertThat(answer.status()).isEqualTo(200);
        List<JsonNode> updates = allUpdates();
        assertThat(answer.number("total_updates"))
                .isEqualTo(updates.size())
                .isEqualTo(node.get("/decentralized/status").number("decentralized_stats", "applied_updates"));
        JsonNode last = updates.get(updates.size() - 1);
        JsonNode beforeLast = updates.get(updates.size() - 2);
        assertUpdate(beforeLast, first);
        assertUpdate(last, second);
        JsonNode model = node.get("/model-info").json().get("model");
        assertThat(last.get("model_hash").asString())
                .isEqualTo(model.get("model_hash").asString());
        assertThat(last.get("training_steps").asLong())
                .isEqualTo(model.get("training_steps").asLong());
        assertThat(last.get("vocab_size").asInt())
                .isEqualTo(model.get("vocab_size").asInt());
        for (int i = 1; i < updates.size(); i++) {
            assertThat(updates.get(i).get("block_index").asLong())
                    .isGreaterThan(updates.get(i - 1).get("block_index").asLong());
            assertThat(updates.get(i).get("training_steps").asLong())
                    .isEqualTo(updates.get(i - 1).get("training_steps").asLong() + 1);
        }
    }

    private static void assertUpdate(JsonNode state, JsonNode metrics) {
        assertThat(state.get("block_index").asLong())
                .isEqualTo(metrics.get("block_index").asLong());
        assertThat(state.get("vocab_size").asInt())
                .isEqualTo(metrics.get("vocab_after").asInt());
        assertThat(state.get("model_hash").asString())
                .isEqualTo(metrics.get("model_hash_after").asString());
        assertThat(state.get("proposal_hash").asString())
                .isEqualTo(metrics.get("proposal_hash").asString());
    }

    @Test
    void shouldServeTheUpdatesAPageAtATime() {
        applyBatch(List.of("Nausea after eating shellfish"));
        List<JsonNode> all = allUpdates();
        int total = all.size();

        JsonNode lastPage =
                node.get("/model/history?page=" + (total - 1) + "&size=1").json();
        assertThat(lastPage.get("count").asInt()).isEqualTo(1);
        assertThat(lastPage.get("updates").get(0)).isEqualTo(all.get(total - 1));
        assertThat(lastPage.get("genesis"))
                .isEqualTo(node.get("/model/history").json().get("genesis"));

        JsonNode beyond = node.get("/model/history?page=" + total + "&size=1").json();
        assertThat(beyond.get("updates").isEmpty()).isTrue();
        assertThat(beyond.get("total_updates").asLong()).isEqualTo(total);
    }

    @ParameterizedTest(name = "GET /model/history?{0}")
    @ValueSource(strings = {"size=0", "size=1001", "page=-1", "page=x", "size=1.5", "page=2147483647&size=1000"})
    void shouldRefuseBadPagingWithAProblemAndChangeNothing(String query) {
        LedgerSnapshot before = snapshot();
        Answer answer = node.get("/model/history?" + query);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("detail")).isNotBlank();
        assertThat(snapshot()).isEqualTo(before);
    }
}
