package ml.consensus.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import ml.consensus.cluster.LoopbackProxy;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three independent nodes, each its own process of the packaged jar with its own H2 ledger and
 * data directory, ordering blocks through the replicated log (cluster mode, docs/multi-node.md).
 * Each node's Raft port is reached through a {@link LoopbackProxy}, so a test can cut a node off.
 * The tests run in order on one cluster: the seed's workflow through every node, a partitioned
 * follower, then kill -9 of the leader under load.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterProcessesIT {

    private static final int NODES = 3;
    private static final int DIFFICULTY = 8;
    private static final Duration WAIT = Duration.ofSeconds(45);

    private static Path jar;
    private static Path work;
    private static final int[] httpPorts = new int[NODES];
    private static final int[] raftPorts = new int[NODES];
    private static final LoopbackProxy[] proxies = new LoopbackProxy[NODES];
    private static final Path[] dataDirs = new Path[NODES];
    private static final NodeProcess[] nodes = new NodeProcess[NODES];
    private static String peers;

    @BeforeAll
    static void startThreeNodes() throws Exception {
        jar = Path.of(System.getProperty("app.jar"));
        work = Files.createDirectories(Path.of(System.getProperty("crash.work-dir", "target/crash-recovery"))
                .resolveSibling("cluster-processes"));
        List<String> peerList = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            httpPorts[i] = NodeProcess.freePort();
            raftPorts[i] = NodeProcess.freePort();
            proxies[i] = LoopbackProxy.start(NodeProcess.freePort(), raftPorts[i]);
            dataDirs[i] = Files.createTempDirectory(work, "n" + i + "-");
            peerList.add("n" + i + "@127.0.0.1:" + proxies[i].port() + "@http://127.0.0.1:" + httpPorts[i]);
        }
        peers = String.join(",", peerList);
        ExecutorService starting = Executors.newFixedThreadPool(NODES);
        List<Future<NodeProcess>> started = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            int node = i;
            started.add(starting.submit(() -> start(node)));
        }
        for (int i = 0; i < NODES; i++) {
            nodes[i] = started.get(i).get(4, TimeUnit.MINUTES);
        }
        starting.shutdown();
        await("a leader known to every node", () -> leader().isPresent());
    }

    private static NodeProcess start(int node) {
        return NodeProcess.start(
                jar,
                dataDirs[node],
                DIFFICULTY,
                work.resolve("n" + node + ".log"),
                List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m"),
                List.of(
                        "--consensus.cluster.node-id=n" + node,
                        "--consensus.cluster.peers=" + peers,
                        "--consensus.cluster.bind-address=127.0.0.1:" + raftPorts[node],
                        "--consensus.cluster.election-min=700ms",
                        "--consensus.cluster.election-max=1400ms"),
                httpPorts[node]);
    }

    @AfterAll
    static void stop() {
        for (int i = 0; i < NODES; i++) {
            if (nodes[i] != null) {
                nodes[i].close();
            }
            if (proxies[i] != null) {
                proxies[i].close();
            }
        }
    }

    @Test
    @Order(1)
    void shouldRunTheSeedWorkflowThroughAnyNode() {
        Answer proposed = client(0)
                .post(
                        "/decentralized/propose-training",
                        NodeClient.json(Map.of("texts", List.of("A fever and a cough since two days"))));
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(200);
        String hash = proposed.text("proposal", "proposal_hash");
        Answer approved = client(1)
                .post(
                        "/decentralized/approve-proposal",
                        NodeClient.json(Map.of("proposal_hash", hash, "validator_id", "validator-alice")));
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
        Answer applied =
                postUntilAnswered(2, "/decentralized/apply-training", NodeClient.json(Map.of("proposal_hash", hash)));
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        String modelAfter = applied.text("metrics", "model_hash_after");

        // Acknowledged means committed by a majority; every node then applies it on its own ledger.
        await(
                "every node serving the new model",
                () -> allAlive().stream()
                        .allMatch(i ->
                                modelAfter.equals(client(i).get("/model-info").text("model", "model_hash"))));
        Answer second =
                postUntilAnswered(1, "/decentralized/apply-training", NodeClient.json(Map.of("proposal_hash", hash)));
        assertThat(second.status()).as(second.raw()).isEqualTo(409);
        assertOneVerifiedChain(allAlive(), List.of(hash));
    }

    @Test
    @Order(2)
    void shouldRefuseWritesOnACutOffFollowerAndCatchItUpAfterHealing() {
        int leader = leader().orElseThrow();
        int cutOff = (leader + 1) % NODES;
        int other = (leader + 2) % NODES;
        List<String> acknowledged = new ArrayList<>();
        proxies[cutOff].cut();
        try {
            // Once it has missed the leader for an election timeout, the cut-off node refuses writes.
            await("the cut-off node refusing writes with 503", () -> {
                Answer answer = propose(cutOff, "while cut off, at node " + cutOff);
                if (answer.status() == 200) {
                    acknowledged.add(answer.text("proposal", "proposal_hash"));
                    return false;
                }
                assertThat(answer.status()).as(answer.raw()).isEqualTo(503);
                assertThat(answer.text("reason")).isEqualTo("no_quorum");
                return true;
            });
            // The majority goes on, through either of its nodes.
            for (int i = 0; i < 4; i++) {
                for (int node : List.of(leader, other)) {
                    Answer answer = postUntilAnswered(
                            node,
                            "/decentralized/propose-training",
                            NodeClient.json(Map.of("texts", List.of("majority write " + i + " via node " + node))));
                    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
                    acknowledged.add(answer.text("proposal", "proposal_hash"));
                }
            }
            assertThat(headHash(cutOff)).isNotEqualTo(headHash(leader));
        } finally {
            proxies[cutOff].heal();
        }
        await("the healed node at the majority's head", () -> headHash(cutOff).equals(headHash(leader)));
        assertOneVerifiedChain(allAlive(), acknowledged);
    }

    @Test
    @Order(3)
    void shouldLoseNothingAcknowledgedWhenTheLeaderIsKilledUnderLoad() throws Exception {
        int leader = leader().orElseThrow();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger afterKill = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(NODES);
        List<Future<?>> writers = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            int node = i;
            writers.add(load.submit(() -> {
                for (int n = 0; running.get(); n++) {
                    try {
                        Answer answer = propose(node, "load " + n + " via node " + node);
                        if (answer.status() == 200) {
                            acknowledged.add(answer.text("proposal", "proposal_hash"));
                            if (killed.get()) {
                                afterKill.incrementAndGet();
                            }
                        } else {
                            NodeProcess.sleep(50);
                        }
                    } catch (IllegalStateException connectionFailed) {
                        NodeProcess.sleep(50);
                    }
                }
            }));
        }
        await("some writes acknowledged before the kill", () -> acknowledged.size() >= 10);
        assertThat(nodes[leader].kill()).isEqualTo(NodeProcess.SIGKILL_EXIT_STATUS);
        killed.set(true);
        await("writes acknowledged by the new leader", () -> afterKill.get() >= 10);
        running.set(false);
        for (Future<?> writer : writers) {
            writer.get(2, TimeUnit.MINUTES);
        }
        load.shutdown();
        assertOneVerifiedChain(allAlive(), List.copyOf(acknowledged));

        // The killed node comes back on its own data, catches up and holds the same chain.
        nodes[leader] = start(leader);
        int survivor = (leader + 1) % NODES;
        await("the restarted node at the cluster's head", () -> headHash(leader).equals(headHash(survivor)));
        assertOneVerifiedChain(allAlive(), List.copyOf(acknowledged));
    }

    /** Same head on all {@code alive} nodes, every acknowledged proposal on each, and /verify valid on each. */
    private static void assertOneVerifiedChain(List<Integer> alive, List<String> acknowledged) {
        await(
                "one head on nodes " + alive,
                () -> alive.stream()
                                .map(ClusterProcessesIT::headHash)
                                .distinct()
                                .count()
                        == 1);
        for (int node : alive) {
            for (String hash : acknowledged) {
                assertThat(client(node).get("/decentralized/proposals/" + hash).status())
                        .as("acknowledged proposal %s on node %d", hash, node)
                        .isEqualTo(200);
            }
            Answer verify = client(node).get("/verify");
            assertThat(verify.status()).as(verify.raw()).isEqualTo(200);
            assertThat(verify.json().get("valid").asBoolean()).as(verify.raw()).isTrue();
            assertThat(verify.text("live_model_hash")).isEqualTo(verify.text("replayed_model_hash"));
        }
    }

    private static Answer propose(int node, String text) {
        return client(node).post("/decentralized/propose-training", NodeClient.json(Map.of("texts", List.of(text))));
    }

    /**
     * Posts, sending again while the answer is a 503 that says nothing was written (an election
     * under way on a loaded machine), as a client honouring Retry-After does.
     */
    private static Answer postUntilAnswered(int node, String path, String body) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Answer answer = client(node).post(path, body);
            if (answer.status() != 503
                    || !answer.raw().contains("nothing was written")
                    || System.nanoTime() > deadline) {
                return answer;
            }
            NodeProcess.sleep(500);
        }
    }

    private static String headHash(int node) {
        return client(node).get("/decentralized/status").text("blockchain", "head_hash");
    }

    /** The node every live node names as leader, once they agree. */
    private static Optional<Integer> leader() {
        Integer found = null;
        for (int node : allAlive()) {
            JsonNode cluster;
            try {
                cluster = client(node)
                        .get("/actuator/health")
                        .json()
                        .get("components")
                        .get("cluster");
            } catch (IllegalStateException notAnswering) {
                return Optional.empty();
            }
            String named = cluster.get("details").get("leader").asString();
            if (named.isEmpty() || (found != null && !named.equals("n" + found))) {
                return Optional.empty();
            }
            found = Integer.parseInt(named.substring(1));
        }
        return Optional.ofNullable(found).filter(l -> nodes[l].isAlive());
    }

    private static List<Integer> allAlive() {
        List<Integer> alive = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            if (nodes[i] != null && nodes[i].isAlive()) {
                alive.add(i);
            }
        }
        return alive;
    }

    private static NodeClient client(int node) {
        return nodes[node].client();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (IllegalStateException | NullPointerException notYet) {
                // a node not answering yet, or an answer without the field yet
            }
            NodeProcess.sleep(100);
        }
        throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
    }
}
