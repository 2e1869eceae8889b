package ml.consensus.reliability;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A block that another writer on the same database appended is checked before the node takes it
 * in: one that fails its checks makes the node read-only within a polling interval, naming the
 * block, and the served model stays as it was.
 */
// Its own application name, so no other test class shares (and inherits) the ledger this one breaks.
@TestPropertySource(properties = "spring.application.name=consensus-ml-follower")
@DirtiesContext
class FollowerIntegrationTests extends NodeIntegrationTest {

    private static final String ZEROS = "0".repeat(64);

    @Autowired
    private DataSource dataSource;

    @Test
    void shouldRefuseWritesWhenABlockAppendedBehindItsBackFailsItsChecks() {
        propose(List.of("fever and chills before the forged block"), 0.05);
        LedgerSnapshot before = snapshot();
        long forged = before.chainLength();

        // What a faulty or hostile second writer could store: linked to the head, but its record's
        // hash is not the hash of its body (and the block's hash has no proof of work).
        JdbcTemplate db = new JdbcTemplate(dataSource);
        db.update(
                "insert into blocks (block_index, block_hash, previous_hash, merkle_root, block_timestamp,"
                        + " difficulty, nonce, record_count) values (?, ?, ?, ?, ?, ?, ?, ?)",
                forged,
                "ff" + ZEROS.substring(2),
                before.headHash(),
                ZEROS,
                "2026-11-25T12:00:00.000Z",
                TEST_DIFFICULTY,
                0L,
                1);
        db.update(
                "insert into records (record_hash, block_index, record_position, record_type, body)"
                        + " values (?, ?, ?, ?, ?)",
                "ee" + ZEROS.substring(2),
                forged,
                0,
                "checkpoint_saved",
                "{\"file\":\"x.model\",\"model_hash\":\"" + ZEROS + "\",\"model_version\":0,"
                        + "\"timestamp\":\"2026-11-25T12:00:00.000Z\",\"vocab_size\":1}");

        Answer status = awaitInvalid();
        assertThat(status.text("blockchain", "invalid_reason")).startsWith("block " + forged + ", record 0");
        assertThat(status.text("model", "model_hash")).isEqualTo(before.modelHash());

        Answer refused = node.post(
                "/decentralized/propose-training",
                NodeClient.json(Map.of("texts", List.of("after the forged block"), "learning_rate", 0.05)));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
        RawClient.assertProblem(refused, "propose after a forged block");
        assertThat(refused.text("detail")).contains("read-only").contains("block " + forged);
        assertThat(node.get("/actuator/health").status()).isEqualTo(503);
    }

    /** Polls the status until the node reports its ledger invalid; the follower polls every 200 ms. */
    private Answer awaitInvalid() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            Answer status = node.get("/decentralized/status");
            if (!status.json().get("blockchain").get("is_valid").asBoolean()) {
                return status;
            }
            assertThat(System.nanoTime())
                    .as("node still valid: " + status.raw())
                    .isLessThan(deadline);
            NodeProcess.sleep(20);
        }
    }
}
