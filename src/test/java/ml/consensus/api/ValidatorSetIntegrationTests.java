package ml.consensus.api;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node with a configured validator set, 2 of 3: only members vote, quorum needs two
 * approvals, two rejections make it impossible, and a late rejection does not undo an approval.
 * Assertions are relative: the ledger is shared by all tests of the class.
 */
@TestPropertySource(
        properties = {
            "consensus.validators=validator-alice,validator-bob,validator-carol",
            "consensus.validators-required=2"
        })
class ValidatorSetIntegrationTests extends NodeIntegrationTest {

    private static final String ALICE = "validator-alice";
    private static final String BOB = "validator-bob";
    private static final String CAROL = "validator-carol";

    private static final AtomicInteger BATCH = new AtomicInteger();

    @Test
    void shouldReportTheConfiguredValidatorSet() {
        Answer status = node.get("/decentralized/status");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.number("validators_required")).isEqualTo(2);
        assertThat(status.number("validator_count")).isEqualTo(3);
        assertThat(status.json().get("open_mode").asBoolean()).isFalse();
        assertThat(status.json().get("consensus_required").asBoolean()).isTrue();
    }

    @Test
    void shouldKeepAProposalProposedAndRefuseApplyUntilTheSecondApproval() {
        String hash = propose(batch("two approvals"), 0.01);

        Answer first = approve(hash, ALICE);
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.text("approval", "proposal_state")).isEqualTo("proposed");
        assertThat(first.number("approval", "approvals")).isEqualTo(1);
        assertThat(first.number("approval", "approvals_required")).isEqualTo(2);
        assertThat(state(hash)).isEqualTo("proposed");

        LedgerSnapshot beforeEarlyApply = snapshot();
        Answer early = apply(hash);
        assertProblem(early, 409, "1 of 2");
        assertThat(snapshot()).as("a refused apply writes nothing").isEqualTo(beforeEarlyApply);

        Answer second = approve(hash, BOB);
        assertThat(second.status()).as(second.raw()).isEqualTo(200);
        assertThat(second.text("approval", "proposal_state")).isEqualTo("approved");
        assertThat(second.number("approval", "approvals")).isEqualTo(2);
        assertThat(state(hash)).isEqualTo("approved");

        LedgerSnapshot beforeApply = snapshot();
        Answer applied = apply(hash);
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        assertThat(snapshot().trainingSteps()).isEqualTo(beforeApply.trainingSteps() + 1);
        assertThat(state(hash)).isEqualTo("applied");

        JsonNode update = updateRecordOf(hash);
        assertThat(update.get("approvals").valueStream().map(JsonNode::asString).toList())
                .containsExactly(ALICE, BOB);
        assertThat(update.get("validators_required").asInt()).isEqualTo(2);
        assertThat(update.get("metrics").get("model_hash_before").asString()).isEqualTo(beforeApply.modelHash());
        assertThat(update.get("metrics").get("model_hash_after").asString())
                .isEqualTo(applied.text("metrics", "model_hash_after"));
    }

    @Test
    void shouldRefuseAValidatorOutsideTheSet() {
        String hash = propose(batch("outsider"), 0.01);
        LedgerSnapshot before = snapshot();

        assertProblem(approve(hash, "validator-mallory"), 403, "validator-mallory is not in this node's validator set");
        assertProblem(reject(hash, "validator-mallory"), 403, "validator-mallory is not in this node's validator set");
        // Ids are compared exactly: a differently cased member is not a member.
        assertProblem(approve(hash, "Validator-Alice"), 403, "is not in this node's validator set");

        assertThat(snapshot()).as("a refused vote writes nothing").isEqualTo(before);
        JsonNode proposal = proposal(hash);
        assertThat(proposal.get("votes")).isEmpty();
        assertThat(proposal.get("state").asString()).isEqualTo("proposed");
    }

    @Test
    void shouldRejectOnceQuorumIsImpossibleAndThenRefuseApplyAndVotes() {
        String hash = propose(batch("two rejections"), 0.01);

        Answer first = reject(hash, ALICE);
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.text("rejection", "proposal_state"))
                .as("bob and carol could still reach 2 of 3")
                .isEqualTo("proposed");

        Answer second = reject(hash, BOB);
        assertThat(second.status()).as(second.raw()).isEqualTo(200);
        assertThat(second.text("rejection", "proposal_state"))
                .as("only carol is left")
                .isEqualTo("rejected");
        assertThat(second.number("rejection", "rejections")).isEqualTo(2);
        assertThat(state(hash)).isEqualTo("rejected");

        LedgerSnapshot before = snapshot();
        assertProblem(apply(hash), 409, "can never be applied");
        assertProblem(approve(hash, CAROL), 409, "was rejected; votes are closed");
        assertProblem(reject(hash, CAROL), 409, "was rejected; votes are closed");
        assertThat(snapshot()).as("refusals write nothing").isEqualTo(before);
        assertThat(state(hash)).isEqualTo("rejected");
    }

    @Test
    void shouldApproveWithTwoApprovalsDespiteAnEarlierRejection() {
        String hash = propose(batch("rejection then approvals"), 0.01);
        assertThat(reject(hash, CAROL).status()).isEqualTo(200);
        assertThat(state(hash)).isEqualTo("proposed");
        assertThat(approve(hash, ALICE).text("approval", "proposal_state")).isEqualTo("proposed");
        Answer second = approve(hash, BOB);
        assertThat(second.status()).as(second.raw()).isEqualTo(200);
        assertThat(second.text("approval", "proposal_state")).isEqualTo("approved");

        Answer applied = apply(hash);
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        assertThat(updateRecordOf(hash)
                        .get("approvals")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList())
                .as("only approvers are listed")
                .containsExactly(ALICE, BOB);
    }

    @Test
    void shouldKeepAnApprovedProposalApprovedAfterALateRejection() {
        String hash = propose(batch("late rejection"), 0.01);
        assertThat(approve(hash, ALICE).status()).isEqualTo(200);
        assertThat(approve(hash, BOB).status()).isEqualTo(200);
        assertThat(state(hash)).isEqualTo("approved");

        Answer late = reject(hash, CAROL);
        assertThat(late.status())
                .as("an approved proposal still takes votes: " + late.raw())
                .isEqualTo(200);
        assertThat(late.text("rejection", "proposal_state")).isEqualTo("approved");
        JsonNode proposal = proposal(hash);
        assertThat(proposal.get("state").asString()).isEqualTo("approved");
        assertThat(proposal.get("approvals").asInt()).isEqualTo(2);
        assertThat(proposal.get("rejections").asInt()).isEqualTo(1);

        Answer applied = apply(hash);
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        assertThat(state(hash)).isEqualTo("applied");
    }

    @Test
    void shouldRefuseASecondVoteByAMember() {
        String hash = propose(batch("member votes twice"), 0.01);
        assertThat(approve(hash, ALICE).status()).isEqualTo(200);
        LedgerSnapshot before = snapshot();
        assertProblem(approve(hash, ALICE), 409, "already voted");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(state(hash))
                .as("one validator's two approvals are not a quorum of two")
                .isEqualTo("proposed");
    }

    private void assertProblem(Answer answer, int status, String detailFragment) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("detail")).contains(detailFragment);
    }

    private static List<String> batch(String topic) {
        return List.of("validator set batch " + BATCH.incrementAndGet() + " " + topic + " with fever");
    }

    private JsonNode proposal(String hash) {
        Answer answer = node.get("/decentralized/proposals/" + hash);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.json();
    }

    private String state(String hash) {
        return proposal(hash).get("state").asString();
    }

    private JsonNode updateRecordOf(String hash) {
        Answer history = node.get("/blockchain-history?type=model_update_approved");
        assertThat(history.status()).isEqualTo(200);
        List<JsonNode> matches = history.json()
                .get("records")
                .valueStream()
                .filter(r -> r.get("proposal_hash").asString().equals(hash))
                .toList();
        assertThat(matches)
                .as("exactly one model_update_approved record for " + hash)
                .hasSize(1);
        return matches.get(0);
    }
}
