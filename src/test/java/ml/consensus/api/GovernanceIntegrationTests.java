package ml.consensus.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import ml.consensus.cli.OfflineVerifierHarness;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.ValidatorKey;
import ml.consensus.validator.ValidatorSet;
import ml.consensus.validator.VoteMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Governance on a node with a signed 2-of-3 validator set: adding a validator (who can then vote
 * with its own key), changing a weight and the policy, removing a validator (whose votes are then
 * refused), each through a proposal approved under the policy in force; refusals change nothing;
 * /verify and the offline verifier, given only the starting set file, follow every change.
 */
class GovernanceIntegrationTests extends NodeIntegrationTest {

    private static final List<String> IDS =
            List.of("validator-alice", "validator-bob", "validator-carol", "validator-dave");
    private static final Map<String, byte[]> KEYS = new HashMap<>();
    private static final Path SET_FILE;

    static {
        SecureRandom random = new SecureRandom();
        IDS.forEach(id -> KEYS.put(id, Ed25519.newPrivateKey(random)));
        try {
            SET_FILE = Files.createTempFile("validators", ".json");
            Files.writeString(
                    SET_FILE,
                    new ValidatorSet(
                                    2,
                                    IDS.subList(0, 3).stream()
                                            .map(id -> new ValidatorKey(id, publicKey(id), 1))
                                            .toList())
                            .toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void validatorSet(DynamicPropertyRegistry registry) {
        registry.add("consensus.validator-set-file", SET_FILE::toString);
    }

    private static String publicKey(String id) {
        return HexFormat.of().formatHex(Ed25519.publicKeyOf(KEYS.get(id)));
    }

    private Answer signedVote(String kind, String proposal, String validator) {
        String signature = HexFormat.of()
                .formatHex(Ed25519.sign(KEYS.get(validator), VoteMessage.bytes(ledger(), kind, proposal, validator)));
        return node.post(
                "/decentralized/" + kind + "-proposal",
                NodeClient.json(Map.of("proposal_hash", proposal, "validator_id", validator, "signature", signature)));
    }

    private String proposeGovernance(Map<String, Object> body) {
        Answer answer = node.post("/decentralized/propose-governance", NodeClient.json(body));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.text("proposal", "proposal_hash");
    }

    private Answer applyGovernance(String proposal) {
        return node.post("/decentralized/apply-governance", NodeClient.json(Map.of("proposal_hash", proposal)));
    }

    /** Proposes a change, approves it with {@code approvers}, applies it, and returns the policy it leaves. */
    private JsonNode govern(Map<String, Object> change, String... approvers) {
        String proposal = proposeGovernance(change);
        for (String approver : approvers) {
            assertThat(signedVote("approve", proposal, approver).status()).isEqualTo(200);
        }
        Answer applied = applyGovernance(proposal);
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        return applied.json().get("governance").get("approval_policy");
    }

    private void assertRefused(Answer answer, int status, String detail, LedgerSnapshot before) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("detail")).contains(detail);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void shouldChangeTheValidatorSetAndPolicyOnlyThroughApprovedProposals() throws Exception {
        String dave = "validator-dave";
        Answer outsider = signedVote("approve", propose(List.of("before dave joins"), 0.02), dave);
        assertThat(outsider.status()).as(outsider.raw()).isEqualTo(403);

        // Add dave (weight 2): a proposal approved by two of the three under Count(2).
        String add = proposeGovernance(
                Map.of("action", "add_validator", "validator_id", dave, "public_key", publicKey(dave), "weight", 2));
        assertThat(signedVote("approve", add, "validator-alice").status()).isEqualTo(200);
        LedgerSnapshot before = snapshot();
        assertRefused(applyGovernance(add), 409, "is not approved: 1 of 2 required approvals", before);
        assertRefused(apply(add), 409, "is a governance proposal", before);
        assertThat(signedVote("approve", add, "validator-bob").status()).isEqualTo(200);
        JsonNode afterAdd = applyGovernance(add).json().get("governance").get("approval_policy");
        assertThat(afterAdd.get("validators").findValuesAsString("id")).contains(dave);
        assertThat(node.get("/decentralized/proposals/" + add).text("state")).isEqualTo("applied");
        assertThat(node.get("/decentralized/status").number("validator_count")).isEqualTo(4);

        // Dave now votes with his own key; a weight policy counts his weight.
        JsonNode byWeight = govern(Map.of("action", "set_policy", "policy", "Weight(3)"), "validator-alice", dave);
        assertThat(byWeight.get("policy").asString()).isEqualTo("Weight(3)");
        String training = propose(List.of("fever and rash"), 0.02);
        Answer daveVotes = signedVote("approve", training, dave);
        assertThat(daveVotes.status()).as(daveVotes.raw()).isEqualTo(200);
        assertThat(daveVotes.text("approval", "proposal_state")).isEqualTo("proposed");
        assertThat(signedVote("approve", training, "validator-carol").text("approval", "proposal_state"))
                .isEqualTo("approved");
        assertThat(apply(training).status()).isEqualTo(200);

        // Remove carol; her votes are refused from then on.
        govern(Map.of("action", "remove_validator", "validator_id", "validator-carol"), "validator-bob", dave);
        String later = propose(List.of("after carol leaves"), 0.02);
        LedgerSnapshot beforeCarol = snapshot();
        assertRefused(
                signedVote("approve", later, "validator-carol"), 403, "not in this node's validator set", beforeCarol);

        assertThat(node.get("/verify").json().get("valid").asBoolean()).isTrue();
        Path export = Files.createTempFile("ledger", ".json");
        Files.writeString(export, node.get("/export").raw());
        OfflineVerifierHarness.Result offline = OfflineVerifierHarness.run(
                export.toString(),
                "--validator-set",
                SET_FILE.toString(),
                "--min-difficulty",
                String.valueOf(TEST_DIFFICULTY));
        assertThat(offline.exitCode()).as(offline.output()).isZero();
    }

    @Test
    void shouldRefuseMalformedAndInapplicableChanges() {
        LedgerSnapshot before = snapshot();
        assertRefused(
                node.post(
                        "/decentralized/propose-governance",
                        NodeClient.json(Map.of("action", "set_policy", "policy", "OutOf(2,'validator-alice'"))),
                400,
                "at character 26",
                before);
        // Issue 15.7: OutOf counts operands, so a name given twice would count one approval twice.
        assertRefused(
                node.post(
                        "/decentralized/propose-governance",
                        NodeClient.json(Map.of(
                                "action",
                                "set_policy",
                                "policy",
                                "OutOf(2,'validator-alice','validator-alice','validator-bob')"))),
                400,
                "names validator 'validator-alice' more than once",
                before);
        assertRefused(
                node.post(
                        "/decentralized/propose-governance",
                        NodeClient.json(Map.of("action", "promote", "validator_id", "x"))),
                400,
                "action must be",
                before);
        assertRefused(
                node.post(
                        "/decentralized/propose-governance",
                        NodeClient.json(Map.of(
                                "action",
                                "add_validator",
                                "validator_id",
                                "validator-alice",
                                "public_key",
                                publicKey("validator-alice")))),
                409,
                "already in the validator set",
                before);
        assertRefused(
                node.post(
                        "/decentralized/propose-governance",
                        NodeClient.json(Map.of("action", "add_validator", "validator_id", "validator-zed"))),
                409,
                "needs public_key",
                before);
        assertRefused(
                node.post(
                        "/decentralized/propose-governance",
                        NodeClient.json(
                                Map.of("action", "set_policy", "policy", "AND('validator-alice','validator-nobody')"))),
                409,
                "could no longer be met",
                before);
        assertRefused(
                node.post(
                        "/decentralized/propose-governance",
                        NodeClient.json(Map.of("action", "set_weight", "validator_id", "validator-bob", "weight", 0))),
                400,
                "weight must be between 1",
                before);
        assertRefused(
                node.post(
                        "/decentralized/propose-governance",
                        NodeClient.json(Map.of(
                                "action", "remove_validator", "validator_id", "validator-bob", "policy", "Count(1)"))),
                400,
                "remove_validator takes no policy",
                before);

        String training = propose(List.of("training, not governance"), 0.02);
        LedgerSnapshot afterPropose = snapshot();
        assertRefused(applyGovernance(training), 409, "is a training proposal", afterPropose);
    }
}
