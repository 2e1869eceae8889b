package ml.consensus.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ml.consensus.support.NodeClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three nodes in cluster mode, each a process of the packaged jar in a network namespace of its
 * own, made by the test: one veth per node into a "switch" namespace holding a bridge, nodes on
 * 10.77.0.1-3. Cutting a node's link at the switch is a real, symmetric partition (Raft and HTTP
 * both): the majority goes on, the cut-off node refuses writes with 503, and after healing it
 * catches up and verifies. The test talks to each node from inside its namespace (curl through
 * {@code ip netns exec}), so the host's own network is not touched.
 *
 * <p>Needs Linux, the {@code ip} and {@code curl} commands and the right to create namespaces
 * (root, or CAP_NET_ADMIN and CAP_SYS_ADMIN); skipped, saying which is missing, otherwise.
 */
class ClusterNetnsIT {

    private static final int NODES = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A JVM start on a loaded 2-core machine can take a minute or more; as NodeProcess allows. */
    private static final Duration START_WAIT = Duration.ofMinutes(3);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TAG = Long.toString(ProcessHandle.current().pid() % 100_000);
    private static final String SWITCH = "cmsw" + TAG;

    private static final List<String> namespaces = new ArrayList<>();
    private static final Process[] nodes = new Process[NODES];
    private static Path work;

    @BeforeAll
    static void makeNamespacesAndStartNodes() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "network namespaces need Linux");
        assumeTrue(run("ip", "-V").exitCode == 0, "the ip command (iproute2) is not installed");
        assumeTrue(run("curl", "--version").exitCode == 0, "curl is not installed");
        Result probe = run("ip", "netns", "add", SWITCH);
        assumeTrue(
                probe.exitCode == 0,
                "this machine does not allow creating network namespaces (" + probe.output.strip() + ")");
        namespaces.add(SWITCH);
        sh(SWITCH, "ip link add br0 type bridge && ip link set br0 up && ip link set lo up");
        for (int i = 0; i < NODES; i++) {
            String ns = node(i);
            check(run("ip", "netns", "add", ns));
            namespaces.add(ns);
            String nodeEnd = "cmv" + TAG + i;
            String switchEnd = "cms" + TAG + i;
            check(run("ip", "link", "add", nodeEnd, "type", "veth", "peer", "name", switchEnd));
            check(run("ip", "link", "set", nodeEnd, "netns", ns));
            check(run("ip", "link", "set", switchEnd, "netns", SWITCH));
            sh(SWITCH, "ip link set " + switchEnd + " master br0 && ip link set " + switchEnd + " up");
            sh(
                    ns,
                    "ip link set lo up && ip addr add " + address(i) + "/24 dev " + nodeEnd + " && ip link set "
                            + nodeEnd + " up");
        }
        work = Files.createDirectories(Path.of(System.getProperty("crash.work-dir", "target/crash-recovery"))
                .resolveSibling("cluster-netns"));
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            peers.add("n" + i + "@" + address(i) + ":6000@http://" + address(i) + ":5000");
        }
        Path jar = Path.of(System.getProperty("app.jar"));
        for (int i = 0; i < NODES; i++) {
            Path data = Files.createTempDirectory(work, "n" + i + "-");
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", node(i)));
            command.addAll(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-Xmx384m",
                    "-jar",
                    jar.toString(),
                    "--server.port=5000",
                    "--consensus.data-dir=" + data,
                    "--consensus.difficulty=8",
                    "--spring.main.banner-mode=off",
                    "--consensus.cluster.node-id=n" + i,
                    "--consensus.cluster.peers=" + String.join(",", peers),
                    "--consensus.cluster.election-min=700ms",
                    "--consensus.cluster.election-max=1400ms"));
            nodes[i] = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            work.resolve("n" + i + ".log").toFile()))
                    .start();
        }
        for (int i = 0; i < NODES; i++) {
            int node = i;
            await("node " + i + " answering", START_WAIT, () -> get(node, "/decentralized/status").status == 200);
        }
        await("a leader", () -> leader() >= 0);
    }

    @AfterAll
    static void removeEverything() throws Exception {
        for (Process node : nodes) {
            if (node != null) {
                node.destroyForcibly();
                node.waitFor(30, TimeUnit.SECONDS);
            }
        }
        // Deleting a namespace deletes the veth ends in it, and so their peers.
        for (String ns : namespaces) {
            run("ip", "netns", "del", ns);
        }
    }

    @Test
    void shouldKeepTheMajorityGoingAndCatchUpANodeCutOffByARealPartition() throws Exception {
        Answer proposed = proposeUntilAnswered(0, "a fever and a cough, in a namespace");
        assertThat(proposed.status).as(proposed.raw).isEqualTo(200);
        int leader = leader();
        int cut = (leader + 1) % NODES;
        int other = (leader + 2) % NODES;

        sh(SWITCH, "ip link set cms" + TAG + cut + " down");
        List<String> acknowledged = new ArrayList<>();
        try {
            // A write forwarded over a connection opened before the cut waits out the forwarding timeout (30 s).
            await("the cut-off node refusing writes", START_WAIT, () -> {
                Answer answer = propose(cut, "while cut off");
                assertThat(answer.status).as(answer.raw).isIn(200, 503);
                if (answer.status == 200) {
                    acknowledged.add(
                            answer.json.get("proposal").get("proposal_hash").asString());
                }
                return answer.status == 503
                        && "no_quorum".equals(answer.json.get("reason").asString());
            });
            for (int node : List.of(leader, other, leader, other)) {
                Answer answer = proposeUntilAnswered(node, "majority write via n" + node + " " + acknowledged.size());
                assertThat(answer.status).as(answer.raw).isEqualTo(200);
                acknowledged.add(
                        answer.json.get("proposal").get("proposal_hash").asString());
            }
        } finally {
            sh(SWITCH, "ip link set cms" + TAG + cut + " up");
        }
        await("the healed node at the majority's head", () -> headHash(cut).equals(headHash(leader)));
        for (int node = 0; node < NODES; node++) {
            for (String hash : acknowledged) {
                assertThat(get(node, "/decentralized/proposals/" + hash).status)
                        .as("proposal %s on n%d", hash, node)
                        .isEqualTo(200);
            }
            Answer verify = get(node, "/verify");
            assertThat(verify.json.get("valid").asBoolean()).as(verify.raw).isTrue();
        }
    }

    private static String node(int i) {
        return "cmn" + TAG + "-" + i;
    }

    private static String address(int i) {
        return "10.77.0." + (i + 1);
    }

    private static int leader() {
        JsonNode health = get(0, "/actuator/health").json;
        String leader = health.get("components")
                .get("cluster")
                .get("details")
                .get("leader")
                .asString();
        return leader.isEmpty() ? -1 : Integer.parseInt(leader.substring(1));
    }

    private static String headHash(int node) {
        return get(node, "/decentralized/status")
                .json
                .get("blockchain")
                .get("head_hash")
                .asString();
    }

    private static Answer propose(int node, String text) {
        return curl(node, "POST", "/decentralized/propose-training", NodeClient.json(Map.of("texts", List.of(text))));
    }

    /**
     * Proposes, sending again while the answer is a 503 that says nothing was written (an election
     * under way on a loaded machine), as a client honouring Retry-After does.
     */
    private static Answer proposeUntilAnswered(int node, String text) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Answer answer = propose(node, text);
            if (answer.status != 503 || !answer.raw.contains("nothing was written") || System.nanoTime() > deadline) {
                return answer;
            }
            NodeProcess.sleep(500);
        }
    }

    private static Answer get(int node, String path) {
        return curl(node, "GET", path, null);
    }

    private record Answer(int status, String raw, JsonNode json) {}

    /** An HTTP request from inside node {@code i}'s namespace to its own port. */
    private static Answer curl(int i, String method, String path, String body) {
        List<String> command = new ArrayList<>(List.of(
                "ip", "netns", "exec", node(i), "curl", "-s", "-m", "60", "-X", method, "-w", "\n%{http_code}"));
        if (body != null) {
            command.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", body));
        }
        command.add("http://127.0.0.1:5000" + path);
        Result result = run(command.toArray(String[]::new));
        int cut = result.output.lastIndexOf('\n');
        if (result.exitCode != 0 || cut < 0) {
            throw new IllegalStateException("curl in " + node(i) + " failed: " + result.output);
        }
        String raw = result.output.substring(0, cut);
        int status = Integer.parseInt(result.output.substring(cut + 1).strip());
        JsonNode json = raw.isBlank() ? null : JSON.readTree(raw);
        return new Answer(status, raw, json);
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sh(String ns, String script) {
        check(run("ip", "netns", "exec", ns, "sh", "-c", script));
    }

    private static void check(Result result) {
        if (result.exitCode != 0) {
            throw new IllegalStateException("network set-up failed: " + result.output);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        await(what, WAIT, condition);
    }

    private static void await(String what, Duration wait, BooleanSupplier condition) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (IllegalStateException | NullPointerException notYet) {
                // not answering yet, or an answer without the field yet
            }
            NodeProcess.sleep(200);
        }
        throw new AssertionError("timed out after " + wait + " waiting for " + what);
    }
}
