package ml.consensus.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import ml.consensus.support.InProcessNode;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's database (the H2 file, or the PostgreSQL database in that run) is changed behind
 * the node's back while it is stopped, one kind of change per case; the restarted node must notice. It reports itself invalid, naming the first bad block,
 * in {@code /decentralized/status} and {@code /verify}; {@code /actuator/health} puts the ledger
 * OUT_OF_SERVICE; every write is refused with a 503 problem and writes nothing; reads still work.
 *
 * <p>One ledger is built once and copied for every case. Its blocks: 0 genesis, 1 proposal A,
 * 2 approval of A, 3 apply of A, 4 proposal B, 5 approval of B, 6 apply of B.
 */
@ExtendWith(TestDatabase.Availability.class)
class TamperingIntegrationTests {

    private static final String ZERO_TAIL = "0000000000000000000000000000000000000000000000000000000000000000";

    private static Path baseLedger;
    private static String proposalA;
    private static String proposalB;

    /**
     * One way of changing the stored ledger, and the first failure the node must report: the
     * block, and the check that fails there (null when any check will do).
     */
    enum Tampering {
        RECORD_BODY_BYTE(2, "record_hash", db -> {
            String body = text(db, "select body from records where block_index = 2");
            int digit = body.indexOf("\"timestamp\":\"") + "\"timestamp\":\"".length() + 3;
            char changed = body.charAt(digit) == '6' ? '7' : '6';
            update(
                    db,
                    "update records set body = ? where block_index = 2",
                    body.substring(0, digit) + changed + body.substring(digit + 1));
        }),
        RECORD_BODY_NOT_CANONICAL(
                2,
                "record_canonical",
                db -> update(db, "update records set body = replace(body, '{\"', '{ \"') where block_index = 2")),
        RECORD_BODY_NOT_JSON(
                2,
                "record_json",
                db -> update(
                        db,
                        "update records set body = substring(body, 1, char_length(body) - 1) where block_index = 2")),
        BLOCK_TIMESTAMP(
                3,
                "block_hash",
                db -> update(
                        db, "update blocks set block_timestamp = '2026-06-01T12:00:00.000Z' where block_index = 3")),
        BLOCK_NONCE(3, "block_hash", db -> update(db, "update blocks set nonce = nonce + 1 where block_index = 3")),
        BLOCK_MERKLE_ROOT(
                3,
                "merkle_root",
                db -> update(
                        db, "update blocks set merkle_root = ? where block_index = 3", "ab" + ZERO_TAIL.substring(2))),
        BLOCK_HASH(
                3,
                "block_hash",
                db -> update(
                        db, "update blocks set block_hash = ? where block_index = 3", "00cd" + ZERO_TAIL.substring(4))),
        BLOCK_PREVIOUS_HASH(
                3,
                "previous_hash",
                db -> update(
                        db,
                        "update blocks set previous_hash = ? where block_index = 3",
                        "ef" + ZERO_TAIL.substring(2))),
        DELETED_RECORD(4, "merkle_root", db -> update(db, "delete from records where block_index = 4")),
        // A valid prefix of a valid chain is itself valid: noticing a lost head needs something outside
        // the two tables that remembers it. No block or check can be named in advance.
        DELETED_LAST_BLOCK(null, null, db -> {
            update(db, "delete from records where block_index = 6");
            update(db, "delete from blocks where block_index = 6");
        }),
        SWAPPED_RECORDS(2, "merkle_root", db -> {
            // The two approvals change places: each record still hashes to its own hash, but neither
            // block's Merkle root covers the record it now holds.
            String a = text(db, "select record_hash from records where block_index = 2");
            String b = text(db, "select record_hash from records where block_index = 5");
            update(db, "update records set record_position = 1 where record_hash = ?", a);
            update(db, "update records set block_index = 2 where record_hash = ?", b);
            update(db, "update records set block_index = 5, record_position = 0 where record_hash = ?", a);
        });

        final Integer firstBadBlock;
        final String check;
        // The changes are stateless lambdas; an enum of test cases.
        @SuppressWarnings("ImmutableEnumChecker")
        final SqlChange change;

        Tampering(Integer firstBadBlock, String check, SqlChange change) {
            this.firstBadBlock = firstBadBlock;
            this.check = check;
            this.change = change;
        }
    }

    @FunctionalInterface
    interface SqlChange {
        void apply(Connection db) throws SQLException;
    }

    @BeforeAll
    static void buildLedger() {
        baseLedger = NodeIntegrationTest.newDataDirectory();
        withNode(baseLedger, node -> {
            proposalA = train(node, List.of("I have a fever", "High temperature"));
            proposalB = train(node, List.of("persistent dry cough", "wheezing at night"));
            assertThat(node.get("/decentralized/status").number("blockchain", "chain_length"))
                    .isEqualTo(7);
        });
    }

    @ParameterizedTest
    @EnumSource(Tampering.class)
    void shouldReportTheFirstBadBlockAndRefuseWritesAfterATamperedRestart(Tampering tampering) throws Exception {
        Path dataDir = copyOf(baseLedger);
        try (Connection db = TestDatabase.connect(dataDir)) {
            tampering.change.apply(db);
        }

        withNode(dataDir, node -> {
            Answer status = node.get("/decentralized/status");
            assertThat(status.status()).as(status.raw()).isEqualTo(200);
            assertThat(status.json().get("blockchain").get("is_valid").asBoolean())
                    .as("is_valid after %s: %s", tampering, status.raw())
                    .isFalse();
            String reason =
                    status.json().get("blockchain").path("invalid_reason").asString("");
            Answer verify = node.get("/verify");
            assertThat(verify.status()).as(verify.raw()).isEqualTo(200);
            assertThat(verify.json().get("valid").asBoolean()).as(verify.raw()).isFalse();
            JsonFailure failure = JsonFailure.of(verify);
            if (tampering.firstBadBlock != null) {
                assertThat(reason).as("invalid_reason").startsWith("block " + tampering.firstBadBlock);
                assertThat(failure.blockIndex())
                        .as("failure.block_index in %s", verify.raw())
                        .isEqualTo(tampering.firstBadBlock.longValue());
            }
            if (tampering.check != null) {
                assertThat(failure.check())
                        .as("failure.check in %s", verify.raw())
                        .isEqualTo(tampering.check);
            }

            Answer health = node.get("/actuator/health");
            assertThat(health.status()).as(health.raw()).isEqualTo(503);
            assertThat(health.json()
                            .get("components")
                            .get("ledger")
                            .get("status")
                            .asString())
                    .isEqualTo("OUT_OF_SERVICE");

            long chainLength = status.number("blockchain", "chain_length");
            assertWritesRefused(node, reason);
            assertThat(node.get("/decentralized/status").number("blockchain", "chain_length"))
                    .as("refused writes wrote nothing")
                    .isEqualTo(chainLength);
            assertReadsServed(node);
        });
    }

    private record JsonFailure(long blockIndex, String check) {
        static JsonFailure of(Answer verify) {
            var failure = verify.json().get("failure");
            assertThat(failure).as(verify.raw()).isNotNull();
            assertThat(failure.isNull())
                    .as("a failure is reported: %s", verify.raw())
                    .isFalse();
            return new JsonFailure(
                    failure.get("block_index").asLong(), failure.get("check").asString());
        }
    }

    private static void assertWritesRefused(NodeClient node, String reason) {
        Map<String, String> writes = Map.of(
                "/decentralized/propose-training", NodeClient.json(Map.of("texts", List.of("more data on fever"))),
                "/decentralized/approve-proposal",
                        NodeClient.json(Map.of("proposal_hash", proposalB, "validator_id", "validator-carol")),
                "/decentralized/reject-proposal",
                        NodeClient.json(Map.of("proposal_hash", proposalB, "validator_id", "validator-dave")),
                "/decentralized/apply-training", NodeClient.json(Map.of("proposal_hash", proposalB)),
                "/save-checkpoint", "");
        writes.forEach((path, body) -> {
            Answer refused = node.post(path, body);
            assertThat(refused.status())
                    .as("POST %s on a tampered ledger: %s", path, refused.raw())
                    .isEqualTo(503);
            RawClient.assertProblem(refused, "POST " + path);
            assertThat(refused.text("detail")).contains("read-only").contains(reason);
        });
    }

    /** Every read answers 200, whatever the tampering; all failing reads are reported together. */
    private static void assertReadsServed(NodeClient node) {
        List<String> failed = Stream.of(
                        "/decentralized/status",
                        "/decentralized/proposals",
                        "/decentralized/proposals/" + proposalA,
                        "/blockchain-history",
                        "/blockchain-history?type=training_proposal",
                        "/blocks",
                        "/blocks/0",
                        "/blocks/2",
                        "/model-info",
                        "/model/nearest-words?word=fever&k=3",
                        "/verify",
                        "/export")
                .map(path -> {
                    Answer read = node.get(path);
                    return read.status() == 200
                            ? null
                            : "GET " + path + " -> " + read.status() + " " + RawClient.abbreviate(read.raw());
                })
                .filter(java.util.Objects::nonNull)
                .toList();
        assertThat(failed).as("reads on a tampered ledger that were not served").isEmpty();
    }

    // ---------------------------------------------------------------- node and database

    private static void withNode(Path dataDir, Consumer<NodeClient> session) {
        InProcessNode.withNode(dataDir, session);
    }

    private static String train(NodeClient node, List<String> texts) {
        Answer proposed = node.post(
                "/decentralized/propose-training", NodeClient.json(Map.of("texts", texts, "learning_rate", 0.05)));
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(200);
        String hash = proposed.text("proposal", "proposal_hash");
        Answer approved = node.post(
                "/decentralized/approve-proposal",
                NodeClient.json(Map.of("proposal_hash", hash, "validator_id", "validator-alice")));
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
        Answer applied = node.post("/decentralized/apply-training", NodeClient.json(Map.of("proposal_hash", hash)));
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        return hash;
    }

    /** A copy of the node's data directory and of its ledger database (the same thing on H2). */
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

    private static String text(Connection db, String query) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(query);
                ResultSet rows = statement.executeQuery()) {
            assertThat(rows.next()).as(query).isTrue();
            String value = rows.getString(1);
            assertThat(rows.next()).as("one row for " + query).isFalse();
            return value;
        }
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
