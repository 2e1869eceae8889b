package ml.consensus.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

import ml.consensus.refusal.Refusal;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.writer.LedgerWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Issue 15, item 2: after an OutOfMemoryError the writer thread was gone, every later write hung
 * forever and health said UP. The fault is injected as a write whose check throws an Error (a
 * test double, not a real OOM); afterwards writes must be refused with a 503 at once, health must
 * be DOWN, and reads must still be served. The context is thrown away afterwards: its writer is dead.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WriterFailureIntegrationTests extends NodeIntegrationTest {

    private static final Duration NEVER_HANG = Duration.ofSeconds(20);

    @Autowired
    private LedgerWriter writer;

    @Test
    void shouldRefuseWritesAndReportDownAfterAnErrorKillsTheWriter() {
        String before = propose(List.of("I have a fever"), 0.05);
        assertThat(before).hasSize(64);
        assertThat(node.get("/actuator/health").status()).isEqualTo(200);
        LedgerSnapshot snapshot = snapshot();

        assertTimeoutPreemptively(
                NEVER_HANG,
                () -> assertThatThrownBy(() -> writer.submit(view -> {
                            throw new OutOfMemoryError("injected by WriterFailureIntegrationTests");
                        }))
                        .isInstanceOf(Refusal.class)
                        .hasMessageContaining("OutOfMemoryError"));

        Answer health = node.get("/actuator/health");
        assertThat(health.status()).as(health.raw()).isEqualTo(503);
        assertThat(health.json().get("status").asString()).isEqualTo("DOWN");
        assertThat(health.json()
                        .get("components")
                        .get("ledger")
                        .get("details")
                        .get("reason")
                        .asString())
                .contains("OutOfMemoryError");

        Answer refused = assertTimeoutPreemptively(
                NEVER_HANG,
                () -> node.post(
                        "/decentralized/propose-training",
                        NodeClient.json(Map.of("texts", List.of("a write after the writer died")))));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
        RawClient.assertProblem(refused, "propose after the writer died");
        assertThat(refused.text("detail")).contains("writer").contains("Restart");
        Answer vote = assertTimeoutPreemptively(NEVER_HANG, () -> approve(before, "validator-alice"));
        assertThat(vote.status()).as(vote.raw()).isEqualTo(503);

        assertThat(snapshot()).as("nothing written").isEqualTo(snapshot);
        assertThat(node.get("/blocks/0").status()).isEqualTo(200);
        assertThat(node.get("/decentralized/proposals/" + before).status()).isEqualTo(200);
    }
}
