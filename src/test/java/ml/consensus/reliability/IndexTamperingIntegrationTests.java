package ml.consensus.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import ml.consensus.ConsensusMlApplication;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, item 3: the columns the node reads decisions from ({@code records.proposal_hash},
 * {@code unique_key}, {@code record_type}; {@code record_counts}) are copies of what the hashed
 * record bodies say, so editing them changes no hash. The attack: move a vote for proposal A to
 * open proposal C by editing two columns, then apply C, which nobody approved. The node must
 * notice at start-up (invalid, read-only) and, for an edit made while it runs, when it reads the
 * row (the write is refused, nothing is applied).
 *
 * <p>The ledger: 0 genesis, 1 proposal A, 2 alice approves A, 3 apply A, 4 proposal C (open).
 */
@ExtendWith(TestDatabase.Availability.class)
class IndexTamperingIntegrationTests {

    private static Path baseLedger;
    private static String proposalA;
    private static String proposalC;

    @BeforeAll
    static void buildLedger() {
        baseLedger = NodeIntegrationTest.newDataDirectory();
        withNode(baseLedger, (node, context) -> {
            proposalA = propose(node, List.of("I have a fever", "High temperature"));
            vote(node, "approve", proposalA, "validator-alice");
            Answer applied = apply(node, proposalA);
            assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
            proposalC = propose(node, List.of("the attacker's batch", "nobody approved this"));
        });
    }

    /** The vote row of alice on A now says, in its index columns, that it is a vote on C. */
    private static void moveVoteToC(Connection db) throws SQLException {
        update(
                db,
                "update records set proposal_hash = ?, unique_key = ? where record_type = 'validator_approval'",
                proposalC,
                "vote:" + proposalC + ":validator-alice");
    }

    @Test
    void shouldReportAVoteMovedToAnotherProposalAtStartUpAndNotApplyIt() throws Exception {
        Path dataDir = copyOf(baseLedger);
        try (Connection db = TestDatabase.connect(dataDir)) {
            moveVoteToC(db);
        }
        withNode(dataDir, (node, context) -> {
            Answer status = node.get("/decentralized/status");
            assertThat(status.json().get("blockchain").get("is_valid").asBoolean())
                    .as("is_valid after moving a vote's index columns: %s", status.raw())
                    .isFalse();
            assertThat(status.text("blockchain", "invalid_reason"))
                    .contains("block 2")
                    .contains("index");
            Answer verify = node.get("/verify");
            assertThat(verify.json().get("valid").asBoolean()).as(verify.raw()).isFalse();
            assertThat(verify.json().get("failure").get("check").asString()).isEqualTo("record_index");

            Answer applied = apply(node, proposalC);
            assertThat(applied.status())
                    .as("apply of C on a tampered ledger: %s", applied.raw())
                    .isEqualTo(503);
            assertThat(node.get("/decentralized/status").number("model", "training_steps"))
                    .isEqualTo(status.number("model", "training_steps"));
        });
    }

    @Test
    void shouldReportEditedRecordCountsAtStartUp() throws Exception {
        Path dataDir = copyOf(baseLedger);
        try (Connection db = TestDatabase.connect(dataDir)) {
            update(
                    db,
                    "update record_counts set record_count = record_count + 40 where record_type = 'training_proposal'");
        }
        withNode(dataDir, (node, context) -> {
            Answer status = node.get("/decentralized/status");
            assertThat(status.json().get("blockchain").get("is_valid").asBoolean())
                    .as("is_valid after editing record_counts: %s", status.raw())
                    .isFalse();
            Answer verify = node.get("/verify");
            assertThat(verify.json().get("failure").get("check").asString()).isEqualTo("record_counts");
            assertThat(verify.json().get("failure").get("message").asString())
                    .contains("training_proposal")
                    .contains("42")
                    .contains("2");
        });
    }

    @Test
    void shouldRefuseToApplyWhenAVoteIsMovedWhileTheNodeRuns() throws Exception {
        Path dataDir = copyOf(baseLedger);
        withNode(dataDir, (node, context) -> {
            long length = node.get("/decentralized/status").number("blockchain", "chain_length");
            try (Connection db = context.getBean(DataSource.class).getConnection()) {
                moveVoteToC(db);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            Answer applied = apply(node, proposalC);
            assertThat(applied.status())
                    .as("apply of C after a live edit: %s", applied.raw())
                    .isEqualTo(503);
            RawClient.assertProblem(applied, "apply after a live index edit");
            assertThat(applied.text("detail")).contains("index");
            Answer proposal = node.get("/decentralized/proposals/" + proposalC);
            assertThat(proposal.status()).as(proposal.raw()).isNotEqualTo(200);
            assertThat(node.get("/decentralized/status").number("blockchain", "chain_length"))
                    .as("nothing written")
                    .isEqualTo(length);
            Answer verify = node.get("/verify");
            assertThat(verify.json().get("valid").asBoolean()).as(verify.raw()).isFalse();
        });
    }

    // ---------------------------------------------------------------- node and database

    private static String propose(NodeClient node, List<String> texts) {
        Answer proposed = node.post(
                "/decentralized/propose-training", NodeClient.json(Map.of("texts", texts, "learning_rate", 0.05)));
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(200);
        return proposed.text("proposal", "proposal_hash");
    }

    private static void vote(NodeClient node, String kind, String proposal, String validator) {
        Answer voted = node.post(
                "/decentralized/" + kind + "-proposal",
                NodeClient.json(Map.of("proposal_hash", proposal, "validator_id", validator)));
        assertThat(voted.status()).as(voted.raw()).isEqualTo(200);
    }

    private static Answer apply(NodeClient node, String proposal) {
        return node.post("/decentralized/apply-training", NodeClient.json(Map.of("proposal_hash", proposal)));
    }

    private static void withNode(Path dataDir, BiConsumer<NodeClient, ConfigurableApplicationContext> session) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--consensus.data-dir=" + dataDir,
                "--consensus.difficulty=" + NodeIntegrationTest.TEST_DIFFICULTY,
                "--spring.main.banner-mode=off"));
        args.addAll(TestDatabase.arguments(dataDir));
        try (ConfigurableApplicationContext context =
                new SpringApplicationBuilder(ConsensusMlApplication.class).run(args.toArray(String[]::new))) {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            session.accept(new NodeClient(port), context);
        }
    }

    private static Path copyOf(Path source) throws IOException, SQLException {
        Path target = NodeIntegrationTest.newDataDirectory();
        try (Stream<Path> files = Files.walk(source)) {
            files.forEach(file -> {
                try {
                    Path copy = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        TestDatabase.copyDatabase(source, target);
        return target;
    }

    private static void update(Connection db, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            assertThat(statement.executeUpdate()).as(sql).isPositive();
        }
    }
}
