package ml.consensus.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code consensus-ml serve} on a node that cannot start: the first line it prints on stderr says
 * why, the exit code is 1, and the data directory it would have made is not left behind.
 */
class NodeStartFailureIntegrationTests {

    private static final String FIRST_LINE = "error: the node did not start: ";

    @TempDir
    Path temp;

    /** One failed start: the exit code and what it printed on stderr. */
    private record Failed(int exitCode, String err) {
        String firstLine() {
            return err.lines().findFirst().orElse("");
        }
    }

    private Failed serve(Path dataDir, String... more) {
        String[] args = new String[more.length + 3];
        args[0] = "serve";
        args[1] = "--consensus.data-dir=" + dataDir;
        args[2] = "--consensus.difficulty=" + NodeIntegrationTest.TEST_DIFFICULTY;
        System.arraycopy(more, 0, args, 3, more.length);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = new ConsensusMlCommand(
                        System.out, new PrintStream(err, true, StandardCharsets.UTF_8), SpringNode::start)
                .run(args);
        return new Failed(exitCode, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldNameABadValidatorSetFileAndMakeNoDataDirectory() throws IOException {
        Path set = Files.writeString(temp.resolve("validators.json"), "{\"validators\": [}");
        Path data = temp.resolve("data");

        Failed failed = serve(data, "--server.port=0", "--consensus.validator-set-file=" + set);

        assertThat(failed.exitCode()).as(failed.err()).isEqualTo(ExitCode.FAILED);
        assertThat(failed.firstLine())
                .startsWith(FIRST_LINE)
                .contains("validator set file")
                .contains(set.toString());
        assertThat(data).doesNotExist();
    }

    @Test
    void shouldRefuseAnExportThatFailsVerificationAndRemoveTheHalfMadeLedger() throws IOException {
        Path export = Files.writeString(
                temp.resolve("tampered.json"), "{\"format\":\"consensus-ml-ledger/v1\",\"blocks\":[]}");
        Path data = temp.resolve("data");

        Failed failed = serve(data, "--server.port=0", "--consensus.restore-from=" + export);

        assertThat(failed.exitCode()).as(failed.err()).isEqualTo(ExitCode.FAILED);
        assertThat(failed.firstLine())
                .startsWith(FIRST_LINE + "refusing to restore from " + export)
                .contains("fails verification");
        assertThat(data).doesNotExist();
    }

    @Test
    void shouldSayWhichPortIsTakenAndRemoveTheHalfMadeLedger() throws IOException {
        Path data = temp.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            Failed failed = serve(data, "--server.port=" + taken.getLocalPort());

            assertThat(failed.exitCode()).as(failed.err()).isEqualTo(ExitCode.FAILED);
            assertThat(failed.firstLine())
                    .isEqualTo(FIRST_LINE + "port " + taken.getLocalPort() + " is already in use by another process:"
                            + " stop it, or start this node on another port with --server.port=N");
        }
        assertThat(data).doesNotExist();
    }
}
