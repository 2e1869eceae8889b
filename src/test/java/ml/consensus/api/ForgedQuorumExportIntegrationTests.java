package ml.consensus.api;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.cli.OfflineVerifierHarness;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.support.ForgedExports;
import ml.consensus.support.InProcessNode;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.support.TestValidatorSet;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.VoteMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 15.1, the forged quorum: a real node under a 2-of-3 validator set writes a ledger with one
 * applied proposal. A forger inserts a {@code policy_declared Count(1)} into block 1, says
 * {@code validators_required: 1} in the apply, and re-mines every block from there, so every hash,
 * link and proof of work checks out, and a second proposal with one approval would now count as
 * approved. The verifier, given the validator set, must refuse it: the set's quorum binds, and only
 * governance may lower it.
 */
class ForgedQuorumExportIntegrationTests extends NodeIntegrationTest {

    private static final String ALICE = "validator-alice";
    private static final String BOB = "validator-bob";
    private static final TestValidatorSet KEYS = TestValidatorSet.generate(2, List.of(ALICE, BOB, "validator-carol"));
    private static final Path SET_FILE = KEYS.file();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void validatorSet(DynamicPropertyRegistry registry) {
        registry.add("consensus.validator-set-file", SET_FILE::toString);
    }

    @Test
    void shouldRefuseAnExportThatDeclaresAPolicyBelowTheValidatorSetsQuorum() {
        String proposal = propose(List.of("fever and a cough"), 0.02);
        assertThat(vote(proposal, ALICE).status()).isEqualTo(200);
        assertThat(vote(proposal, BOB).status()).isEqualTo(200);
        Answer applied = apply(proposal);
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        String exported = node.get("/export").raw();
        assertThat(ForgedExports.verify(exported, SET_FILE).exitCode()).isZero();

        ObjectNode export = (ObjectNode) JSON.readTree(exported);
        ArrayNode firstRecords = (ArrayNode) export.get("blocks").get(1).get("records");
        LedgerRecord declared = ConsensusRecords.policyDeclared("Count(1)", "2026-11-25T12:00:00Z");
        ObjectNode inserted = (ObjectNode) firstRecords.get(0).deepCopy();
        inserted.put("type", declared.type().wireName());
        inserted.put("body", declared.body());
        inserted.put("record_hash", declared.recordHash().hex());
        firstRecords.insert(0, inserted);
        forgeApplies(export);
        ForgedExports.remine(export, 1);

        OfflineVerifierHarness.Result result = ForgedExports.verify(JSON.writeValueAsString(export), SET_FILE);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("check:    policy_below_quorum").contains("block 1, record 0");

        // The same forgery offered to a new node as a back-up to restore: it refuses to start.
        Path forged = ForgedExports.write(JSON.writeValueAsString(export));
        Path emptyDataDir = forged.resolveSibling(forged.getFileName() + "-restored");
        assertThatThrownBy(() -> InProcessNode.withNode(
                        emptyDataDir,
                        restored -> {},
                        "--consensus.restore-from=" + forged,
                        "--consensus.validator-set-file=" + SET_FILE))
                .hasStackTraceContaining("policy_below_quorum");
    }

    private Answer vote(String proposal, String validator) {
        String signature = HexFormat.of()
                .formatHex(Ed25519.sign(
                        KEYS.privateKeys().get(validator),
                        VoteMessage.bytes(ledger(), "approve", proposal, validator)));
        return node.post(
                "/decentralized/approve-proposal",
                NodeClient.json(Map.of("proposal_hash", proposal, "validator_id", validator, "signature", signature)));
    }

    /** Every apply now says one approval was required, as the forged policy would have it. */
    private static void forgeApplies(ObjectNode export) {
        for (JsonNode block : export.get("blocks")) {
            for (JsonNode node : block.get("records")) {
                ObjectNode record = (ObjectNode) node;
                if (record.get("type").asString().equals("model_update_approved")) {
                    ForgedExports.editBody(record, body -> body.put("validators_required", 1));
                }
            }
        }
    }
}
