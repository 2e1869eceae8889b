package ml.consensus.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.cli.OfflineVerifierHarness;
import ml.consensus.support.ForgedExports;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.support.TestValidatorSet;
import ml.consensus.validator.StakeMessage;
import ml.consensus.validator.VoteMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real node with stake and slashing writes a ledger with a bond, an apply that worsened the
 * held-out score and its two slashes. Its export is then forged the way a forger with the miner
 * would: the record edited, re-hashed, every block from there re-mined, so every hash and proof
 * of work checks out. The offline verifier, given only the validator set (the stake rules are
 * on the ledger), must still name the rule each forgery breaks.
 */
class ForgedStakeExportIntegrationTests extends NodeIntegrationTest {

    private static final String ALICE = "validator-alice";
    private static final String BOB = "validator-bob";
    private static final String CAROL = "validator-carol";
    private static final TestValidatorSet KEYS = TestValidatorSet.generate(2, List.of(ALICE, BOB, CAROL));
    private static final Path SET_FILE = KEYS.file();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String exported;

    @DynamicPropertySource
    static void stakeRules(DynamicPropertyRegistry registry) {
        registry.add("consensus.validator-set-file", SET_FILE::toString);
        registry.add("consensus.stake.minimum-to-vote", () -> 10);
        registry.add("consensus.stake.slash-fraction", () -> "0.5");
        registry.add("consensus.stake.slash-tolerance", () -> "0.25");
    }

    /** Bonds for all three, a filler update approved by alice and bob: two slashes. Written once. */
    @BeforeEach
    void writeLedgerOnce() {
        if (exported != null) {
            return;
        }
        for (String id : List.of(ALICE, BOB, CAROL)) {
            String signature = KEYS.signStake(ledger(), StakeMessage.BOND, id, 100, 0);
            assertOk(node.post(
                    "/stake/bond",
                    NodeClient.json(Map.of("validator_id", id, "amount", 100, "sequence", 0, "signature", signature))));
        }
        String proposal = propose(List.of("the the the the a a a a of of of of and and and and"), 1.0);
        assertOk(signedVote("approve-proposal", VoteMessage.APPROVE, proposal, ALICE));
        assertOk(signedVote("approve-proposal", VoteMessage.APPROVE, proposal, BOB));
        Answer applied = apply(proposal);
        assertOk(applied);
        assertThat(applied.json().get("slashes")).hasSize(2);
        exported = node.get("/export").raw();
        assertThat(ForgedExports.verify(exported, SET_FILE).exitCode()).isZero();
    }

    private Answer signedVote(String endpoint, String vote, String proposal, String validator) {
        String signature = KEYS.signVote(ledger(), vote, proposal, validator);
        return node.post(
                "/decentralized/" + endpoint,
                NodeClient.json(Map.of("proposal_hash", proposal, "validator_id", validator, "signature", signature)));
    }

    private static void assertOk(Answer answer) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    }

    // --- forging -------------------------------------------------------------------------------

    private record Located(int block, int position) {}

    /** The first record of {@code type} in the export: its block and position. */
    private static Located find(ObjectNode export, String type) {
        ArrayNode blocks = (ArrayNode) export.get("blocks");
        for (int b = 0; b < blocks.size(); b++) {
            JsonNode records = blocks.get(b).get("records");
            for (int r = 0; r < records.size(); r++) {
                if (records.get(r).get("type").asString().equals(type)) {
                    return new Located(b, r);
                }
            }
        }
        throw new AssertionError("no " + type + " record in the export");
    }

    private static ObjectNode record(ObjectNode export, Located at) {
        return (ObjectNode) export.get("blocks").get(at.block()).get("records").get(at.position());
    }

    private static void assertCaught(Consumer<ObjectNode> forgery, int fromBlock, String check) {
        ObjectNode export = (ObjectNode) JSON.readTree(exported);
        forgery.accept(export);
        ForgedExports.remine(export, fromBlock);
        OfflineVerifierHarness.Result result = ForgedExports.verify(JSON.writeValueAsString(export), SET_FILE);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).as(result.output()).contains("check:    " + check);
    }

    // --- forgeries -----------------------------------------------------------------------------

    @Test
    void shouldCatchABondWhoseAmountWasRaisedUnderItsSignature() {
        ObjectNode export = (ObjectNode) JSON.readTree(exported);
        Located bond = find(export, "stake_bonded");
        assertCaught(
                e -> ForgedExports.editBody(
                        record(e, bond), b -> b.put("amount", 1_000).put("balance_after", 1_000)),
                bond.block(),
                "stake_signature");
    }

    @Test
    void shouldCatchAnUnbondThatLeavesANegativeBalance() {
        ObjectNode export = (ObjectNode) JSON.readTree(exported);
        Located bond = find(export, "stake_bonded");
        // The forger turns the first bond into an unbond, signed by its own key: the rules still see -100.
        assertCaught(
                e -> {
                    ObjectNode record = record(e, bond);
                    record.put("type", "stake_unbonded");
                    ForgedExports.editBody(
                            record, b -> b.put("type", "stake_unbonded").put("balance_after", -100));
                },
                bond.block(),
                "stake_balance");
    }

    @Test
    void shouldCatchASlashThatWasRemoved() {
        ObjectNode export = (ObjectNode) JSON.readTree(exported);
        Located slash = find(export, "validator_slashed");
        // Bob's, the last of the block: the block then ends while his slash is still due.
        assertCaught(
                e -> ((ArrayNode) e.get("blocks").get(slash.block()).get("records")).remove(slash.position() + 1),
                slash.block(),
                "missing_slash");
        // Alice's, the first: Bob's slash then stands where hers is due.
        assertCaught(
                e -> ((ArrayNode) e.get("blocks").get(slash.block()).get("records")).remove(slash.position()),
                slash.block(),
                "slash");
    }

    @Test
    void shouldCatchAnExtraSlash() {
        ObjectNode export = (ObjectNode) JSON.readTree(exported);
        Located slash = find(export, "validator_slashed");
        assertCaught(
                e -> {
                    ArrayNode records =
                            (ArrayNode) e.get("blocks").get(slash.block()).get("records");
                    ObjectNode extra = record(e, slash).deepCopy();
                    ForgedExports.editBody(extra, b -> b.put("validator_id", CAROL));
                    records.add(extra);
                },
                slash.block(),
                "unexpected_slash");
    }

    @Test
    void shouldCatchScoresForgedOnTheApplyAndItsSlashesAlike() {
        // A forger who hides the damage must change the apply and its slashes together; replay still
        // computes the true score.
        ObjectNode export = (ObjectNode) JSON.readTree(exported);
        Located apply = find(export, "model_update_approved");
        assertCaught(
                e -> {
                    JsonNode records = e.get("blocks").get(apply.block()).get("records");
                    for (int r = 0; r < records.size(); r++) {
                        ObjectNode record = (ObjectNode) records.get(r);
                        if (record.get("type").asString().equals("model_update_approved")) {
                            ForgedExports.editBody(
                                    record, b -> ((ObjectNode) b.get("metrics")).put("score_after", 3.5));
                        } else if (record.get("type").asString().equals("validator_slashed")) {
                            ForgedExports.editBody(record, b -> b.put("score_after", 3.5));
                        }
                    }
                },
                apply.block(),
                "score_after");
    }

    @Test
    void shouldCatchStakeRulesForgedToHideTheSlashes() {
        // Without slashing on the ledger, the slashes the node wrote are slashes no apply calls for.
        ObjectNode export = (ObjectNode) JSON.readTree(exported);
        Located declared = find(export, "stake_rules_declared");
        Located slash = find(export, "validator_slashed");
        assertThat(record(export, declared).get("body").asString())
                .contains("\"minimum_to_vote\":10")
                .contains("\"slash_fraction_ppm\":500000");
        assertCaught(
                e -> ForgedExports.editBody(
                        record(e, declared), b -> b.put("slash_fraction_ppm", 0).put("slash_tolerance", 0)),
                declared.block(),
                "unexpected_slash");
        assertThat(slash.block()).isGreaterThan(declared.block());
    }
}
