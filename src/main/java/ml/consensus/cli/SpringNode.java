package ml.consensus.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;

import ml.consensus.ConsensusMlApplication;

/**
 * The one place the command line touches Spring: only {@code serve} loads this class, so the other
 * commands start in a fraction of a second and never open a database.
 *
 * <p>A start that fails prints one line, {@code error: the node did not start: <reason>}, before
 * Spring's own report, and leaves the data directory as it found it ({@link DataDirectoryGuard}).
 */
final class SpringNode {

    private SpringNode() {}

    /**
     * Starts the node and returns once it serves.
     *
     * @throws NodeDidNotStart after the reason is printed on {@code err} and the data directory is restored
     */
    static void start(String[] springArgs, PrintStream err) {
        SpringApplication application = new SpringApplication(ConsensusMlApplication.class);
        AtomicReference<DataDirectoryGuard> guard = new AtomicReference<>();
        application.addListeners(event -> {
            if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
                String dir = prepared.getEnvironment().getProperty("consensus.data-dir", "./data");
                guard.set(DataDirectoryGuard.before(Path.of(dir)));
            } else if (event instanceof ApplicationFailedEvent failed) {
                // Printed here, before Spring reports the failure at length, so the reason comes first.
                err.println("error: the node did not start: " + StartFailure.reason(failed.getException()));
                err.flush();
            }
        });
        try {
            application.run(springArgs);
        } catch (RuntimeException e) {
            DataDirectoryGuard made = guard.get();
            if (made != null && made.undo()) {
                err.println("removed the half-made data directory " + made.dir());
            }
            throw new NodeDidNotStart(StartFailure.reason(e), e);
        }
    }

    /** The node did not start; the reason was printed already. */
    static final class NodeDidNotStart extends RuntimeException {

        private static final long serialVersionUID = 1L;

        NodeDidNotStart(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
