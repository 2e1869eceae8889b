package ml.consensus.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ml.consensus.support.NodeClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as a user runs it: {@code java -jar consensus-ml.jar serve ...} in one process,
 * then {@code export} and {@code verify} against it as separate processes, which must not load
 * Spring. Runs in {@code ./mvnw verify} (failsafe, after {@code package}).
 */
class CommandLineIT {

    private static final int DIFFICULTY = 8;
    private static final long READY_TIMEOUT_MILLIS = 180_000;

    @TempDir
    static Path dir;

    private static Path jar;
    private static Process node;
    private static NodeClient client;
    private static String nodeUrl;

    /** One finished command: exit code and everything it printed (stdout and stderr together). */
    record Run(int exitCode, String output) {}

    @BeforeAll
    static void startNode() throws Exception {
        String path = System.getProperty("app.jar");
        assertThat(path)
                .as("system property app.jar (set by failsafe in pom.xml): run with ./mvnw verify")
                .isNotBlank();
        jar = Path.of(path);
        int port = freePort();
        nodeUrl = "http://localhost:" + port;
        node = new ProcessBuilder(
                        java(),
                        "-jar",
                        jar.toString(),
                        "serve",
                        "--server.port=" + port,
                        "--consensus.data-dir=" + dir.resolve("data"),
                        "--consensus.difficulty=" + DIFFICULTY,
                        "--spring.main.banner-mode=off")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("node.log").toFile())
                .start();
        client = new NodeClient(port);
        awaitReady();
        String proposal = client.post(
                        "/decentralized/propose-training",
                        NodeClient.json(
                                Map.of("texts", List.of("I have a fever", "High temperature"), "learning_rate", 0.01)))
                .text("proposal", "proposal_hash");
        assertThat(client.post(
                                "/decentralized/approve-proposal",
                                NodeClient.json(Map.of("proposal_hash", proposal, "validator_id", "validator-alice")))
                        .status())
                .isEqualTo(200);
        assertThat(client.post("/decentralized/apply-training", NodeClient.json(Map.of("proposal_hash", proposal)))
                        .status())
                .isEqualTo(200);
    }

    @AfterAll
    static void stopNode() throws InterruptedException {
        if (node != null) {
            node.destroy();
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void shouldExportARunningNodeAndVerifyTheFileWithoutLoadingSpring() throws Exception {
        Path export = dir.resolve("ledger.json");
        String modelHash = client.get("/model-info").text("model", "model_hash");

        // -Xlog:class+load lists every class the JVM loads: the proof that these commands leave Spring alone.
        Run exported =
                jarCommand(List.of("-Xlog:class+load=info"), "export", "--node", nodeUrl, "--out", export.toString());
        Run verified = jarCommand(
                List.of("-Xlog:class+load=info"),
                "verify",
                export.toString(),
                "--min-difficulty",
                String.valueOf(DIFFICULTY));

        assertThat(exported.exitCode()).as(exported.output()).isZero();
        assertThat(Files.readString(export)).startsWith("{").contains("\"format\":\"consensus-ml-ledger/v1\"");
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("RESULT: VALID").contains("replayed model:  " + modelHash);
        for (Run run : List.of(exported, verified)) {
            assertThat(run.output())
                    .contains("ml.consensus.cli.ConsensusMlCommand")
                    .doesNotContain("org.springframework.boot.SpringApplication ")
                    .doesNotContain("org.springframework.context.");
        }
    }

    @Test
    void shouldVerifyTheRunningNodeByUrl() throws Exception {
        Run verified = jarCommand(List.of(), "verify", nodeUrl, "--min-difficulty", String.valueOf(DIFFICULTY));

        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("RESULT: VALID").contains("live model:");
    }

    @Test
    void shouldAnswerVersionHelpAndUsageErrorsWithTheirExitCodes() throws Exception {
        Run version = jarCommand(List.of(), "--version");
        Run help = jarCommand(List.of(), "help");
        Run unknown = jarCommand(List.of(), "frobnicate");
        Run unreachable = jarCommand(List.of(), "export", "--node", "http://localhost:" + freePort());

        assertThat(version.exitCode()).isZero();
        assertThat(version.output().strip()).matches("consensus-ml \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("commands:", "export", "verify");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).contains("unknown command: frobnicate");
        assertThat(unreachable.exitCode()).isEqualTo(3);
    }

    private static Run jarCommand(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 120 s: " + command);
        }
        return new Run(process.exitValue(), output);
    }

    private static void awaitReady() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            assertThat(node.isAlive())
                    .as("the node exited; log:\n" + Files.readString(dir.resolve("node.log")))
                    .isTrue();
            try {
                if (client.get("/decentralized/status").status() == 200) {
                    return;
                }
            } catch (IllegalStateException notListeningYet) {
                // connection refused until Tomcat is up
            }
            Thread.sleep(200);
        }
        throw new AssertionError("node not ready; log:\n" + Files.readString(dir.resolve("node.log")));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
