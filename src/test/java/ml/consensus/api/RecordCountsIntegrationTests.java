package ml.consensus.api;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The status counts are maintained with the records, so they must equal a count of the history itself. */
class RecordCountsIntegrationTests extends NodeIntegrationTest {

    private long historyCount(String type) {
        return node.get("/blockchain-history?size=1000" + (type == null ? "" : "&type=" + type))
                .json()
                .get("records")
                .size();
    }

    @Test
    void shouldReportCountsThatMatchTheHistory() {
        String first = propose(List.of("I have a fever"), 0.05);
        String second = propose(List.of("dry cough"), 0.05);
        approve(first, "validator-alice");
        reject(second, "validator-bob");
        assertThat(apply(first).status()).isEqualTo(200);
        assertThat(node.post("/save-checkpoint", "").status()).isEqualTo(200);

        Answer status = node.get("/decentralized/status");
        JsonNode stats = status.json().get("decentralized_stats");
        assertThat(status.number("blockchain", "total_records")).isEqualTo(historyCount(null));
        assertThat(stats.get("total_proposals").asLong()).isEqualTo(historyCount("training_proposal"));
        assertThat(stats.get("total_approvals").asLong()).isEqualTo(historyCount("validator_approval"));
        assertThat(stats.get("total_rejections").asLong()).isEqualTo(historyCount("validator_rejection"));
        assertThat(stats.get("applied_updates").asLong()).isEqualTo(historyCount("model_update_approved"));
        assertThat(stats.get("checkpoints").asLong()).isEqualTo(historyCount("checkpoint_saved"));
    }
}
