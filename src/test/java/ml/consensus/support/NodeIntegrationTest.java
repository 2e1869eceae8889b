package ml.consensus.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import ml.consensus.hashing.Sha256;
import ml.consensus.validator.LedgerBinding;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base for tests that drive the real application over real HTTP, on an H2 file database in a
 * fresh temporary directory per test class (or, in the PostgreSQL run, a fresh PostgreSQL database:
 * see {@link TestDatabase}). Proof-of-work difficulty is lowered to keep the suite fast; the rules
 * are the same at any difficulty.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles(resolver = TestDatabase.Profiles.class)
@ExtendWith(TestDatabase.Availability.class)
public abstract class NodeIntegrationTest {

    public static final int TEST_DIFFICULTY = 8;

    @LocalServerPort
    private int port;

    protected NodeClient node;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        Path dir = newDataDirectory();
        registry.add("consensus.data-dir", dir::toString);
        registry.add("consensus.difficulty", () -> TEST_DIFFICULTY);
        TestDatabase.register(registry, dir);
    }

    public static Path newDataDirectory() {
        try {
            return Files.createTempDirectory("consensus-ml-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void connect() {
        node = new NodeClient(port);
    }

    /**
     * The ledger this node's signatures must name, read from {@code ledger_id} in its status
     * (a new ledger always has one, so test signatures are format v2).
     */
    protected LedgerBinding ledger() {
        return ledgerOf(node);
    }

    /** As {@link #ledger()}, for any node. */
    public static LedgerBinding ledgerOf(NodeClient client) {
        tools.jackson.databind.JsonNode id =
                client.get("/decentralized/status").json().get("ledger_id");
        return id == null || !id.isString() ? LedgerBinding.LEGACY : LedgerBinding.of(Sha256.fromHex(id.asString()));
    }

    /** Proposes texts and returns the proposal hash, asserting success. */
    protected String propose(List<String> texts, double learningRate) {
        NodeClient.Answer answer = node.post(
                "/decentralized/propose-training",
                NodeClient.json(Map.of("texts", texts, "learning_rate", learningRate)));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.text("proposal", "proposal_hash");
    }

    protected NodeClient.Answer approve(String proposalHash, String validator) {
        return node.post(
                "/decentralized/approve-proposal",
                NodeClient.json(Map.of("proposal_hash", proposalHash, "validator_id", validator)));
    }

    protected NodeClient.Answer reject(String proposalHash, String validator) {
        return node.post(
                "/decentralized/reject-proposal",
                NodeClient.json(Map.of("proposal_hash", proposalHash, "validator_id", validator)));
    }

    protected NodeClient.Answer apply(String proposalHash) {
        return node.post("/decentralized/apply-training", NodeClient.json(Map.of("proposal_hash", proposalHash)));
    }

    /** What a refused request must leave unchanged: the chain head, the record count and the model. */
    public record LedgerSnapshot(
            long chainLength, long totalRecords, String headHash, String modelHash, long trainingSteps) {}

    protected LedgerSnapshot snapshot() {
        NodeClient.Answer status = node.get("/decentralized/status");
        assertThat(status.status()).isEqualTo(200);
        return new LedgerSnapshot(
                status.number("blockchain", "chain_length"),
                status.number("blockchain", "total_records"),
                status.text("blockchain", "head_hash"),
                status.text("model", "model_hash"),
                status.number("model", "training_steps"));
    }
}
