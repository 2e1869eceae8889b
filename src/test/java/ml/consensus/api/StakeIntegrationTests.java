package ml.consensus.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import ml.consensus.cli.OfflineVerifierHarness;
import ml.consensus.model.EvaluationSet;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.support.TestValidatorSet;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.StakeMessage;
import ml.consensus.validator.VoteMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node with a 2-of-3 signed validator set, a minimum stake of 10 to vote and slashing of half
 * the stake for any move of the held-out score (tolerance 0), driven over HTTP: bonds, unbonds,
 * balances at a block, every refusal with the ledger unchanged, a vote refused for lack of stake,
 * and slashes after applies that worsen and improve the score, all re-checked by /verify and the
 * offline verifier.
 */
class StakeIntegrationTests extends NodeIntegrationTest {

    private static final String ALICE = "validator-alice";
    private static final String BOB = "validator-bob";
    private static final String CAROL = "validator-carol";
    private static final String DAVE = "validator-dave";
    private static final List<String> IDS = List.of(ALICE, BOB, CAROL, DAVE);
    private static final TestValidatorSet KEYS = TestValidatorSet.generate(2, IDS);
    private static final Map<String, byte[]> PRIVATE_KEYS = KEYS.privateKeys();
    private static final Path SET_FILE = KEYS.file();

    @DynamicPropertySource
    static void stakeRules(DynamicPropertyRegistry registry) {
        registry.add("consensus.validator-set-file", SET_FILE::toString);
        registry.add("consensus.stake.minimum-to-vote", () -> 10);
        registry.add("consensus.stake.slash-fraction", () -> "0.5");
        registry.add("consensus.stake.slash-tolerance", () -> "0");
    }

    // --- requests -------------------------------------------------------------------------------

    private String signStake(String signer, String operation, String validator, long amount, long sequence) {
        return HexFormat.of()
                .formatHex(Ed25519.sign(
                        PRIVATE_KEYS.get(signer),
                        StakeMessage.bytes(ledger(), operation, validator, amount, sequence)));
    }

    private Answer stake(String operation, String validator, long amount, long sequence, String signature) {
        return node.post(
                "/stake/" + operation,
                NodeClient.json(Map.of(
                        "validator_id", validator, "amount", amount, "sequence", sequence, "signature", signature)));
    }

    /** A correctly signed bond or unbond at the validator's next sequence. */
    private Answer signedStake(String operation, String validator, long amount) {
        long sequence = account(validator).get("next_sequence").asLong();
        return stake(
                operation, validator, amount, sequence, signStake(validator, operation, validator, amount, sequence));
    }

    private JsonNode account(String validator) {
        Answer answer = node.get("/stake/" + validator);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.json();
    }

    private long balance(String validator) {
        return account(validator).get("balance").asLong();
    }

    private Answer vote(String endpoint, String proposalHash, String validator) {
        String kind = endpoint.startsWith("approve") ? VoteMessage.APPROVE : VoteMessage.REJECT;
        String signature = KEYS.signVote(ledger(), kind, proposalHash, validator);
        return node.post(
                "/decentralized/" + endpoint,
                NodeClient.json(
                        Map.of("proposal_hash", proposalHash, "validator_id", validator, "signature", signature)));
    }

    private static void assertOk(Answer answer) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    }

    private void assertRefused(Answer answer, int status, String detail, LedgerSnapshot before) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("detail")).containsIgnoringCase(detail);
        assertThat(snapshot()).isEqualTo(before);
    }

    /** Makes sure {@code validator} holds at least {@code amount}. */
    private void bondUpTo(String validator, long amount) {
        long missing = amount - balance(validator);
        if (missing > 0) {
            assertOk(signedStake(StakeMessage.BOND, validator, missing));
        }
    }

    // --- bonds and unbonds ----------------------------------------------------------------------

    @Test
    void shouldBondAndUnbondWithSignedRecordsAndShowBalancesAtAnyBlock() {
        long start = balance(DAVE);
        Answer bonded = signedStake(StakeMessage.BOND, DAVE, 100);
        assertOk(bonded);
        assertThat(bonded.number("stake", "balance")).isEqualTo(start + 100);
        long bondBlock = bonded.number("stake", "block_index");

        Answer unbonded = signedStake(StakeMessage.UNBOND, DAVE, 30);
        assertOk(unbonded);
        assertThat(unbonded.number("stake", "balance")).isEqualTo(start + 70);
        assertThat(unbonded.number("stake", "next_sequence"))
                .isEqualTo(account(DAVE).get("next_sequence").asLong());

        Answer then = node.get("/stake/" + DAVE + "?block=" + bondBlock);
        assertThat(then.number("balance")).isEqualTo(start + 100);
        assertThat(node.get("/stake/" + DAVE + "?block=" + (bondBlock - 1)).number("balance"))
                .isEqualTo(start);

        JsonNode history =
                node.get("/blockchain-history?type=stake_bonded").json().get("records");
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.get("validator_id").asString()).isEqualTo(DAVE);
        assertThat(last.get("signature").asString()).hasSize(128);
        assertThat(last.get("public_key").asString()).hasSize(64);

        Answer all = node.get("/stake");
        assertThat(all.number("rules", "minimum_to_vote")).isEqualTo(10);
        assertThat(all.json().get("rules").get("slashing").get("fraction").asDouble())
                .isEqualTo(0.5);
        assertThat(all.json().get("validators"))
                .extracting(v -> v.get("validator_id").asString())
                .containsExactly(ALICE, BOB, CAROL, DAVE);
        assertThat(node.get("/verify").json().get("valid").asBoolean()).isTrue();
    }

    @Test
    void shouldRefuseBadStakeRequestsAndWriteNothing() {
        bondUpTo(DAVE, 20);
        long sequence = account(DAVE).get("next_sequence").asLong();
        LedgerSnapshot before = snapshot();

        assertRefused(
                stake("bond", DAVE, 5, sequence, signStake(CAROL, "bond", DAVE, 5, sequence)),
                401,
                "does not verify",
                before);
        // Signed for 5, sent as 500.
        assertRefused(
                stake("bond", DAVE, 500, sequence, signStake(DAVE, "bond", DAVE, 5, sequence)),
                401,
                "does not verify",
                before);
        // A bond signature does not unbond.
        assertRefused(
                stake("unbond", DAVE, 5, sequence, signStake(DAVE, "bond", DAVE, 5, sequence)),
                401,
                "does not verify",
                before);
        assertRefused(stake("bond", DAVE, 5, sequence, "ab"), 401, "128 lower-case hex", before);
        assertRefused(
                stake("bond", DAVE, 5, sequence - 1, signStake(DAVE, "bond", DAVE, 5, sequence - 1)),
                409,
                "next stake sequence",
                before);
        long balance = balance(DAVE);
        assertRefused(
                stake("unbond", DAVE, balance + 1, sequence, signStake(DAVE, "unbond", DAVE, balance + 1, sequence)),
                409,
                "cannot unbond",
                before);
        assertRefused(
                stake("bond", "validator-mallory", 5, 0, signStake(DAVE, "bond", DAVE, 5, 0)),
                403,
                "not in the validator set",
                before);
        assertRefused(
                stake("bond", DAVE, 0, sequence, signStake(DAVE, "bond", DAVE, 1, sequence)), 400, "amount", before);
        assertRefused(
                node.post(
                        "/stake/bond",
                        NodeClient.json(
                                Map.of("validator_id", DAVE, "amount", "5", "sequence", sequence, "signature", "00"))),
                400,
                "",
                before);
        assertRefused(
                node.post("/stake/bond", NodeClient.json(Map.of("validator_id", DAVE, "amount", 5, "signature", "00"))),
                400,
                "sequence",
                before);
        assertRefused(
                node.post(
                        "/stake/bond",
                        NodeClient.json(Map.of(
                                "validator_id",
                                DAVE,
                                "amount",
                                1.5,
                                "sequence",
                                sequence,
                                "signature",
                                signStake(DAVE, "bond", DAVE, 1, sequence)))),
                400,
                "",
                before);
        assertRefused(
                stake(
                        "bond",
                        DAVE,
                        1_000_000_000_001L,
                        sequence,
                        signStake(DAVE, "bond", DAVE, 1_000_000_000_001L, sequence)),
                400,
                "amount",
                before);
        assertRefused(
                node.post(
                        "/stake/bond",
                        NodeClient.json(Map.of(
                                "validator_id",
                                DAVE,
                                "amount",
                                5,
                                "sequence",
                                sequence,
                                "signature",
                                "00",
                                "extra",
                                1))),
                400,
                "",
                before);
        assertRefused(node.get("/stake/" + DAVE + "?block=99999"), 404, "no block", before);
    }

    @Test
    void shouldRefuseAReplayedSignedBond() {
        long sequence = account(DAVE).get("next_sequence").asLong();
        String signature = signStake(DAVE, "bond", DAVE, 7, sequence);
        assertOk(stake("bond", DAVE, 7, sequence, signature));
        LedgerSnapshot before = snapshot();
        assertRefused(stake("bond", DAVE, 7, sequence, signature), 409, "counts once", before);
    }

    // --- minimum stake to vote ------------------------------------------------------------------

    @Test
    void shouldRefuseAVoteFromAValidatorBelowTheMinimumStake() {
        String proposal = propose(List.of("a validator without stake votes on this"), 0.05);
        // Exactly 9, one short of the minimum, whatever other tests left.
        long dave = balance(DAVE);
        if (dave > 9) {
            assertOk(signedStake(StakeMessage.UNBOND, DAVE, dave - 9));
        } else if (dave < 9) {
            assertOk(signedStake(StakeMessage.BOND, DAVE, 9 - dave));
        }
        assertThat(account(DAVE).get("may_vote").asBoolean()).isFalse();
        assertThat(account(DAVE).get("voting_weight").asLong()).isZero();
        LedgerSnapshot before = snapshot();
        assertRefused(vote("approve-proposal", proposal, DAVE), 403, "below the 10 needed to vote", before);
        assertOk(signedStake(StakeMessage.BOND, DAVE, 1));
        assertThat(account(DAVE).get("voting_weight").asLong()).isEqualTo(1);
        assertOk(vote("approve-proposal", proposal, DAVE));
    }

    // --- slashing -------------------------------------------------------------------------------

    @Test
    void shouldSlashTheApproversOfAnUpdateThatWorsenedTheHeldOutScore() {
        bondUpTo(ALICE, 1_000);
        bondUpTo(BOB, 1_000);
        bondUpTo(CAROL, 1_000);
        long alice = balance(ALICE);
        long bob = balance(BOB);
        long carol = balance(CAROL);
        // Stop words at the highest rate: the held-out loss goes up.
        String proposal = propose(List.of("the the the the a a a a of of of of " + System.nanoTime()), 1.0);
        // Before any vote, the proposal shows what applying it would do: flagged.
        JsonNode dryRun =
                node.get("/decentralized/proposals/" + proposal).json().get("dry_run");
        assertThat(dryRun.get("worsens_beyond_tolerance").asBoolean()).isTrue();
        assertThat(dryRun.get("score_after").asDouble())
                .isGreaterThan(dryRun.get("score_before").asDouble());
        assertOk(vote("reject-proposal", proposal, CAROL));
        assertOk(vote("approve-proposal", proposal, ALICE));
        assertOk(vote("approve-proposal", proposal, BOB));
        Answer applied = apply(proposal);
        assertOk(applied);
        JsonNode metrics = applied.json().get("metrics");
        assertThat(metrics.get("score_after").asDouble())
                .isGreaterThan(metrics.get("score_before").asDouble());
        // The trial trained exactly what the apply trained, on the same model.
        assertThat(metrics.get("score_after").asDouble())
                .isEqualTo(dryRun.get("score_after").asDouble());
        assertThat(node.get("/decentralized/proposals/" + proposal).json().has("dry_run"))
                .isFalse();
        assertThat(metrics.get("evaluation_set_hash").asString())
                .isEqualTo(EvaluationSet.builtIn().hash().hex());
        assertThat(applied.json().get("slashes"))
                .extracting(s -> s.get("validator_id").asString())
                .containsExactly(ALICE, BOB);

        assertThat(balance(ALICE)).isEqualTo(alice - alice / 2);
        assertThat(balance(BOB)).isEqualTo(bob - bob / 2);
        assertThat(balance(CAROL)).isEqualTo(carol);
        JsonNode slashes =
                node.get("/blockchain-history?type=validator_slashed").json().get("records");
        JsonNode last = slashes.get(slashes.size() - 1);
        assertThat(last.get("reason").asString()).isEqualTo("approved_worsening_update");
        assertThat(last.get("proposal_hash").asString()).isEqualTo(proposal);
        assertThat(last.get("block_index").asLong()).isEqualTo(applied.number("metrics", "block_index"));
        assertThat(last.get("score_after").asDouble())
                .isEqualTo(metrics.get("score_after").asDouble());

        assertVerifies();
    }

    @Test
    void shouldRefuseAnUnbondThatWouldDodgeTheSlashOfAnOpenVote() {
        // Issue 15.5: alice approves an update, then tries to take her stake out before an apply could
        // slash her. Her stake stays bonded until the proposal closes (here: rejected, so the model
        // other tests train on is left as it is).
        for (String id : IDS) {
            bondUpTo(id, 1_000);
        }
        String proposal = propose(List.of("the the the a a a of of of " + System.nanoTime()), 1.0);
        assertOk(vote("approve-proposal", proposal, ALICE));
        LedgerSnapshot before = snapshot();
        assertRefused(signedStake(StakeMessage.UNBOND, ALICE, 1), 409, "stays bonded until every proposal", before);
        assertOk(vote("reject-proposal", proposal, BOB));
        assertOk(vote("reject-proposal", proposal, CAROL));
        assertOk(vote("reject-proposal", proposal, DAVE));
        assertThat(node.get("/decentralized/proposals/" + proposal).text("state"))
                .isEqualTo("rejected");
        // Closed: her stake is hers to take.
        assertOk(signedStake(StakeMessage.UNBOND, ALICE, 1));
        assertVerifies();
    }

    @Test
    void shouldSlashTheRejecterOfAnUpdateThatImprovedTheHeldOutScore() {
        bondUpTo(ALICE, 1_000);
        bondUpTo(BOB, 1_000);
        bondUpTo(CAROL, 1_000);
        long carol = balance(CAROL);
        long alice = balance(ALICE);
        // The held-out texts themselves: learning them lowers the held-out loss.
        List<String> texts = new java.util.ArrayList<>(EvaluationSet.builtIn().texts());
        texts.add("salt " + System.nanoTime());
        String proposal = propose(texts, 0.05);
        JsonNode dryRun =
                node.get("/decentralized/proposals/" + proposal).json().get("dry_run");
        assertThat(dryRun.get("worsens_beyond_tolerance").asBoolean()).isFalse();
        assertThat(dryRun.get("score_after").asDouble())
                .isLessThan(dryRun.get("score_before").asDouble());
        assertOk(vote("approve-proposal", proposal, ALICE));
        assertOk(vote("reject-proposal", proposal, CAROL));
        assertOk(vote("approve-proposal", proposal, BOB));
        Answer applied = apply(proposal);
        assertOk(applied);
        assertThat(applied.json().get("slashes"))
                .extracting(s -> s.get("reason").asString())
                .containsExactly("rejected_improving_update");
        assertThat(balance(CAROL)).isEqualTo(carol - carol / 2);
        assertThat(balance(ALICE)).isEqualTo(alice);
        assertVerifies();
    }

    /**
     * The node's /verify and the offline verifier agree the ledger is valid; the verifier is given
     * only the validator set and reads the stake rules from the ledger.
     */
    private void assertVerifies() {
        assertThat(node.get("/verify").json().get("valid").asBoolean()).isTrue();
        Path export = write(node.get("/export").raw());
        OfflineVerifierHarness.Result offline = OfflineVerifierHarness.run(
                export.toString(),
                "--validator-set",
                SET_FILE.toString(),
                "--min-difficulty",
                String.valueOf(TEST_DIFFICULTY));
        assertThat(offline.exitCode()).as(offline.output()).isZero();
        assertThat(offline.output()).contains("stake rules minimum 10, slash 0.5 beyond 0.0 (declared in block 1)");
    }

    private static Path write(String content) {
        try {
            Path file = Files.createTempFile("ledger", ".json");
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
