package ml.consensus.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import ml.consensus.ConsensusMlApplication;

/**
 * Starts a whole node in this JVM on a data directory the test owns, for tests that stop and
 * restart it or run several at once: a random port, the test difficulty, no banner, and the test
 * database ({@link TestDatabase}). The options are command-line arguments, not builder properties:
 * those are defaults that application.properties overrides.
 */
public final class InProcessNode {

    private InProcessNode() {}

    /** Runs {@code session} against a node on {@code dataDir} with its own database, then stops it. */
    public static void withNode(Path dataDir, Consumer<NodeClient> session, String... options) {
        try (ConfigurableApplicationContext context = start(dataDir, TestDatabase.arguments(dataDir), options)) {
            session.accept(client(context));
        }
    }

    /**
     * Starts a node on {@code dataDir} with these database arguments (its own, or
     * {@link TestDatabase#sharedDatabaseArguments(Path)} for nodes sharing one); the caller closes it.
     */
    public static ConfigurableApplicationContext start(Path dataDir, List<String> database, String... options) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--consensus.data-dir=" + dataDir,
                "--consensus.difficulty=" + NodeIntegrationTest.TEST_DIFFICULTY,
                "--spring.main.banner-mode=off"));
        args.addAll(List.of(options));
        args.addAll(database);
        return new SpringApplicationBuilder(ConsensusMlApplication.class).run(args.toArray(String[]::new));
    }

    /** A client for the node {@code context} runs. */
    public static NodeClient client(ConfigurableApplicationContext context) {
        return new NodeClient(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }
}
