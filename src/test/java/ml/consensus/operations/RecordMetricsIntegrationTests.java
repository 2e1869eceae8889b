package ml.consensus.operations;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ml.consensus.model.EvaluationSet;
import ml.consensus.rules.SlashingRule;
import ml.consensus.support.InProcessNode;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.support.TestDatabase;
import ml.consensus.support.TestValidatorSet;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.StakeMessage;
import ml.consensus.validator.VoteMessage;
import ml.consensus.validator.WithdrawalMessage;

import static ml.consensus.support.PrometheusScrape.delta;
import static ml.consensus.support.PrometheusScrape.scrape;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counters of the newer record kinds in {@code /actuator/prometheus}: governance proposals and
 * applied changes, stake bonds and unbonds, withdrawals and slashes by reason, each moving by
 * exactly what this process wrote, and starting again from 0 after a restart, like the older
 * counters (the ledger's totals stay on the ledger). A node with a signed 2-of-3 validator set and
 * slashing of half the stake at tolerance 0, stopped and started again on the same data directory.
 */
@ExtendWith(TestDatabase.Availability.class)
class RecordMetricsIntegrationTests {

    private static final String ALICE = "validator-alice";
    private static final String BOB = "validator-bob";
    private static final String CAROL = "validator-carol";
    private static final TestValidatorSet VALIDATORS = TestValidatorSet.generate(2, List.of(ALICE, BOB, CAROL));

    private static final String GOVERNANCE_PROPOSALS = "consensus_governance_proposals_total";
    private static final String GOVERNANCE_APPLIES = "consensus_governance_applies_total";
    private static final String BONDS = "consensus_stake_changes_total{kind=\"bond\"}";
    private static final String UNBONDS = "consensus_stake_changes_total{kind=\"unbond\"}";
    private static final String WITHDRAWALS = "consensus_withdrawals_total";
    private static final String SLASHED_APPROVERS =
            "consensus_slashes_total{reason=\"" + SlashingRule.APPROVED_WORSENING + "\"}";
    private static final String SLASHED_REJECTERS =
            "consensus_slashes_total{reason=\"" + SlashingRule.REJECTED_IMPROVING + "\"}";
    private static final String TRAINING_PROPOSALS = "consensus_proposals_total";
    private static final String APPLIES = "consensus_applies_total";
    private static final List<String> NEW_COUNTERS = List.of(
            GOVERNANCE_PROPOSALS,
            GOVERNANCE_APPLIES,
            BONDS,
            UNBONDS,
            WITHDRAWALS,
            SLASHED_APPROVERS,
            SLASHED_REJECTERS);

    private static void withNode(Path dataDir, Consumer<NodeClient> session) {
        InProcessNode.withNode(
                dataDir,
                session,
                "--consensus.validator-set-file=" + VALIDATORS.file(),
                "--consensus.stake.slash-fraction=0.5",
                "--consensus.stake.slash-tolerance=0");
    }

    @Test
    void shouldCountTheNewerRecordKindsThisProcessWritesAndStartFromZeroAfterARestart() {
        Path dataDir = NodeIntegrationTest.newDataDirectory();
        long[] ledgerRecords = new long[1];
        withNode(dataDir, node -> {
            Map<String, Double> before = scrape(node);
            NEW_COUNTERS.forEach(series -> assertThat(before).as(series).containsEntry(series, 0.0));

            // Stake: three bonds, one unbond.
            stake(node, StakeMessage.BOND, ALICE, 1_000);
            stake(node, StakeMessage.BOND, BOB, 1_000);
            stake(node, StakeMessage.BOND, CAROL, 100);
            stake(node, StakeMessage.UNBOND, CAROL, 40);
            // Governance: a change proposed, approved and applied, and one proposed only.
            String weight = proposeGovernance(node, Map.of("action", "set_weight", "validator_id", CAROL, "weight", 2));
            approve(node, weight, ALICE);
            approve(node, weight, BOB);
            assertOk(node.post("/decentralized/apply-governance", NodeClient.json(Map.of("proposal_hash", weight))));
            proposeGovernance(node, Map.of("action", "set_weight", "validator_id", BOB, "weight", 3));
            // A training proposal withdrawn by its proposer.
            byte[] proposerKey = Ed25519.newPrivateKey(new SecureRandom());
            String withdrawn = propose(
                    node,
                    Map.of(
                            "texts",
                            List.of("withdrawn before any vote"),
                            "proposer_key",
                            HexFormat.of().formatHex(Ed25519.publicKeyOf(proposerKey))));
            assertOk(node.post(
                    "/decentralized/withdraw-proposal",
                    NodeClient.json(Map.of(
                            "proposal_hash",
                            withdrawn,
                            "signature",
                            HexFormat.of()
                                    .formatHex(Ed25519.sign(
                                            proposerKey,
                                            WithdrawalMessage.bytes(
                                                    NodeIntegrationTest.ledgerOf(node), withdrawn)))))));
            // An update that worsens the held-out score, approved by alice and bob: both slashed.
            String worse = propose(
                    node, Map.of("texts", List.of("the the the the a a a a of of of of"), "learning_rate", 1.0));
            approve(node, worse, ALICE);
            approve(node, worse, BOB);
            assertThat(apply(node, worse).json().get("slashes")).hasSize(2);
            // One that improves it, rejected by carol: carol slashed.
            List<String> heldOut = new ArrayList<>(EvaluationSet.builtIn().texts());
            String better = propose(node, Map.of("texts", heldOut, "learning_rate", 0.05));
            assertOk(vote(node, VoteMessage.REJECT, better, CAROL));
            approve(node, better, ALICE);
            approve(node, better, BOB);
            assertThat(apply(node, better).json().get("slashes")).hasSize(1);

            Map<String, Double> after = scrape(node);
            assertThat(delta(before, after, BONDS)).isEqualTo(3);
            assertThat(delta(before, after, UNBONDS)).isEqualTo(1);
            assertThat(delta(before, after, GOVERNANCE_PROPOSALS)).isEqualTo(2);
            assertThat(delta(before, after, GOVERNANCE_APPLIES)).isEqualTo(1);
            assertThat(delta(before, after, WITHDRAWALS)).isEqualTo(1);
            assertThat(delta(before, after, SLASHED_APPROVERS)).isEqualTo(2);
            assertThat(delta(before, after, SLASHED_REJECTERS)).isEqualTo(1);
            // The older counters keep their meaning: training proposals and model updates only.
            assertThat(delta(before, after, TRAINING_PROPOSALS)).isEqualTo(3);
            assertThat(delta(before, after, APPLIES)).isEqualTo(2);
            assertThat(delta(before, after, "consensus_votes_total{kind=\"approve\"}"))
                    .isEqualTo(6);
            assertThat(delta(before, after, "consensus_votes_total{kind=\"reject\"}"))
                    .isEqualTo(1);
            ledgerRecords[0] = node.get("/decentralized/status").number("blockchain", "total_records");
        });

        withNode(dataDir, node -> {
            // A new process counts from 0, as Prometheus expects of a restarted target; the ledger keeps its records.
            Map<String, Double> restarted = scrape(node);
            NEW_COUNTERS.forEach(series -> assertThat(restarted).as(series).containsEntry(series, 0.0));
            assertThat(restarted).containsEntry(TRAINING_PROPOSALS, 0.0);
            assertThat(node.get("/decentralized/status").number("blockchain", "total_records"))
                    .isEqualTo(ledgerRecords[0]);

            proposeGovernance(node, Map.of("action", "set_weight", "validator_id", ALICE, "weight", 4));
            stake(node, StakeMessage.BOND, CAROL, 10);

            Map<String, Double> after = scrape(node);
            assertThat(after)
                    .containsEntry(GOVERNANCE_PROPOSALS, 1.0)
                    .containsEntry(BONDS, 1.0)
                    .containsEntry(GOVERNANCE_APPLIES, 0.0)
                    .containsEntry(SLASHED_APPROVERS, 0.0);
        });
    }

    private static void assertOk(Answer answer) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    }

    private static String propose(NodeClient node, Map<String, Object> body) {
        Answer answer = node.post("/decentralized/propose-training", NodeClient.json(body));
        assertOk(answer);
        return answer.text("proposal", "proposal_hash");
    }

    private static String proposeGovernance(NodeClient node, Map<String, Object> change) {
        Answer answer = node.post("/decentralized/propose-governance", NodeClient.json(change));
        assertOk(answer);
        return answer.text("proposal", "proposal_hash");
    }

    private static Answer vote(NodeClient node, String kind, String proposal, String validator) {
        String signature = HexFormat.of()
                .formatHex(Ed25519.sign(
                        VALIDATORS.privateKeys().get(validator),
                        VoteMessage.bytes(NodeIntegrationTest.ledgerOf(node), kind, proposal, validator)));
        return node.post(
                "/decentralized/" + kind + "-proposal",
                NodeClient.json(Map.of("proposal_hash", proposal, "validator_id", validator, "signature", signature)));
    }

    private static void approve(NodeClient node, String proposal, String validator) {
        assertOk(vote(node, VoteMessage.APPROVE, proposal, validator));
    }

    private static Answer apply(NodeClient node, String proposal) {
        Answer applied = node.post("/decentralized/apply-training", NodeClient.json(Map.of("proposal_hash", proposal)));
        assertOk(applied);
        return applied;
    }

    /** A signed bond or unbond at the validator's next sequence. */
    private static void stake(NodeClient node, String operation, String validator, long amount) {
        long sequence = node.get("/stake/" + validator).number("next_sequence");
        String signature = HexFormat.of()
                .formatHex(Ed25519.sign(
                        VALIDATORS.privateKeys().get(validator),
                        StakeMessage.bytes(
                                NodeIntegrationTest.ledgerOf(node), operation, validator, amount, sequence)));
        assertOk(node.post(
                "/stake/" + operation,
                NodeClient.json(Map.of(
                        "validator_id", validator, "amount", amount, "sequence", sequence, "signature", signature))));
    }
}
