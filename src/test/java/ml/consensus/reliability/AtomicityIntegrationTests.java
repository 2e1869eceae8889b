package ml.consensus.reliability;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import ml.consensus.ledger.RecordType;
import ml.consensus.storage.FaultyLedger;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A write that fails inside its transaction leaves nothing behind: not its block, not its record,
 * not its unique slot (vote or apply), and for an apply not the model it had already trained. The
 * ledger's {@code append} is made to throw once, either before it writes or after its rows were
 * flushed (so only the rollback can remove them); the answer must be a 5xx, the chain and the served
 * model exactly as before, {@code /verify} valid, and a retry must then succeed once. Such a failure
 * is answered like every other error, as an RFC 9457 problem.
 */
@Import(FaultyLedger.Installed.class)
class AtomicityIntegrationTests extends NodeIntegrationTest {

    private static final AtomicInteger BATCH = new AtomicInteger();

    @Autowired
    private FaultyLedger ledger;

    /** When the injected failure strikes. */
    enum Failure {
        /** append throws before writing anything. */
        BEFORE_WRITING,
        /** append writes and flushes its block and record, then throws: only the rollback can undo it. */
        AFTER_FLUSHING
    }

    /** A write, how to prepare for it, and how to send it; the prepared value is the proposal hash, if any. */
    private record Write(
            String name,
            RecordType recordType,
            Function<AtomicityIntegrationTests, String> prepare,
            WriteRequest request) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    private interface WriteRequest {
        Answer send(AtomicityIntegrationTests test, String proposalHash);
    }

    static Stream<Arguments> failingWrites() {
        List<Write> writes = List.of(
                new Write(
                        "propose",
                        RecordType.TRAINING_PROPOSAL,
                        t -> "",
                        (t, hash) -> t.node.post(
                                "/decentralized/propose-training",
                                NodeClient.json(Map.of(
                                        "texts",
                                        List.of("atomic proposal about fever and cough"),
                                        "learning_rate",
                                        0.03)))),
                new Write(
                        "approve",
                        RecordType.VALIDATOR_APPROVAL,
                        t -> t.propose(t.batch(), 0.02),
                        (t, hash) -> t.approve(hash, "validator-alice")),
                new Write(
                        "reject",
                        RecordType.VALIDATOR_REJECTION,
                        t -> t.propose(t.batch(), 0.02),
                        (t, hash) -> t.reject(hash, "validator-bob")),
                new Write(
                        "apply",
                        RecordType.MODEL_UPDATE_APPROVED,
                        AtomicityIntegrationTests::approvedProposal,
                        (t, hash) -> t.apply(hash)),
                new Write(
                        "save-checkpoint",
                        RecordType.CHECKPOINT_SAVED,
                        t -> "",
                        (t, hash) -> t.node.post("/save-checkpoint", "")));
        return writes.stream().flatMap(w -> Stream.of(Failure.values()).map(f -> arguments(w, f)));
    }

    @ParameterizedTest(name = "{0}, append failing {1}")
    @MethodSource("failingWrites")
    void shouldLeaveTheLedgerAndTheModelUnchangedWhenAWriteFailsInsideItsTransaction(Write write, Failure failure) {
        String proposalHash = write.prepare().apply(this);
        LedgerSnapshot before = snapshot();
        String proposalBefore = proposalHash.isEmpty() ? "" : proposalView(proposalHash);
        Answer neighboursBefore = node.get("/model/nearest-words?word=fever&k=5");
        AtomicBoolean struck = failNextAppendOf(write.recordType(), failure);

        Answer failed = write.request().send(this, proposalHash);

        assertThat(struck).as("the injected failure struck").isTrue();
        assertThat(failed.status()).as(failed.raw()).isBetween(500, 599);
        assertThat(snapshot()).as("ledger and model after a failed %s", write).isEqualTo(before);
        assertThat(node.get("/model/nearest-words?word=fever&k=5").raw()).isEqualTo(neighboursBefore.raw());
        if (!proposalHash.isEmpty()) {
            assertThat(proposalView(proposalHash))
                    .as("the proposal's votes and state")
                    .isEqualTo(proposalBefore);
        }
        assertVerified(before.modelHash());

        // The failed write consumed nothing: the same request now succeeds, once.
        Answer retried = write.request().send(this, proposalHash);
        assertThat(retried.status()).as(retried.raw()).isEqualTo(200);
        LedgerSnapshot after = snapshot();
        assertThat(after.chainLength()).isEqualTo(before.chainLength() + 1);
        assertThat(after.totalRecords()).isEqualTo(before.totalRecords() + 1);
        if (write.recordType() == RecordType.MODEL_UPDATE_APPROVED) {
            assertThat(retried.text("metrics", "model_hash_before")).isEqualTo(before.modelHash());
            assertThat(after.modelHash())
                    .isEqualTo(retried.text("metrics", "model_hash_after"))
                    .isNotEqualTo(before.modelHash());
        } else {
            assertThat(after.modelHash()).isEqualTo(before.modelHash());
        }
        if (!proposalHash.isEmpty()) {
            Answer again = write.request().send(this, proposalHash);
            assertThat(again.status())
                    .as("a second %s of %s: %s", write, proposalHash, again.raw())
                    .isEqualTo(409);
        }
        assertVerified(snapshot().modelHash());
    }

    @Test
    void shouldAnswerAWriteThatFailedInsideItsTransactionWithAProblem() {
        String hash = approvedProposal();
        LedgerSnapshot before = snapshot();
        failNextAppendOf(RecordType.MODEL_UPDATE_APPROVED, Failure.AFTER_FLUSHING);

        Answer failed = apply(hash);

        assertThat(failed.status()).as(failed.raw()).isBetween(500, 599);
        RawClient.assertProblem(failed, "apply failing after its rows were flushed");
        assertThat(failed.text("detail"))
                .as("the problem does not leak the internal exception")
                .doesNotContain("injected storage failure");
        assertThat(snapshot()).isEqualTo(before);
    }

    /**
     * Arms the ledger: the next append of a record of {@code type} fails as {@code failure} says;
     * every other append, and every later one, runs for real. Returns a flag set once it struck.
     */
    private AtomicBoolean failNextAppendOf(RecordType type, Failure failure) {
        return ledger.failNextAppendOf(
                type,
                failure == Failure.AFTER_FLUSHING
                        ? FaultyLedger.When.AFTER_FLUSHING
                        : FaultyLedger.When.BEFORE_WRITING);
    }

    private void assertVerified(String modelHash) {
        Answer verify = node.get("/verify");
        assertThat(verify.json().get("valid").asBoolean()).as(verify.raw()).isTrue();
        assertThat(verify.text("replayed_model_hash")).isEqualTo(modelHash);
        assertThat(verify.text("live_model_hash")).isEqualTo(modelHash);
        Answer health = node.get("/actuator/health");
        assertThat(health.json().get("components").get("ledger").get("status").asString())
                .isEqualTo("UP");
    }

    private String proposalView(String hash) {
        Answer answer = node.get("/decentralized/proposals/" + hash);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.raw();
    }

    private String approvedProposal() {
        String hash = propose(batch(), 0.05);
        Answer approved = approve(hash, "validator-alice");
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
        return hash;
    }

    private List<String> batch() {
        return List.of("atomicity batch " + BATCH.incrementAndGet() + " persistent fever with night sweats");
    }
}
