package ml.consensus.operations;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ml.consensus.ConsensusMlApplication;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code json-logs} profile as an operator starts it: every console line is one JSON object,
 * and a ledger write's line carries its values as fields a log store can index.
 */
@ExtendWith({OutputCaptureExtension.class, TestDatabase.Availability.class})
class StructuredLogsIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldLogEachLedgerWriteAsOneJsonObjectWithItsValuesAsFields(CapturedOutput output) {
        Path dataDir = NodeIntegrationTest.newDataDirectory();
        // Command-line arguments, not builder properties: those are defaults that application.properties overrides.
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--consensus.data-dir=" + dataDir,
                "--consensus.difficulty=" + NodeIntegrationTest.TEST_DIFFICULTY,
                // The PostgreSQL run adds --spring.profiles.active=postgresql: a repeated option's values add up.
                "--spring.profiles.active=json-logs",
                "--spring.main.banner-mode=off"));
        args.addAll(TestDatabase.arguments(dataDir));
        // Logback is one per JVM and Spring Boot configures it once until an application closes: an
        // earlier test's context, still cached, would keep its plain console. Start from a clean slate,
        // and restore the system properties Boot exports the format in, so later applications log plainly.
        Properties systemProperties = (Properties) System.getProperties().clone();
        LoggingSystem.get(getClass().getClassLoader()).cleanUp();
        try (ConfigurableApplicationContext context =
                new SpringApplicationBuilder(ConsensusMlApplication.class).run(args.toArray(String[]::new))) {
            NodeClient node =
                    new NodeClient(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
            NodeClient.Answer proposed = node.post(
                    "/decentralized/propose-training",
                    NodeClient.json(Map.of("texts", List.of("logs a shipper can read"), "learning_rate", 0.01)));
            assertThat(proposed.status()).as(proposed.raw()).isEqualTo(200);
            long index = proposed.number("proposal", "block_index");
            String blockHash = node.get("/blocks/" + index).text("hash");

            JsonNode line = output.getOut()
                    .lines()
                    .filter(l -> l.startsWith("{") && l.contains("\"block_hash\":\"" + blockHash + "\""))
                    .map(JSON::readTree)
                    .findFirst()
                    .orElseThrow(() ->
                            new AssertionError("no JSON log line for block " + index + " in:\n" + output.getOut()));
            assertThat(line.get("message").asString()).startsWith("block " + index + " written: hash " + blockHash);
            assertThat(line.get("log").get("level").asString()).isEqualTo("INFO");
            assertThat(line.get("block_index").asLong()).isEqualTo(index);
            assertThat(line.get("record_count").asInt()).isEqualTo(1);
            assertThat(line.get("record_types").asString()).isEqualTo("training_proposal=1");
            assertThat(line.get("writes").asInt()).isEqualTo(1);
            assertThat(line.get("difficulty").asInt()).isEqualTo(NodeIntegrationTest.TEST_DIFFICULTY);
            assertThat(line.get("nonces_tried").asLong()).isPositive();
            assertThat(line.get("mining_ms").isNumber()).as(line.toString()).isTrue();
            assertThat(line.get("hash_rate").isNumber()).as(line.toString()).isTrue();

            // Start-up says where to look and which rules apply.
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            String base = "http://localhost:" + port;
            assertThat(messages(output))
                    .contains("serving on " + base + ": explorer " + base + "/explorer/, API docs " + base
                            + "/swagger-ui.html (OpenAPI " + base + "/v3/api-docs)")
                    .contains("votes: open mode: any validator id votes, unsigned (no consensus.validator-set-file)")
                    .anySatisfy(message -> assertThat(message).startsWith("approval policy in force: Count(1) ("));
        } finally {
            System.setProperties(systemProperties);
        }
    }

    /** The message of every JSON log line captured. */
    private static List<String> messages(CapturedOutput output) {
        return output.getOut()
                .lines()
                .filter(l -> l.startsWith("{"))
                .map(l -> JSON.readTree(l).path("message").asString())
                .toList();
    }
}
