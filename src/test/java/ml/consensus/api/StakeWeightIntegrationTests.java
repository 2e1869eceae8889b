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
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import ml.consensus.cli.OfflineVerifierHarness;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.support.TestValidatorSet;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.StakeMessage;
import ml.consensus.validator.VoteMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose validators (a signed set of three) vote with their bonded stake under
 * {@code Weight(150)}, driven over HTTP: proposals are judged by the stake their voters hold
 * when they are judged; the stake rules change through governance like the policy; validators
 * governance adds may bond, removed ones may only unbond. /verify and the offline verifier, given
 * only the starting set file, read the same rules from the ledger and agree.
 */
class StakeWeightIntegrationTests extends NodeIntegrationTest {

    private static final String ALICE = "validator-alice";
    private static final String BOB = "validator-bob";
    private static final String CAROL = "validator-carol";
    /** Has a key but is not in the starting set: governance adds him. */
    private static final String DAVE = "validator-dave";

    private static final TestValidatorSet SET = TestValidatorSet.generate(2, List.of(ALICE, BOB, CAROL));
    private static final Map<String, byte[]> KEYS = new HashMap<>(SET.privateKeys());

    static {
        KEYS.put(DAVE, Ed25519.newPrivateKey(new SecureRandom()));
    }

    @DynamicPropertySource
    static void stakeWeighted(DynamicPropertyRegistry registry) {
        registry.add("consensus.validator-set-file", () -> SET.file().toString());
        registry.add("consensus.stake.weight-from-stake", () -> true);
        registry.add("consensus.approval-policy", () -> "Weight(150)");
    }

    // --- requests -------------------------------------------------------------------------------

    private static String publicKey(String id) {
        return HexFormat.of().formatHex(Ed25519.publicKeyOf(KEYS.get(id)));
    }

    private Answer stake(String operation, String validator, long amount) {
        long sequence = node.get("/stake/" + validator).number("next_sequence");
        String signature = HexFormat.of()
                .formatHex(Ed25519.sign(
                        KEYS.get(validator), StakeMessage.bytes(ledger(), operation, validator, amount, sequence)));
        return node.post(
                "/stake/" + operation,
                NodeClient.json(Map.of(
                        "validator_id", validator, "amount", amount, "sequence", sequence, "signature", signature)));
    }

    /** Bonds or unbonds until {@code validator} holds exactly {@code amount}. */
    private void holdExactly(String validator, long amount) {
        long balance = node.get("/stake/" + validator).number("balance");
        if (balance != amount) {
            assertOk(stake(
                    balance < amount ? StakeMessage.BOND : StakeMessage.UNBOND, validator, Math.abs(amount - balance)));
        }
    }

    private Answer vote(String kind, String proposal, String validator) {
        String signature = HexFormat.of()
                .formatHex(Ed25519.sign(KEYS.get(validator), VoteMessage.bytes(ledger(), kind, proposal, validator)));
        return node.post(
                "/decentralized/" + kind + "-proposal",
                NodeClient.json(Map.of("proposal_hash", proposal, "validator_id", validator, "signature", signature)));
    }

    private Answer proposeGovernance(Map<String, Object> body) {
        return node.post("/decentralized/propose-governance", NodeClient.json(body));
    }

    /** Proposes {@code change}, approves it with Alice's and Bob's 200 stake, applies it; answers the block. */
    private long govern(Map<String, Object> change) {
        holdExactly(ALICE, 100);
        holdExactly(BOB, 100);
        Answer proposed = proposeGovernance(change);
        assertOk(proposed);
        String proposal = proposed.text("proposal", "proposal_hash");
        assertOk(vote(VoteMessage.APPROVE, proposal, ALICE));
        assertOk(vote(VoteMessage.APPROVE, proposal, BOB));
        Answer applied =
                node.post("/decentralized/apply-governance", NodeClient.json(Map.of("proposal_hash", proposal)));
        assertOk(applied);
        return applied.number("governance", "effective_from_block") - 1;
    }

    private JsonNode proposal(String hash) {
        Answer answer = node.get("/decentralized/proposals/" + hash);
        assertOk(answer);
        return answer.json();
    }

    private static void assertOk(Answer answer) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    }

    private void assertRefused(Answer answer, int status, String detail, LedgerSnapshot before) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("detail")).contains(detail);
        assertThat(snapshot()).isEqualTo(before);
    }

    /** /verify and the offline verifier, given only the starting set, find the ledger valid. */
    private void assertVerifies() {
        assertThat(node.get("/verify").json().get("valid").asBoolean()).isTrue();
        try {
            Path export = Files.createTempFile("ledger", ".json");
            Files.writeString(export, node.get("/export").raw());
            OfflineVerifierHarness.Result offline = OfflineVerifierHarness.run(
                    export.toString(),
                    "--validator-set",
                    SET.file().toString(),
                    "--min-difficulty",
                    String.valueOf(TEST_DIFFICULTY));
            assertThat(offline.exitCode()).as(offline.output()).isZero();
            assertThat(offline.output()).contains("weight from stake");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- weight from stake ----------------------------------------------------------------------

    @Test
    void shouldJudgeProposalsByTheStakeTheirVotersHold() {
        holdExactly(ALICE, 100);
        holdExactly(BOB, 100);
        holdExactly(CAROL, 40);
        String hash = propose(List.of("stake weighs this vote " + UUID.randomUUID()), 0.02);

        assertOk(vote(VoteMessage.APPROVE, hash, ALICE));
        LedgerSnapshot afterVote = snapshot();
        assertRefused(apply(hash), 409, "is not met (100 of 150 weight", afterVote);
        JsonNode progress = proposal(hash).get("policy_progress");
        assertThat(progress.get("have").asLong()).isEqualTo(100);
        assertThat(progress.get("need").asLong()).isEqualTo(150);
        assertThat(progress.get("unit").asString()).isEqualTo("weight");
        // Carol's 40 against leaves 200 that could still approve: the proposal stays open.
        assertOk(vote(VoteMessage.REJECT, hash, CAROL));
        assertThat(proposal(hash).get("state").asString()).isEqualTo("proposed");
        assertOk(vote(VoteMessage.APPROVE, hash, BOB));
        assertThat(proposal(hash).get("state").asString()).isEqualTo("approved");

        // Alice takes out half her stake before the apply: 150 approving is still enough.
        holdExactly(ALICE, 50);
        assertThat(proposal(hash).get("state").asString()).isEqualTo("approved");
        // All of it: Bob's 100 is not, and with Carol's 40 against only 100 could still approve.
        holdExactly(ALICE, 0);
        assertThat(proposal(hash).get("state").asString()).isEqualTo("rejected");
        LedgerSnapshot unbonded = snapshot();
        assertRefused(apply(hash), 409, "with the stake its validators hold now, Weight(150) cannot be met", unbonded);
        // The state follows the stake: bonded again, her approval counts again.
        holdExactly(ALICE, 100);
        assertThat(proposal(hash).get("state").asString()).isEqualTo("approved");
        assertOk(apply(hash));
        assertThat(node.get("/stake/" + ALICE).number("voting_weight")).isEqualTo(100);
        assertVerifies();
    }

    // --- stake rules through governance -----------------------------------------------------------

    @Test
    void shouldChangeTheStakeRulesOnlyThroughAnApprovedGovernanceProposal() {
        LedgerSnapshot before = snapshot();
        assertRefused(
                proposeGovernance(Map.of("action", "set_stake_rules", "slash_fraction", 2)),
                400,
                "slash-fraction must be in (0, 1]",
                before);
        assertRefused(
                proposeGovernance(Map.of("action", "set_stake_rules", "policy", "Count(1)")),
                400,
                "set_stake_rules takes no policy",
                before);
        assertRefused(
                proposeGovernance(Map.of("action", "set_policy", "policy", "Count(1)", "minimum_to_vote", 5)),
                400,
                "set_policy takes no minimum_to_vote",
                before);
        assertRefused(
                proposeGovernance(Map.of("action", "set_stake_rules", "weight_from_stake", true)),
                409,
                "these stake rules are already in force",
                before);
        assertRefused(
                proposeGovernance(Map.of(
                        "action",
                        "set_stake_rules",
                        "weight_from_stake",
                        true,
                        "slash_fraction",
                        0,
                        "slash_tolerance",
                        0.5)),
                400,
                "slash_tolerance needs a slash_fraction above 0",
                before);
        // Without weight from stake, Weight(150) could never be met by three validators of weight 1.
        assertRefused(
                proposeGovernance(Map.of("action", "set_stake_rules", "weight_from_stake", false)),
                409,
                "Weight(150) could no longer be met under these stake rules",
                before);

        long changedIn = govern(Map.of(
                "action", "set_stake_rules", "minimum_to_vote", 10, "weight_from_stake", true, "slash_fraction", 0.25));
        try {
            JsonNode rules = node.get("/stake?block=" + changedIn).json().get("rules");
            assertThat(rules.get("minimum_to_vote").asLong()).isEqualTo(10);
            assertThat(rules.get("slashing").get("fraction").asDouble()).isEqualTo(0.25);
            // The rules as they stood before are derived from the ledger, like the balances.
            JsonNode then = node.get("/stake?block=" + (changedIn - 1)).json().get("rules");
            assertThat(then.get("minimum_to_vote").asLong()).isZero();
            assertThat(then.get("slashing").isNull()).isTrue();

            holdExactly(CAROL, 5);
            String hash = propose(List.of("a vote below the governed minimum " + UUID.randomUUID()), 0.02);
            LedgerSnapshot proposed = snapshot();
            assertRefused(vote(VoteMessage.APPROVE, hash, CAROL), 403, "below the 10 needed to vote", proposed);
            assertVerifies();
        } finally {
            // Back to the declared rules, so the other tests of this node run under them.
            govern(Map.of("action", "set_stake_rules", "weight_from_stake", true));
        }
        assertThat(node.get("/stake").json().get("rules").get("minimum_to_vote").asLong())
                .isZero();
    }

    // --- stake of a governed validator set ---------------------------------------------------------

    @Test
    void shouldLetAddedValidatorsBondAndRemovedOnesOnlyUnbond() {
        LedgerSnapshot before = snapshot();
        assertRefused(stake(StakeMessage.BOND, DAVE, 20), 403, "is not in the validator set", before);

        long beforeAdd = snapshot().chainLength() - 1;
        govern(Map.of("action", "add_validator", "validator_id", DAVE, "public_key", publicKey(DAVE)));
        assertOk(stake(StakeMessage.BOND, DAVE, 20));
        assertThat(node.get("/stake/" + DAVE).number("voting_weight")).isEqualTo(20);
        assertThat(node.get("/stake/" + DAVE).json().get("may_vote").asBoolean())
                .isTrue();
        assertThat(node.get("/stake/" + DAVE + "?block=" + beforeAdd)
                        .json()
                        .get("may_vote")
                        .asBoolean())
                .isFalse();

        govern(Map.of("action", "remove_validator", "validator_id", DAVE));
        LedgerSnapshot removed = snapshot();
        assertRefused(stake(StakeMessage.BOND, DAVE, 5), 403, "a former validator may only unbond", removed);
        assertThat(node.get("/stake/" + DAVE).json().get("may_vote").asBoolean())
                .isFalse();
        assertOk(stake(StakeMessage.UNBOND, DAVE, 20));
        assertThat(node.get("/stake/" + DAVE).number("balance")).isZero();
        assertVerifies();
    }
}
