package ml.consensus.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dispatch, help, version, usage errors and exit codes of the command line, in-process. The
 * node server is the one collaborator replaced: it records the Spring options it was given, so
 * these tests see which invocations start a node without starting one.
 */
class ConsensusMlCommandTests {

    /** The ledger the votes are signed for (a ledger id is its genesis block hash). */
    private static final String LEDGER = "ab" + "0".repeat(61) + "1";

    private static final String HASH = "3f2a6c1e9b0d4a7f8e5c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f10";

    @TempDir
    Path dir;

    /** The Spring options of every node start asked for. */
    private final List<List<String>> nodeStarts = new ArrayList<>();

    /** One run: exit code and both streams. */
    record Run(int exitCode, String out, String err) {}

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = new ConsensusMlCommand(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        (springArgs, e) -> nodeStarts.add(List.of(springArgs)))
                .run(args);
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldServeWhenNoCommandIsGiven() {
        Run run = run();

        assertThat(run.exitCode()).isZero();
        assertThat(nodeStarts).containsExactly(List.of());
        assertThat(ConsensusMlCommand.startsNode(new String[0])).isTrue();
    }

    @Test
    void shouldPassSpringOptionsThroughWithOrWithoutTheServeWord() {
        run("--server.port=5001", "--consensus.data-dir=/tmp/x");
        run("serve", "--server.port=5002");

        assertThat(nodeStarts)
                .containsExactly(
                        List.of("--server.port=5001", "--consensus.data-dir=/tmp/x"), List.of("--server.port=5002"));
        assertThat(ConsensusMlCommand.startsNode(new String[] {"--server.port=5001"}))
                .isTrue();
        assertThat(ConsensusMlCommand.startsNode(new String[] {"serve", "--server.port=5001"}))
                .isTrue();
    }

    @Test
    void shouldRefuseAServeOptionWrittenWithASpace() {
        Run run = run("serve", "--server.port", "5001");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("unexpected argument: 5001").contains("--key=value");
        assertThat(nodeStarts).isEmpty();
        assertThat(ConsensusMlCommand.startsNode(new String[] {"serve", "--server.port", "5001"}))
                .isFalse();
    }

    @Test
    void shouldPrintServeUsageWithoutStartingANode() {
        Run help = run("serve", "--help");
        Run helpServe = run("help", "serve");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("usage: consensus-ml [serve] [--key=value ...]", "--consensus.data-dir");
        assertThat(helpServe.out()).isEqualTo(help.out());
        assertThat(nodeStarts).isEmpty();
        assertThat(ConsensusMlCommand.startsNode(new String[] {"serve", "--help"}))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "-h"})
    void shouldListEveryCommandForHelp(String word) {
        Run help = run(word);

        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .contains("usage: java -jar consensus-ml.jar [command] [options]")
                .contains(
                        "serve",
                        "demo",
                        "keygen",
                        "public-key",
                        "sign",
                        "verify-vote",
                        "export",
                        "verify",
                        "--version",
                        "exit codes: 0 success, 1",
                        "2 usage error, 3");
        assertThat(help.err()).isEmpty();
        assertThat(nodeStarts).isEmpty();
        assertThat(ConsensusMlCommand.startsNode(new String[] {word})).isFalse();
    }

    @Test
    void shouldShowACommandsOwnUsageForHelpName() {
        assertThat(run("help", "verify").out()).contains("usage: consensus-ml verify SOURCE");
        assertThat(run("verify", "--help").out()).contains("usage: consensus-ml verify SOURCE");
        assertThat(run("help", "keygen").out()).contains("keygen      --id ID --out DIR");
        assertThat(run("sign", "--help").out()).contains("sign        --key FILE");
        assertThat(run("help", "export").out()).contains("usage: consensus-ml export [--node URL] [--out FILE]");
        assertThat(run("help", "demo").out()).contains("usage: consensus-ml demo");
        assertThat(run("demo", "--help").exitCode()).isZero();
    }

    @Test
    void shouldRefuseHelpForAnUnknownCommand() {
        Run run = run("help", "frobnicate");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("no such command: frobnicate").contains("commands:");
        assertThat(run.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V", "version"})
    void shouldPrintTheBuiltVersion(String word) {
        Run run = run(word);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).matches("consensus-ml \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"frobnicate", "-x", "Serve", "ledger.json"})
    void shouldExitWithTwoAndTheCommandListForAnUnknownCommand(String word) {
        Run run = run(word, "--server.port=5001");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).startsWith("error: unknown command: " + word).contains("commands:");
        assertThat(run.out()).isEmpty();
        assertThat(nodeStarts).isEmpty();
    }

    @Test
    void shouldRefuseArgumentsToTheDemoWithoutStartingIt() {
        Run run = run("demo", "--fast");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("demo takes no arguments but --explore: --fast");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldMakeAKeySignAndCheckAVoteThroughTheValidatorCommands() {
        Run keygen = run("keygen", "--id", "validator-alice", "--out", dir.toString());
        String key = dir.resolve("validator-alice.pem").toString();
        String publicKey = run("public-key", "--key", key).out().strip();
        String signature = run(
                        "sign",
                        "--key",
                        key,
                        "--ledger",
                        LEDGER,
                        "--vote",
                        "approve",
                        "--proposal",
                        HASH,
                        "--validator",
                        "validator-alice")
                .out()
                .strip();
        Run valid = run(
                "verify-vote",
                "--public-key",
                publicKey,
                "--ledger",
                LEDGER,
                "--vote",
                "approve",
                "--proposal",
                HASH,
                "--validator",
                "validator-alice",
                "--signature",
                signature);
        Run otherValidator = run(
                "verify-vote",
                "--public-key",
                publicKey,
                "--ledger",
                LEDGER,
                "--vote",
                "approve",
                "--proposal",
                HASH,
                "--validator",
                "validator-bob",
                "--signature",
                signature);

        assertThat(keygen.exitCode()).isZero();
        assertThat(keygen.out()).contains(publicKey);
        assertThat(signature).matches("[0-9a-f]{128}");
        assertThat(valid.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(valid.out().strip()).isEqualTo("valid");
        assertThat(otherValidator.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(otherValidator.out().strip()).isEqualTo("invalid");
        assertThat(nodeStarts).isEmpty();
    }

    @Test
    void shouldExitWithThreeWhenAFileCannotBeReadOrWritten() throws IOException {
        Path key = dir.resolve("absent.pem");
        Files.writeString(dir.resolve("validator-alice.pem"), "taken");

        Run missingKey = run("public-key", "--key", key.toString());
        Run overwrite = run("keygen", "--id", "validator-alice", "--out", dir.toString());
        Run missingExport = run("verify", dir.resolve("absent.json").toString());

        assertThat(missingKey.exitCode()).isEqualTo(ExitCode.IO_ERROR);
        assertThat(missingKey.err()).contains("absent.pem");
        assertThat(overwrite.exitCode()).isEqualTo(ExitCode.IO_ERROR);
        assertThat(overwrite.err()).contains("never overwritten");
        assertThat(missingExport.exitCode()).isEqualTo(ExitCode.IO_ERROR);
        assertThat(missingExport.err()).contains("absent.json").doesNotContain("usage:");
    }

    @Test
    void shouldExitWithTwoForAFileThatIsNotAnExport() throws IOException {
        Path notAnExport = Files.writeString(dir.resolve("ledger.json"), "{\"format\":\"something-else\"}");

        Run run = run("verify", notAnExport.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("format is 'something-else'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "export --node ftp://localhost:5000",
                "export --node localhost:5000",
                "export --node",
                "export --out a.json --out b.json",
                "export --frobnicate x",
                "export ledger.json"
            })
    void shouldExitWithTwoOnBadExportArguments(String line) {
        Run run = run(line.split(" "));

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).startsWith("error: ").contains("consensus-ml export --help");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldExitWithThreeAndWriteNothingWhenTheNodeCannotBeReached() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path out = dir.resolve("ledger.json");

        Run run = run("export", "--node", "http://127.0.0.1:" + closedPort, "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.IO_ERROR);
        assertThat(run.err()).contains("cannot fetch http://127.0.0.1:" + closedPort + "/export");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no file and no leftover partial download").isEmpty();
        }
    }

    @Test
    void shouldExitWithThreeAndKeepTheFileWhenTheAnswerIsNotAnExport() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/export", exchange -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Path out = Files.writeString(dir.resolve("ledger.json"), "yesterday's back-up");
        try {
            Run run = run(
                    "export",
                    "--node",
                    "http://127.0.0.1:" + server.getAddress().getPort(),
                    "--out",
                    out.toString());

            assertThat(run.exitCode()).isEqualTo(ExitCode.IO_ERROR);
            assertThat(run.err())
                    .contains("did not answer with a ledger export")
                    .contains("format is missing");
            assertThat(Files.readString(out)).isEqualTo("yesterday's back-up");
            try (var files = Files.list(dir)) {
                assertThat(files).containsExactly(out);
            }
        } finally {
            server.stop(0);
        }
    }
}
