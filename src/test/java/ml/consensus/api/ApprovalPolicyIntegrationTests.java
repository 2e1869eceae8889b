package ml.consensus.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import ml.consensus.cli.OfflineVerifierHarness;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node configured with a Fabric-style policy over three listed validators: the policy is
 * declared on the ledger, shown with each proposal's progress, enforced on votes and applies,
 * and re-checked by /verify and the offline verifier from the ledger alone.
 */
class ApprovalPolicyIntegrationTests extends NodeIntegrationTest {

    private static final String A = "validator-a";
    private static final String B = "validator-b";
    private static final String C = "validator-c";
    private static final String POLICY = "OR('validator-a',AND('validator-b','validator-c'))";

    @DynamicPropertySource
    static void policy(DynamicPropertyRegistry registry) {
        registry.add("consensus.validators", () -> A + "," + B + "," + C);
        registry.add("consensus.approval-policy", () -> "or( 'validator-a', and('validator-b','validator-c') )");
    }

    @Test
    void shouldDeclareThePolicyOnTheLedgerAndShowItInStatus() {
        JsonNode policy = node.get("/decentralized/status").json().get("approval_policy");
        assertThat(policy.get("policy").asString()).isEqualTo(POLICY);
        assertThat(policy.get("kind").asString()).isEqualTo("expression");
        assertThat(policy.get("declared_in_block").asLong()).isEqualTo(1);
        assertThat(policy.get("validators_required").asInt()).isEqualTo(1);
        assertThat(policy.get("validators").findValuesAsString("id")).containsExactly(A, B, C);
        Answer declared = node.get("/blockchain-history?type=policy_declared");
        assertThat(declared.json().get("records").get(0).get("policy").asString())
                .isEqualTo(POLICY);
    }

    @Test
    void shouldApplyOnlyOnceTheExpressionIsMetAndSayWhoIsMissing() {
        String proposal = propose(List.of("fever and chills"), 0.02);
        JsonNode approval = approve(proposal, B).json().get("approval");
        assertThat(approval.get("proposal_state").asString()).isEqualTo("proposed");
        // Issue 14.6: the answer does not call the proposal approved, and approvals_required is the
        // policy progress's need (b approved, so b and c are needed), not the fewest for any proposal.
        assertThat(approval.get("status").asString()).isEqualTo("proposed");
        assertThat(approval.get("vote").asString()).isEqualTo("approve");
        assertThat(approval.get("approvals_required").asInt()).isEqualTo(2);

        JsonNode view = node.get("/decentralized/proposals/" + proposal).json();
        assertThat(view.get("approvals_required").asInt()).isEqualTo(2);
        JsonNode progress = view.get("policy_progress");
        assertThat(progress.get("policy").asString()).isEqualTo(POLICY);
        assertThat(progress.get("met").asBoolean()).isFalse();
        assertThat(progress.get("have").asInt()).isEqualTo(1);
        assertThat(progress.get("need").asInt()).isEqualTo(2);
        assertThat(progress.get("missing_validators")).hasSize(1);

        LedgerSnapshot before = snapshot();
        Answer early = apply(proposal);
        assertThat(early.status()).as(early.raw()).isEqualTo(409);
        assertThat(early.contentType()).startsWith("application/problem+json");
        assertThat(early.text("detail")).contains("policy " + POLICY + " is not met (1 of 2 approvals");
        assertThat(snapshot()).isEqualTo(before);

        assertThat(approve(proposal, C)
                        .json()
                        .get("approval")
                        .get("proposal_state")
                        .asString())
                .isEqualTo("approved");
        Answer applied = apply(proposal);
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        JsonNode update = node.get("/blockchain-history?type=model_update_approved")
                .json()
                .get("records")
                .get(0);
        assertThat(update.get("policy").asString()).isEqualTo(POLICY);
    }

    @Test
    void shouldRejectOnceTheRejectionsLeaveThePolicyUnmeetable() throws Exception {
        String proposal = propose(List.of("persistent dry cough"), 0.02);
        assertThat(reject(proposal, A)
                        .json()
                        .get("rejection")
                        .get("proposal_state")
                        .asString())
                .isEqualTo("proposed");
        assertThat(reject(proposal, C)
                        .json()
                        .get("rejection")
                        .get("proposal_state")
                        .asString())
                .isEqualTo("rejected");
        LedgerSnapshot before = snapshot();
        Answer late = approve(proposal, B);
        assertThat(late.status()).as(late.raw()).isEqualTo(409);
        assertThat(late.text("detail")).contains("rejected");
        assertThat(snapshot()).isEqualTo(before);

        assertThat(node.get("/verify").json().get("valid").asBoolean()).isTrue();
        Path export = Files.createTempFile("ledger", ".json");
        Files.writeString(export, node.get("/export").raw());
        OfflineVerifierHarness.Result offline = OfflineVerifierHarness.run(
                export.toString(),
                "--validators",
                A + "," + B + "," + C,
                "--min-difficulty",
                String.valueOf(TEST_DIFFICULTY));
        assertThat(offline.exitCode()).as(offline.output()).isZero();
    }
}
