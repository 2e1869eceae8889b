package ml.consensus.api;

import java.nio.file.Files;
import java.nio.file.Path;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Back-up by export, restore into an empty data directory: the same chain and the same model hash. */
@ExtendWith(TestDatabase.Availability.class)
class RestoreIntegrationTests {

    private record Observed(long chainLength, String headHash, String modelHash, long trainingSteps) {}

    private static void withNode(Path dataDir, Path restoreFrom, Consumer<NodeClient> session) {
        if (restoreFrom == null) {
            InProcessNode.withNode(dataDir, session);
        } else {
            InProcessNode.withNode(dataDir, session, "--consensus.restore-from=" + restoreFrom);
        }
    }

    private static Observed observe(NodeClient node) {
        Answer status = node.get("/decentralized/status");
        return new Observed(
                status.number("blockchain", "chain_length"),
                status.text("blockchain", "head_hash"),
                status.text("model", "model_hash"),
                status.number("model", "training_steps"));
    }

    private static void train(NodeClient node, List<String> texts) {
        String hash = node.post(
                        "/decentralized/propose-training",
                        NodeClient.json(Map.of("texts", texts, "learning_rate", 0.05)))
                .text("proposal", "proposal_hash");
        assertThat(node.post(
                                "/decentralized/approve-proposal",
                                NodeClient.json(Map.of("proposal_hash", hash, "validator_id", "validator-alice")))
                        .status())
                .isEqualTo(200);
        assertThat(node.post("/decentralized/apply-training", NodeClient.json(Map.of("proposal_hash", hash)))
                        .status())
                .isEqualTo(200);
    }

    private static void save(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldRestoreTheSameChainAndModelFromAnExport() throws Exception {
        Path original = NodeIntegrationTest.newDataDirectory();
        Path backup = Files.createTempFile("backup", ".json");
        Observed[] before = new Observed[1];
        withNode(original, null, node -> {
            train(node, List.of("I have a fever", "High temperature"));
            assertThat(node.post("/save-checkpoint", "").status()).isEqualTo(200);
            train(node, List.of("persistent cough"));
            before[0] = observe(node);
            save(backup, node.get("/export").raw());
        });

        Path restored = NodeIntegrationTest.newDataDirectory();
        withNode(restored, backup, node -> {
            assertThat(observe(node)).isEqualTo(before[0]);
            assertThat(node.get("/verify").json().get("valid").asBoolean()).isTrue();
            train(node, List.of("new data after the restore"));
        });
        // Once restored, the node starts normally without the restore setting.
        withNode(
                restored, null, node -> assertThat(observe(node).chainLength()).isEqualTo(before[0].chainLength() + 3));
    }

    @Test
    void shouldRefuseToRestoreATamperedExportOrOverAnExistingLedger() throws Exception {
        Path original = NodeIntegrationTest.newDataDirectory();
        Path backup = Files.createTempFile("backup", ".json");
        withNode(original, null, node -> {
            train(node, List.of("I have a fever"));
            save(backup, node.get("/export").raw());
        });
        Path tampered = Files.createTempFile("tampered", ".json");
        Files.writeString(tampered, Files.readString(backup).replace("validator-alice", "validator-mallory"));

        Path empty = NodeIntegrationTest.newDataDirectory();
        assertThatThrownBy(() -> withNode(empty, tampered, node -> {})).hasStackTraceContaining("fails verification");
        assertThatThrownBy(() -> withNode(original, backup, node -> {}))
                .hasStackTraceContaining("restore needs an empty data directory");
    }
}
