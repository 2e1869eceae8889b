package ml.consensus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ApplicationContextException;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-line reason a node did not start, and the data directory it must leave as it was. */
class StartFailureTests {

    @TempDir
    Path temp;

    @Test
    void shouldNameTheOutermostCauseThatIsNotSpringsOwn() {
        Exception failure = new BeanCreationException(
                "nodeProperties",
                "Error creating bean with name 'nodeProperties'",
                new IllegalArgumentException(
                        "validator set file v.json: not JSON: Unexpected character\n at [Source: ...]",
                        new RuntimeException("the parser's own words")));

        assertThat(StartFailure.reason(failure)).isEqualTo("validator set file v.json: not JSON: Unexpected character");
    }

    @Test
    void shouldSayWhichPortIsTakenAndWhatToDo() {
        Exception failure = new ApplicationContextException(
                "Unable to start web server", new PortInUseException(5000, new BindException("Address in use")));

        assertThat(StartFailure.reason(failure))
                .startsWith("port 5000 is already in use")
                .contains("--server.port=");
    }

    @Test
    void shouldFallBackToTheRootCauseOrItsType() {
        assertThat(StartFailure.reason(new ApplicationContextException("context", new IllegalStateException())))
                .isEqualTo("context");
        assertThat(StartFailure.reason(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

    @Test
    void shouldRemoveADataDirectoryTheFailedStartCreated() throws IOException {
        Path dir = temp.resolve("data");
        DataDirectoryGuard guard = DataDirectoryGuard.before(dir);
        Files.createDirectories(dir.resolve("checkpoints"));
        Files.writeString(dir.resolve("ledger.mv.db"), "half a ledger");

        assertThat(guard.undo()).isTrue();
        assertThat(dir).doesNotExist();
    }

    @Test
    void shouldEmptyAnEmptyDirectoryAgainButKeepIt() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("empty"));
        DataDirectoryGuard guard = DataDirectoryGuard.before(dir);
        Files.writeString(dir.resolve("ledger.mv.db"), "half a ledger");

        assertThat(guard.undo()).isTrue();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void shouldNeverTouchADirectoryThatHeldAnything() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("ledger"));
        Files.writeString(dir.resolve("ledger.mv.db"), "a real ledger");
        DataDirectoryGuard guard = DataDirectoryGuard.before(dir);
        Files.writeString(dir.resolve("ledger.trace.db"), "written by the failed start");

        assertThat(guard.undo()).isFalse();
        assertThat(dir.resolve("ledger.mv.db")).hasContent("a real ledger");
        assertThat(dir.resolve("ledger.trace.db")).exists();
    }

    @Test
    void shouldReportAnUnreadableFileByItsOwnMessage() {
        Exception failure = new BeanCreationException(
                "x",
                "Error creating bean",
                new UncheckedIOException("cannot read validator set file v.json", new IOException()));

        assertThat(StartFailure.reason(failure)).isEqualTo("cannot read validator set file v.json");
    }
}
