package ml.consensus.reliability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import ml.consensus.support.InProcessNode;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real nodes (two application contexts, each with its own HTTP port, data directory, head
 * anchor and served model) on one ledger database: H2 in the default run, PostgreSQL in the
 * PostgreSQL run. Both take writes at the same time, some of them conflicting; the ledger must
 * stay one chain that both verify, every acknowledged write must be on it exactly once, every
 * refusal must be a 4xx problem, and a model update applied through one node must be served by
 * the other within a second.
 */
@ExtendWith(TestDatabase.Availability.class)
class MultiNodeIntegrationTests {

    private static final int PROPOSALS = 8;
    private static final AtomicInteger BATCH = new AtomicInteger();

    private static ConfigurableApplicationContext contextA;
    private static ConfigurableApplicationContext contextB;
    private static NodeClient nodeA;
    private static NodeClient nodeB;

    @BeforeAll
    static void startTwoNodesOnOneDatabase() {
        Path database = NodeIntegrationTest.newDataDirectory();
        contextA = start(database);
        contextB = start(database);
        nodeA = client(contextA);
        nodeB = client(contextB);
    }

    private static ConfigurableApplicationContext start(Path database) {
        return InProcessNode.start(
                NodeIntegrationTest.newDataDirectory(),
                TestDatabase.sharedDatabaseArguments(database),
                "--consensus.validators-required=2");
    }

    private static NodeClient client(ConfigurableApplicationContext context) {
        return InProcessNode.client(context);
    }

    @AfterAll
    static void stop() {
        if (contextA != null) {
            contextA.close();
        }
        if (contextB != null) {
            contextB.close();
        }
    }

    @Test
    void shouldKeepOneChainWhileBothNodesTakeConflictingWritesAtOnce() throws Exception {
        awaitSameHead();
        // The test methods share the ledger: counts are compared with what was there before.
        Answer before = nodeA.get("/decentralized/status");
        List<String> hashes = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            // Proposals through both nodes at once.
            List<Future<String>> proposed = new ArrayList<>();
            for (int i = 0; i < PROPOSALS; i++) {
                NodeClient node = i % 2 == 0 ? nodeA : nodeB;
                proposed.add(clients.submit(() -> proposalHash(node.post(
                        "/decentralized/propose-training",
                        NodeClient.json(
                                Map.of("texts", List.of(batch()), "learning_rate", 0.05, "allow_rebase", true))))));
            }
            for (Future<String> future : proposed) {
                hashes.add(future.get());
            }

            // For each proposal at once: alice votes through both nodes (one must lose), bob through one.
            List<Callable<Answer>> votes = new ArrayList<>();
            for (String hash : hashes) {
                votes.add(() -> vote(nodeA, hash, "validator-alice"));
                votes.add(() -> vote(nodeB, hash, "validator-alice"));
                votes.add(() -> vote(nodeB, hash, "validator-bob"));
            }
            List<Answer> voteAnswers = all(clients, votes);
            for (int p = 0; p < hashes.size(); p++) {
                List<Answer> alice = List.of(voteAnswers.get(3 * p), voteAnswers.get(3 * p + 1));
                assertThat(alice)
                        .extracting(Answer::status)
                        .as(alice.toString())
                        .containsExactlyInAnyOrder(200, 409);
                assertProblem(
                        alice.stream()
                                .filter(a -> a.status() == 409)
                                .findFirst()
                                .orElseThrow(),
                        "already voted");
                assertThat(voteAnswers.get(3 * p + 2).status())
                        .as(voteAnswers.get(3 * p + 2).raw())
                        .isEqualTo(200);
            }

            // Each proposal applied through both nodes at once: exactly one apply per proposal.
            List<Callable<Answer>> applies = new ArrayList<>();
            for (String hash : hashes) {
                applies.add(() -> apply(nodeA, hash));
                applies.add(() -> apply(nodeB, hash));
            }
            List<Answer> applyAnswers = all(clients, applies);
            for (int p = 0; p < hashes.size(); p++) {
                List<Answer> pair = List.of(applyAnswers.get(2 * p), applyAnswers.get(2 * p + 1));
                assertThat(pair).extracting(Answer::status).as(pair.toString()).containsExactlyInAnyOrder(200, 409);
                assertProblem(
                        pair.stream().filter(a -> a.status() == 409).findFirst().orElseThrow(), "already applied");
            }

            // A vote through B on a proposal applied (through either node) is refused, not a 500.
            Answer late = vote(nodeB, hashes.get(0), "validator-carol");
            assertThat(late.status()).as(late.raw()).isEqualTo(409);
            assertProblem(late, "already applied");
        } finally {
            clients.shutdownNow();
        }

        String headA = awaitSameHead();
        for (NodeClient node : List.of(nodeA, nodeB)) {
            assertThat(proposalHashes(node)).containsAll(hashes);
            for (String hash : hashes) {
                JsonNode proposal = node.get("/decentralized/proposals/" + hash).json();
                assertThat(proposal.get("state").asString()).isEqualTo("applied");
                List<String> voters = new ArrayList<>();
                proposal.get("votes")
                        .forEach(v -> voters.add(v.get("validator_id").asString()));
                assertThat(voters).as("votes on " + hash).containsExactlyInAnyOrder("validator-alice", "validator-bob");
            }
            Answer status = node.get("/decentralized/status");
            for (String counter : List.of("total_proposals", "applied_updates")) {
                assertThat(status.number("decentralized_stats", counter))
                        .as(counter)
                        .isEqualTo(before.number("decentralized_stats", counter) + PROPOSALS);
            }
            assertThat(status.number("decentralized_stats", "total_approvals"))
                    .isEqualTo(before.number("decentralized_stats", "total_approvals") + 2L * PROPOSALS);
            // Every record on the chain is counted once, however many nodes wrote.
            assertThat(status.number("blockchain", "total_records")).isEqualTo(historyTotal(node));
            assertThat(status.text("blockchain", "head_hash")).isEqualTo(headA);
            assertVerified(node);
        }
        assertThat(modelHash(nodeA)).isEqualTo(modelHash(nodeB));
    }

    @Test
    void shouldServeAnUpdateAppliedThroughOneNodeFromTheOtherWithinASecond() {
        awaitSameHead();
        String hash = proposalHash(nodeA.post(
                "/decentralized/propose-training",
                NodeClient.json(Map.of("texts", List.of(batch()), "learning_rate", 0.05, "allow_rebase", true))));
        // The votes go through B: A must see them on the shared ledger to let the apply through.
        assertThat(vote(nodeB, hash, "validator-alice").status()).isEqualTo(200);
        assertThat(vote(nodeB, hash, "validator-bob").status()).isEqualTo(200);
        Answer applied = apply(nodeA, hash);
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        String expected = applied.text("metrics", "model_hash_after");
        long appliedAt = System.nanoTime();

        long waitedMillis = -1;
        while (System.nanoTime() - appliedAt < 3_000_000_000L) {
            if (modelHash(nodeB).equals(expected)) {
                waitedMillis = (System.nanoTime() - appliedAt) / 1_000_000;
                break;
            }
            NodeProcess.sleep(10);
        }
        System.out.printf("[multi-node] update applied through A served by B after %d ms%n", waitedMillis);
        assertThat(waitedMillis).as("milliseconds until B served A's update").isBetween(0L, 1000L);
        assertThat(modelHash(nodeA)).isEqualTo(expected);
        assertVerified(nodeB);
    }

    // ---------------------------------------------------------------- helpers

    private static String batch() {
        return "multi node batch " + BATCH.incrementAndGet() + " fever and dry cough at night";
    }

    private static String proposalHash(Answer answer) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.text("proposal", "proposal_hash");
    }

    private static Answer vote(NodeClient node, String hash, String validator) {
        return node.post(
                "/decentralized/approve-proposal",
                NodeClient.json(Map.of("proposal_hash", hash, "validator_id", validator)));
    }

    private static Answer apply(NodeClient node, String hash) {
        return node.post("/decentralized/apply-training", NodeClient.json(Map.of("proposal_hash", hash)));
    }

    private static List<Answer> all(ExecutorService clients, List<Callable<Answer>> calls) throws Exception {
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> future : clients.invokeAll(calls)) {
            answers.add(future.get());
        }
        return answers;
    }

    private static void assertProblem(Answer answer, String detail) {
        assertThat(answer.contentType()).as(answer.raw()).startsWith("application/problem+json");
        assertThat(answer.text("detail")).contains(detail);
    }

    private static String modelHash(NodeClient node) {
        return node.get("/model-info").text("model", "model_hash");
    }

    /** Waits until both nodes have followed the ledger to the same head and serve the same model. */
    private static String awaitSameHead() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            String headA = nodeA.get("/decentralized/status").text("blockchain", "head_hash");
            String headB = nodeB.get("/decentralized/status").text("blockchain", "head_hash");
            if (headA.equals(headB) && modelHash(nodeA).equals(modelHash(nodeB))) {
                return headA;
            }
            assertThat(System.nanoTime())
                    .as("nodes still apart: heads " + headA + " / " + headB)
                    .isLessThan(deadline);
            NodeProcess.sleep(20);
        }
    }

    /** {@code /verify}: the whole chain valid, and the replay equal to the model the node serves. */
    private static void assertVerified(NodeClient node) {
        Answer chainLength = node.get("/decentralized/status");
        Answer verify = node.get("/verify");
        assertThat(verify.json().get("valid").asBoolean()).as(verify.raw()).isTrue();
        assertThat(verify.number("blocks_checked")).isEqualTo(chainLength.number("blockchain", "chain_length"));
        assertThat(verify.text("live_model_hash")).isEqualTo(verify.text("replayed_model_hash"));
    }

    private static List<String> proposalHashes(NodeClient node) {
        List<String> hashes = new ArrayList<>();
        node.get("/decentralized/proposals?size=1000")
                .json()
                .get("proposals")
                .forEach(p -> hashes.add(p.get("proposal_hash").asString()));
        return hashes;
    }

    /** Records on the chain, counted one by one from the history (not from the maintained counts). */
    private static long historyTotal(NodeClient node) {
        return node.get("/blockchain-history?size=1000").number("count");
    }
}
