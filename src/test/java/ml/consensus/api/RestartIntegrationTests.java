package ml.consensus.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ml.consensus.support.InProcessNode;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** Stops and restarts the real application on the same data directory (and ledger database). */
@ExtendWith(TestDatabase.Availability.class)
class RestartIntegrationTests {

    private record Observed(long chainLength, long totalRecords, String headHash, String modelHash) {}

    private static void withNode(Path dataDir, Consumer<NodeClient> session) {
        InProcessNode.withNode(dataDir, session);
    }

    private static Observed observe(NodeClient node) {
        Answer status = node.get("/decentralized/status");
        return new Observed(
                status.number("blockchain", "chain_length"),
                status.number("blockchain", "total_records"),
                status.text("blockchain", "head_hash"),
                status.text("model", "model_hash"));
    }

    private static void train(NodeClient node, List<String> texts) {
        Answer proposed = node.post(
                "/decentralized/propose-training", NodeClient.json(Map.of("texts", texts, "learning_rate", 0.05)));
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(200);
        String hash = proposed.text("proposal", "proposal_hash");
        assertThat(node.post(
                                "/decentralized/approve-proposal",
                                NodeClient.json(Map.of("proposal_hash", hash, "validator_id", "validator-alice")))
                        .status())
                .isEqualTo(200);
        Answer applied = node.post("/decentralized/apply-training", NodeClient.json(Map.of("proposal_hash", hash)));
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
    }

    private static void assertVerified(NodeClient node) {
        Answer verify = node.get("/verify");
        assertThat(verify.json().get("valid").asBoolean()).as(verify.raw()).isTrue();
    }

    @Test
    void shouldBringBackTheSameChainAndModelAfterARestart() {
        Path dataDir = NodeIntegrationTest.newDataDirectory();
        Observed[] before = new Observed[1];
        withNode(dataDir, node -> {
            train(node, List.of("I have a fever", "High temperature"));
            train(node, List.of("persistent dry cough", "wheezing at night"));
            before[0] = observe(node);
        });
        withNode(dataDir, node -> {
            assertThat(observe(node)).isEqualTo(before[0]);
            assertVerified(node);
            Answer health = node.get("/actuator/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json()
                            .get("components")
                            .get("ledger")
                            .get("status")
                            .asString())
                    .isEqualTo("UP");
            train(node, List.of("take ibuprofen with food"));
            assertThat(observe(node).chainLength()).isEqualTo(before[0].chainLength() + 3);
        });
    }

    @Test
    void shouldRestoreFromTheCheckpointAndReplayOnlyTheTail() throws Exception {
        Path dataDir = NodeIntegrationTest.newDataDirectory();
        Observed[] before = new Observed[1];
        withNode(dataDir, node -> {
            train(node, List.of("I have a fever"));
            assertThat(node.post("/save-checkpoint", "").status()).isEqualTo(200);
            train(node, List.of("nausea and dizziness"));
            before[0] = observe(node);
        });
        try (var files = Files.list(dataDir.resolve("checkpoints"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".model")).count())
                    .isEqualTo(1);
        }
        withNode(dataDir, node -> {
            assertThat(observe(node)).isEqualTo(before[0]);
            assertVerified(node);
        });
        // A damaged checkpoint is ignored: start-up falls back to replaying from genesis.
        try (var files = Files.list(dataDir.resolve("checkpoints"))) {
            Path checkpoint = files.filter(f -> f.toString().endsWith(".model"))
                    .findFirst()
                    .orElseThrow();
            byte[] bytes = Files.readAllBytes(checkpoint);
            bytes[bytes.length - 1] ^= 1;
            Files.write(checkpoint, bytes);
        }
        withNode(dataDir, node -> {
            assertThat(observe(node)).isEqualTo(before[0]);
            assertVerified(node);
        });
    }

    @Test
    void shouldDetectARowChangedBehindItsBackAndRefuseWrites() throws Exception {
        Path dataDir = NodeIntegrationTest.newDataDirectory();
        withNode(dataDir, node -> train(node, List.of("I have a fever", "High temperature")));

        // Change one approval's validator behind the service's back (hash columns left as they were).
        try (Connection db = TestDatabase.connect(dataDir);
                PreparedStatement forge = db.prepareStatement(
                        "update records set body = replace(body, 'validator-alice', 'validator-mallory')"
                                + " where record_type = 'validator_approval'")) {
            assertThat(forge.executeUpdate()).isEqualTo(1);
        }

        withNode(dataDir, node -> {
            Answer status = node.get("/decentralized/status");
            assertThat(status.json().get("blockchain").get("is_valid").asBoolean())
                    .isFalse();
            assertThat(status.text("blockchain", "invalid_reason")).contains("block 2, record 0");

            Answer verify = node.get("/verify");
            assertThat(verify.json().get("valid").asBoolean()).isFalse();
            assertThat(verify.number("failure", "block_index")).isEqualTo(2);
            assertThat(verify.number("failure", "record_index")).isZero();
            assertThat(verify.text("failure", "check")).isEqualTo("record_hash");

            Answer health = node.get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json()
                            .get("components")
                            .get("ledger")
                            .get("status")
                            .asString())
                    .isEqualTo("OUT_OF_SERVICE");
            assertThat(health.json()
                            .get("components")
                            .get("ledger")
                            .get("details")
                            .get("reason")
                            .asString())
                    .contains("block 2, record 0");

            Answer refused = node.post("/decentralized/propose-training", "{\"texts\":[\"more data\"]}");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.text("detail")).contains("read-only").contains("block 2");
            assertThat(observe(node).chainLength()).isEqualTo(4);
        });
    }
}
