package ml.consensus.operations;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.support.TestDatabase;

import static ml.consensus.support.PrometheusScrape.delta;
import static ml.consensus.support.PrometheusScrape.scrape;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees where Spring users look: {@code /actuator/health} with the ledger and the
 * database, {@code /actuator/prometheus} with the ledger's meters moving as the ledger grows and
 * refusals counted by reason, and one log line per block written.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperationsIntegrationTests extends NodeIntegrationTest {

    @Test
    void shouldCountWritesMiningAndRefusalsInPrometheus() {
        Map<String, Double> before = scrape(node);

        String hash = propose(List.of("metrics make fever visible"), 0.02);
        assertThat(approve(hash, "validator-alice").status()).isEqualTo(200);
        assertThat(apply(hash).status()).isEqualTo(200);
        NodeClient.Answer twice = apply(hash);
        assertThat(twice.status()).isEqualTo(409);
        NodeClient.Answer malformed = node.post("/decentralized/propose-training", "{\"texts\":");
        assertThat(malformed.status()).isEqualTo(400);
        NodeClient.Answer wrongType = node.post("/decentralized/propose-training", "text/plain", "fever");
        assertThat(wrongType.status()).isEqualTo(415);

        Map<String, Double> after = scrape(node);
        assertThat(delta(before, after, "consensus_proposals_total")).isEqualTo(1);
        assertThat(delta(before, after, "consensus_votes_total{kind=\"approve\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "consensus_votes_total{kind=\"reject\"}"))
                .isZero();
        assertThat(delta(before, after, "consensus_applies_total")).isEqualTo(1);
        assertThat(delta(before, after, "consensus_refusals_total{reason=\"conflict\",status=\"409\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "consensus_refusals_total{reason=\"invalid\",status=\"400\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "consensus_refusals_total{reason=\"unsupported_media_type\",status=\"415\"}"))
                .isEqualTo(1);
        // Three writes, three blocks, each mined at the test difficulty and holding one record.
        assertThat(delta(before, after, "consensus_block_mining_seconds_count")).isEqualTo(3);
        assertThat(delta(before, after, "consensus_block_records_count")).isEqualTo(3);
        assertThat(delta(before, after, "consensus_block_records_sum")).isEqualTo(3);
        assertThat(delta(before, after, "consensus_mining_nonces_total")).isGreaterThanOrEqualTo(3);
        assertThat(after.get("consensus_mining_hashes_per_second")).isPositive();

        LedgerSnapshot now = snapshot();
        assertThat(after.get("consensus_ledger_head_index")).isEqualTo((double) (now.chainLength() - 1));
        assertThat(after.get("consensus_ledger_valid")).isEqualTo(1);
        assertThat(after.get("consensus_model_vocabulary_size"))
                .isEqualTo((double) node.get("/model-info").number("model", "vocab_size"));
    }

    @Test
    void shouldShowTheLedgerAndTheDatabaseInHealth() {
        propose(List.of("health shows the head"), 0.01);
        LedgerSnapshot now = snapshot();

        NodeClient.Answer health = node.get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("UP");
        JsonNode ledger = health.json().get("components").get("ledger");
        assertThat(ledger.get("status").asString()).isEqualTo("UP");
        assertThat(ledger.get("details").get("valid").asBoolean()).isTrue();
        assertThat(ledger.get("details").get("read_only").asBoolean()).isFalse();
        assertThat(ledger.get("details").get("head_index").asLong()).isEqualTo(now.chainLength() - 1);
        assertThat(ledger.get("details").get("model_hash").asString()).isEqualTo(now.modelHash());
        JsonNode db = health.json().get("components").get("db");
        assertThat(db.get("status").asString()).isEqualTo("UP");
        assertThat(db.get("details").get("database").asString())
                .isEqualTo(TestDatabase.isPostgres() ? "PostgreSQL" : "H2");
    }

    @Test
    void shouldLogOneLinePerBlockWritten(CapturedOutput output) {
        NodeClient.Answer proposed = node.post(
                "/decentralized/propose-training",
                NodeClient.json(Map.of("texts", List.of("each block leaves a line"), "learning_rate", 0.01)));
        assertThat(proposed.status()).isEqualTo(200);
        long index = proposed.number("proposal", "block_index");
        String blockHash = node.get("/blocks/" + index).text("hash");

        assertThat(output.getAll())
                .containsPattern("block " + index + " written: hash " + blockHash
                        + ", 1 records \\(training_proposal=1\\) from 1 writes, mined in [0-9.]+ ms at [0-9]+ hashes/s"
                        + " \\(difficulty " + TEST_DIFFICULTY + ", [0-9]+ nonces\\)");
    }

    @Test
    void shouldExposeMetricsWhereSpringUsersLook() {
        NodeClient.Answer metrics = node.get("/actuator/metrics");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.json().get("names").toString())
                .contains(
                        "consensus.proposals",
                        "consensus.block.mining",
                        "consensus.model.vocabulary.size",
                        "consensus.refusals");
    }
}
