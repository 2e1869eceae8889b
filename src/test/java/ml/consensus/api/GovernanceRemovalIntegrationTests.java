package ml.consensus.api;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.support.TestValidatorSet;
import ml.consensus.validator.Ed25519;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Votes cast by a validator whom governance later removes stop counting, on the live node as in
 * the verifier: under Count(2) of {alice, bob, carol}, carol's rejection must not close a proposal
 * once carol is removed, although the raw vote count still holds it. (A count kept from the raw
 * counts once refused every later vote with "was rejected", while GET showed the proposal open.)
 */
class GovernanceRemovalIntegrationTests extends NodeIntegrationTest {

    private static final TestValidatorSet VALIDATORS =
            TestValidatorSet.generate(2, List.of("validator-alice", "validator-bob", "validator-carol"));
    private static final Path SET_FILE = VALIDATORS.file();

    @DynamicPropertySource
    static void validatorSet(DynamicPropertyRegistry registry) {
        registry.add("consensus.validator-set-file", SET_FILE::toString);
    }

    private Answer signedVote(String kind, String proposal, String validator) {
        String signature = VALIDATORS.signVote(ledger(), kind, proposal, validator);
        return node.post(
                "/decentralized/" + kind + "-proposal",
                NodeClient.json(Map.of("proposal_hash", proposal, "validator_id", validator, "signature", signature)));
    }

    private void govern(Map<String, Object> change, String... approvers) {
        Answer proposed = node.post("/decentralized/propose-governance", NodeClient.json(change));
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(200);
        String proposal = proposed.text("proposal", "proposal_hash");
        for (String approver : approvers) {
            assertThat(signedVote("approve", proposal, approver).status()).isEqualTo(200);
        }
        Answer applied =
                node.post("/decentralized/apply-governance", NodeClient.json(Map.of("proposal_hash", proposal)));
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
    }

    @Test
    void shouldNotCountARemovedValidatorsRejection() {
        String training = propose(List.of("fever and cough"), 0.02);
        assertThat(signedVote("reject", training, "validator-carol").status()).isEqualTo(200);
        String approvedByCarol = propose(List.of("fever and a rash"), 0.02);
        assertThat(signedVote("approve", approvedByCarol, "validator-carol").status())
                .isEqualTo(200);
        govern(
                Map.of("action", "remove_validator", "validator_id", "validator-carol"),
                "validator-alice",
                "validator-bob");

        assertThat(node.get("/decentralized/proposals/" + training).text("state"))
                .isEqualTo("proposed");
        Answer alice = signedVote("approve", training, "validator-alice");
        assertThat(alice.status()).as(alice.raw()).isEqualTo(200);
        assertThat(alice.text("approval", "proposal_state")).isEqualTo("proposed");
        Answer bob = signedVote("approve", training, "validator-bob");
        assertThat(bob.status()).as(bob.raw()).isEqualTo(200);
        assertThat(bob.text("approval", "proposal_state")).isEqualTo("approved");
        assertThat(apply(training).status()).isEqualTo(200);

        // Issue 15.9: the refusal of an early apply counted the removed validator's approval ("2 of
        // 2") while the policy progress said 1.
        assertThat(signedVote("approve", approvedByCarol, "validator-alice").status())
                .isEqualTo(200);
        JsonNode view = node.get("/decentralized/proposals/" + approvedByCarol).json();
        assertThat(view.get("policy_progress").get("have").asInt()).isEqualTo(1);
        Answer early = apply(approvedByCarol);
        assertThat(early.status()).as(early.raw()).isEqualTo(409);
        assertThat(early.text("detail")).contains("is not approved: 1 of 2 required approvals");

        // Issue 15.6: carol comes back with a new key. Her old key's approval must not count again.
        byte[] newKey = Ed25519.newPrivateKey(new SecureRandom());
        govern(
                Map.of(
                        "action",
                        "add_validator",
                        "validator_id",
                        "validator-carol",
                        "public_key",
                        HexFormat.of().formatHex(Ed25519.publicKeyOf(newKey))),
                "validator-alice",
                "validator-bob");
        assertThat(node.get("/decentralized/proposals/" + approvedByCarol).text("state"))
                .isEqualTo("proposed");
        Answer revived = apply(approvedByCarol);
        assertThat(revived.status()).as(revived.raw()).isEqualTo(409);
        assertThat(node.get("/verify").json().get("valid").asBoolean()).isTrue();
    }
}
