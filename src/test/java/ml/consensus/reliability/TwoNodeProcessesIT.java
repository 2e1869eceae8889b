package ml.consensus.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two nodes as two operating-system processes of the packaged jar, on one PostgreSQL database:
 * both take writes, the database keeps one chain, and an update applied through one is served by
 * the other within a second. MultiNodeIntegrationTests checks the same and more with two
 * application contexts in one JVM; this one leaves nothing shared but the database.
 *
 * <p>Runs where the tests' PostgreSQL server is configured (CONSENSUS_DB_URL, as .ci/run sets);
 * skipped otherwise, unless CONSENSUS_POSTGRES_TESTS=required, which makes that a failure.
 */
class TwoNodeProcessesIT {

    private static final int PROPOSALS_PER_NODE = 8;

    private static NodeProcess nodeA;
    private static NodeProcess nodeB;

    @BeforeAll
    static void startTwoProcessesOnOneDatabase() throws Exception {
        boolean configured = System.getenv("CONSENSUS_DB_URL") != null;
        if (!configured && "required".equals(System.getenv("CONSENSUS_POSTGRES_TESTS"))) {
            throw new IllegalStateException("CONSENSUS_POSTGRES_TESTS=required but CONSENSUS_DB_URL is not set");
        }
        assumeTrue(configured, "no PostgreSQL server configured (CONSENSUS_DB_URL): two-process test skipped");
        System.setProperty(TestDatabase.SELECTOR, TestDatabase.POSTGRESQL);
        Path work = Files.createDirectories(Path.of(System.getProperty("crash.work-dir", "target/crash-recovery"))
                .resolveSibling("two-node-processes"));
        Path jar = Path.of(System.getProperty("app.jar"));
        List<String> database = TestDatabase.sharedDatabaseArguments(Files.createTempDirectory(work, "database"));
        nodeA = NodeProcess.start(
                jar, Files.createTempDirectory(work, "node-a"), 8, work.resolve("node-a.log"), List.of(), database);
        nodeB = NodeProcess.start(
                jar, Files.createTempDirectory(work, "node-b"), 8, work.resolve("node-b.log"), List.of(), database);
    }

    @AfterAll
    static void stop() {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        System.clearProperty(TestDatabase.SELECTOR);
    }

    @Test
    void shouldServeAnUpdateAppliedThroughTheOtherProcessWithinASecond() throws Exception {
        NodeClient a = nodeA.client();
        NodeClient b = nodeB.client();
        Answer proposed = a.post(
                "/decentralized/propose-training",
                NodeClient.json(Map.of("texts", List.of("A fever and a cough since two days"))));
        assertThat(proposed.status()).isEqualTo(200);
        String hash = proposed.text("proposal", "proposal_hash");

        Answer approved = b.post(
                "/decentralized/approve-proposal",
                NodeClient.json(Map.of("proposal_hash", hash, "validator_id", "validator-alice")));
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
        Answer applied = a.post("/decentralized/apply-training", NodeClient.json(Map.of("proposal_hash", hash)));
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        String modelAfter = applied.text("metrics", "model_hash_after");

        long answered = System.nanoTime();
        while (!modelAfter.equals(b.get("/model-info").text("model", "model_hash"))
                && System.nanoTime() - answered < 1_000_000_000L) {
            Thread.sleep(10);
        }
        assertThat(b.get("/model-info").text("model", "model_hash")).isEqualTo(modelAfter);
        assertThat(System.nanoTime() - answered).isLessThan(1_000_000_000L);
    }

    @Test
    void shouldKeepOneChainWhileBothProcessesWrite() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Answer>> writes = new ArrayList<>();
        for (int i = 0; i < PROPOSALS_PER_NODE; i++) {
            for (NodeProcess node : List.of(nodeA, nodeB)) {
                String text =
                        "process batch " + i + " through port " + node.client().hashCode();
                writes.add(pool.submit(() -> node.client()
                        .post("/decentralized/propose-training", NodeClient.json(Map.of("texts", List.of(text))))));
            }
        }
        List<String> hashes = new ArrayList<>();
        for (Future<Answer> write : writes) {
            Answer answer = write.get();
            assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
            hashes.add(answer.text("proposal", "proposal_hash"));
        }
        pool.shutdown();

        // Both nodes have followed to the same head, every acknowledged proposal is on it once,
        // and each node verifies the whole chain and its own model against a replay.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!sameHead() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sameHead()).isTrue();
        for (String hash : hashes) {
            assertThat(nodeB.client().get("/decentralized/proposals/" + hash).status())
                    .isEqualTo(200);
            assertThat(nodeA.client().get("/decentralized/proposals/" + hash).status())
                    .isEqualTo(200);
        }
        assertThat(hashes).doesNotHaveDuplicates();
        for (NodeProcess node : List.of(nodeA, nodeB)) {
            Answer verify = node.client().get("/verify");
            assertThat(verify.status()).as(verify.raw()).isEqualTo(200);
            assertThat(verify.json().get("valid").asBoolean()).as(verify.raw()).isTrue();
            assertThat(verify.text("live_model_hash")).isEqualTo(verify.text("replayed_model_hash"));
        }
    }

    private static boolean sameHead() {
        return nodeA.client()
                .get("/decentralized/status")
                .text("blockchain", "head_hash")
                .equals(nodeB.client().get("/decentralized/status").text("blockchain", "head_hash"));
    }
}
