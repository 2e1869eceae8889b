package ml.consensus.demo;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import ml.consensus.ConsensusMlApplication;
import tools.jackson.databind.JsonNode;

/**
 * The seed's demo: starts a node on a fresh ledger in a temporary directory, then, over HTTP
 * only, proposes, approves (as validator-alice) and applies three training batches and
 * verifies the ledger by replaying it. Exits 0 when every call answered 200 and the ledger
 * verified; otherwise prints a "✗" line with the HTTP status and problem detail and exits 1.
 *
 * <p>Run it from the packaged jar with
 * {@code java -Dloader.main=ml.consensus.demo.FeverDemo -cp target/consensus-ml-0.1.0-SNAPSHOT.jar
 * org.springframework.boot.loader.launch.PropertiesLauncher}, or {@code demo/run-demo.sh}.
 */
public final class FeverDemo {

    private static final String VALIDATOR = "validator-alice";
    private static final double LEARNING_RATE = 0.01;
    private static final String RULE = "=".repeat(68);
    private static final String SEPARATOR = "-".repeat(50);

    /** One training batch of the story: its heading, the topic named in step 1, and its texts. */
    private record Batch(String title, String topic, List<String> texts) {
    }

    private static final List<Batch> BATCHES = List.of(
            new Batch("Fever-related queries", "fever", List.of(
                    "I have a fever",
                    "High temperature and chills",
                    "My child has a fever of 39 degrees",
                    "Sweating and shivering with a fever at night",
                    "How long does a fever usually last")),
            new Batch("Respiratory symptoms", "respiratory", List.of(
                    "I have a persistent cough and a sore throat",
                    "Wheezing and shortness of breath when climbing stairs",
                    "A runny nose and sneezing with a mild fever",
                    "Coughing up phlegm for more than a week",
                    "Chest tightness after a cold")),
            new Batch("Medication questions", "medication", List.of(
                    "Can I take ibuprofen with paracetamol",
                    "What is the correct dosage of amoxicillin for a child",
                    "Should antibiotics be taken with food",
                    "Is it safe to take aspirin for a fever",
                    "How many hours between two doses of paracetamol")));

    private FeverDemo() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        // Java 17 writes stdout in the platform charset, which turns ✓ into ? under a POSIX locale.
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        Path dataDir = createDataDir();
        ConfigurableApplicationContext node = null;
        boolean passed = false;
        try {
            node = startNode(dataDir);
            DemoClient client = new DemoClient(URI.create("http://localhost:"
                    + node.getEnvironment().getProperty("local.server.port") + "/"));
            run(client);
            passed = true;
        } catch (DemoFailure e) {
            System.out.println();
            System.out.println("✗ " + e.getMessage());
        } catch (RuntimeException e) {
            System.out.println();
            System.out.println("✗ The demo stopped: " + e);
        } finally {
            if (node != null) {
                node.close();
            }
            deleteRecursively(dataDir);
        }
        System.out.printf(Locale.ROOT, "%n%s in %.1f s%n", passed ? "✓ Demo passed" : "✗ Demo FAILED",
                (System.nanoTime() - started) / 1e9);
        System.exit(passed ? 0 : 1);
    }

    /**
     * A node of the packaged application on a free port over {@code dataDir}. The settings go in
     * as command-line arguments because those outrank application.properties (port 5000,
     * ./data) and any CONSENSUS_* or SERVER_* environment variables.
     */
    private static ConfigurableApplicationContext startNode(Path dataDir) {
        return new SpringApplicationBuilder(ConsensusMlApplication.class).run(
                "--server.port=0",
                "--consensus.data-dir=" + dataDir,
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                // Flyway warns that H2 is newer than it was tested with; true, and not the demo's story.
                "--logging.level.org.flywaydb=ERROR");
    }

    private static void run(DemoClient client) {
        System.out.println(RULE);
        System.out.println("DECENTRALIZED ML TRAINING VIA BLOCKCHAIN CONSENSUS");
        System.out.println(RULE);
        String feverBefore = nearestWords(client, "fever");
        for (int i = 0; i < BATCHES.size(); i++) {
            train(client, i + 1, BATCHES.get(i));
        }
        verify(client);
        tick("Nearest words to 'fever' before training: " + feverBefore);
        tick("Nearest words to 'fever' after training:  " + nearestWords(client, "fever"));
    }

    private static void train(DemoClient client, int number, Batch batch) {
        System.out.println();
        System.out.println("[BATCH " + number + "] Training: " + batch.title());
        System.out.println(SEPARATOR);

        System.out.println("Step 1: PROPOSE training on " + batch.topic() + " queries to validators...");
        JsonNode proposal = client.post("/decentralized/propose-training",
                Map.of("texts", batch.texts(), "learning_rate", LEARNING_RATE)).path("proposal");
        String proposalHash = proposal.path("proposal_hash").asString();
        tick("Proposal hash: " + shortHash(proposalHash));
        tick("Status: " + proposal.path("message").asString());

        System.out.println();
        System.out.println("Step 2: VALIDATOR APPROVAL (" + VALIDATOR + " approves)");
        JsonNode approval = client.post("/decentralized/approve-proposal",
                Map.of("proposal_hash", proposalHash, "validator_id", VALIDATOR)).path("approval");
        tick("Validator: " + approval.path("validator").asString());
        tick("Approval status: " + approval.path("status").asString());

        System.out.println();
        System.out.println("Step 3: APPLY consensus-approved training...");
        JsonNode applied = client.post("/decentralized/apply-training",
                Map.of("proposal_hash", proposalHash, "texts", batch.texts(), "learning_rate", LEARNING_RATE));
        JsonNode metrics = applied.path("metrics");
        tick("Model hash: " + shortHash(metrics.path("model_hash_after").asString()));
        tick("Vocab size: " + applied.path("model_info").path("vocab_size").asInt());
        tick("New words learned: " + metrics.path("new_words").asInt());
        tick("Total training steps: " + applied.path("model_info").path("training_steps").asLong());
        tick("Blockchain records: " + applied.path("blockchain_stats").path("total_records").asLong());
    }

    private static void verify(DemoClient client) {
        System.out.println();
        System.out.println("[VERIFY] Replaying the ledger from genesis");
        System.out.println(SEPARATOR);
        JsonNode report = client.get("/verify");
        JsonNode stats = client.get("/decentralized/status").path("decentralized_stats");
        String replayed = report.path("replayed_model_hash").asString("");
        String live = report.path("live_model_hash").asString("");
        tick("Blocks checked: " + report.path("blocks_checked").asLong());
        tick("Updates replayed: " + report.path("updates_replayed").asLong());
        tick("Replayed model hash: " + shortHash(replayed));
        tick("Live model hash: " + shortHash(live));
        tick("Proposals / approvals / applied updates: " + stats.path("total_proposals").asLong() + " / "
                + stats.path("total_approvals").asLong() + " / " + stats.path("applied_updates").asLong());
        if (!report.path("valid").asBoolean(false)) {
            throw new DemoFailure("Ledger verified: invalid: " + report.path("failure").path("message").asString(""));
        }
        if (replayed.isEmpty() || !replayed.equals(live)) {
            throw new DemoFailure("Ledger verified: the replayed model " + replayed + " is not the live model " + live);
        }
        tick("Ledger verified: valid");
    }

    /** The five nearest words to {@code word} with their cosine similarity, as one line. */
    private static String nearestWords(DemoClient client, String word) {
        return client.get("/model/nearest-words", "word", word, "k", "5").path("neighbours").values().stream()
                .map(n -> String.format(Locale.ROOT, "%s (%.2f)", n.path("word").asString(),
                        n.path("similarity").asDouble()))
                .collect(Collectors.joining(", "));
    }

    /** Prints one "✓" line of the narrative. */
    private static void tick(String line) {
        System.out.println("  ✓ " + line);
    }

    /** The first 12 hex digits, as the seed prints them; the full hash is in every response. */
    private static String shortHash(String hash) {
        return hash.length() <= 12 ? hash : hash.substring(0, 12) + "…";
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("consensus-ml-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.out.println("  (could not delete " + dir + ": " + e.getMessage() + ")");
        }
    }
}
