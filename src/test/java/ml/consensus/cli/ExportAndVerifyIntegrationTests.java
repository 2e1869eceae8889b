package ml.consensus.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code export} and {@code verify} through the command line's dispatcher against the real node
 * over HTTP: the saved export must be the node's ledger and verify as valid with the node's model
 * hash; a node that answers no export must leave an existing back-up untouched.
 */
class ExportAndVerifyIntegrationTests extends NodeIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MIN_DIFFICULTY = String.valueOf(TEST_DIFFICULTY);

    @LocalServerPort
    private int port;

    @TempDir
    Path dir;

    private String nodeUrl;

    record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = new ConsensusMlCommand(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        (springArgs, e) -> {
                            throw new AssertionError("export and verify must not start a node");
                        })
                .run(args);
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void trainOneBatch() {
        nodeUrl = "http://localhost:" + port;
        String proposal = propose(List.of("I have a fever", "High temperature"), 0.01);
        assertThat(approve(proposal, "validator-alice").status()).isEqualTo(200);
        assertThat(apply(proposal).status()).isEqualTo(200);
    }

    @Test
    void shouldExportTheNodesLedgerToAFileThatVerifiesAsValid() throws IOException {
        Path file = dir.resolve("ledger.json");
        LedgerSnapshot node = snapshot();

        Run export = run("export", "--node", nodeUrl, "--out", file.toString());
        Run verify = run("verify", file.toString(), "--min-difficulty", MIN_DIFFICULTY);

        assertThat(export.exitCode()).as(export.err()).isEqualTo(ExitCode.OK);
        assertThat(export.out()).isEmpty();
        assertThat(export.err())
                .contains("exported " + node.chainLength() + " blocks")
                .contains(file.toString());
        JsonNode saved = JSON.readTree(Files.readString(file));
        assertThat(saved.path("format").asString()).isEqualTo("consensus-ml-ledger/v1");
        assertThat(saved.path("chain_length").asLong()).isEqualTo(node.chainLength());
        assertThat(saved.path("blocks")
                        .get((int) node.chainLength() - 1)
                        .path("hash")
                        .asString())
                .isEqualTo(node.headHash());
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(ExitCode.OK);
        assertThat(verify.out()).contains("RESULT: VALID").contains("replayed model:  " + node.modelHash());
        try (var files = Files.list(dir)) {
            assertThat(files).as("no partial download left beside the export").containsExactly(file);
        }
    }

    @Test
    void shouldExportToStandardOutputAndVerifyTheNodeByUrl() {
        LedgerSnapshot node = snapshot();

        Run export = run("export", "--node", nodeUrl + "/");
        Run verify = run("verify", nodeUrl, "--min-difficulty", MIN_DIFFICULTY);

        assertThat(export.exitCode()).as(export.err()).isEqualTo(ExitCode.OK);
        JsonNode printed = JSON.readTree(export.out());
        assertThat(printed.path("chain_length").asLong()).isEqualTo(node.chainLength());
        assertThat(export.err()).contains("to standard output");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(ExitCode.OK);
        assertThat(verify.out()).contains("live model:      " + node.modelHash());
    }

    @Test
    void shouldFindAnEditedExportInvalid() throws IOException {
        Path file = dir.resolve("ledger.json");
        assertThat(run("export", "--node", nodeUrl, "--out", file.toString()).exitCode())
                .isZero();
        // The fever batch's learning rate, as written in its proposal's canonical body.
        String edited = Files.readString(file).replace("\\\"learning_rate\\\":0.01", "\\\"learning_rate\\\":0.02");
        assertThat(edited).isNotEqualTo(Files.readString(file));
        Files.writeString(file, edited);

        Run verify = run("verify", file.toString(), "--min-difficulty", MIN_DIFFICULTY);

        assertThat(verify.exitCode()).as(verify.out()).isEqualTo(ExitCode.FAILED);
        assertThat(verify.out()).contains("RESULT: INVALID");
    }

    @Test
    void shouldKeepAnExistingBackUpWhenTheNodeAnswersNoExport() throws IOException {
        Path file = Files.writeString(dir.resolve("ledger.json"), "yesterday's back-up");

        Run notANode = run("export", "--node", nodeUrl + "/no-such-node", "--out", file.toString());

        assertThat(notANode.exitCode()).isEqualTo(ExitCode.IO_ERROR);
        assertThat(notANode.err()).contains("/no-such-node/export answered HTTP 404");
        assertThat(Files.readString(file)).isEqualTo("yesterday's back-up");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
