package ml.consensus.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.cli.OfflineVerifierHarness;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.BlockHeader;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.MerkleTree;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.VoteKind;
import ml.consensus.support.ForgedExports;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.support.TestValidatorSet;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.LedgerBinding;
import ml.consensus.validator.StakeMessage;
import ml.consensus.validator.VoteMessage;
import ml.consensus.validator.VoteSignature;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15.4, the replay across ledgers: ledger A and this node's ledger B share a validator set
 * and a base model, so the same texts make the same proposal hash on both. A vote or an unbond
 * signed for A (v2 naming A's id) and the format without a ledger (v1, which every node accepted
 * before) are refused here with a 401 problem and write nothing; an export forged to carry such
 * a vote fails {@code verify}.
 */
class LedgerBoundSignaturesIntegrationTests extends NodeIntegrationTest {

    private static final String ALICE = "validator-alice";
    private static final String BOB = "validator-bob";
    private static final TestValidatorSet KEYS = TestValidatorSet.generate(2, List.of(ALICE, BOB, "validator-carol"));
    private static final Map<String, byte[]> PRIVATE_KEYS = KEYS.privateKeys();
    private static final Path SET_FILE = KEYS.file();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Another ledger's id: the genesis block hash of a ledger A this node never saw. */
    private static final LedgerBinding LEDGER_A =
            LedgerBinding.of(Sha256.digest("genesis block of ledger A".getBytes(StandardCharsets.UTF_8)));

    @DynamicPropertySource
    static void validatorSetAndStake(DynamicPropertyRegistry registry) {
        registry.add("consensus.validator-set-file", SET_FILE::toString);
        registry.add("consensus.stake.minimum-to-vote", () -> 10);
    }

    private static String voteSignature(LedgerBinding ledger, String proposal, String validator) {
        return HexFormat.of()
                .formatHex(Ed25519.sign(
                        PRIVATE_KEYS.get(validator),
                        VoteMessage.bytes(ledger, VoteMessage.APPROVE, proposal, validator)));
    }

    private Answer approve(String proposal, String validator, String signature) {
        return node.post(
                "/decentralized/approve-proposal",
                NodeClient.json(Map.of("proposal_hash", proposal, "validator_id", validator, "signature", signature)));
    }

    private Answer stake(LedgerBinding ledger, String operation, String validator, long amount) {
        long sequence =
                node.get("/stake/" + validator).json().get("next_sequence").asLong();
        String signature = HexFormat.of()
                .formatHex(Ed25519.sign(
                        PRIVATE_KEYS.get(validator),
                        StakeMessage.bytes(ledger, operation, validator, amount, sequence)));
        return node.post(
                "/stake/" + operation,
                NodeClient.json(Map.of(
                        "validator_id", validator, "amount", amount, "sequence", sequence, "signature", signature)));
    }

    private void assertRefused(Answer answer, LedgerSnapshot before) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("detail"))
                .contains("does not verify", ledger().ledgerId().orElseThrow().hex());
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void shouldShowTheLedgerIdInStatusAndExport() {
        String id = node.get("/decentralized/status").text("ledger_id");
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(node.get("/blocks/0").raw()).contains(id);
        assertThat(node.get("/export").json().get("ledger_id").asString()).isEqualTo(id);
    }

    @Test
    void shouldRefuseAVoteSignedForAnotherLedgerOrForNoLedger() {
        assertThat(stake(ledger(), StakeMessage.BOND, ALICE, 20).status()).isEqualTo(200);
        String proposal = propose(List.of("fever and a cough"), 0.02);
        LedgerSnapshot before = snapshot();

        assertRefused(approve(proposal, ALICE, voteSignature(LEDGER_A, proposal, ALICE)), before);
        assertRefused(approve(proposal, ALICE, voteSignature(LedgerBinding.LEGACY, proposal, ALICE)), before);
        Answer own = approve(proposal, ALICE, voteSignature(ledger(), proposal, ALICE));
        assertThat(own.status()).as(own.raw()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAnUnbondSignedForAnotherLedger() {
        assertThat(stake(ledger(), StakeMessage.BOND, BOB, 20).status()).isEqualTo(200);
        LedgerSnapshot before = snapshot();

        assertRefused(stake(LEDGER_A, StakeMessage.UNBOND, BOB, 20), before);
        assertRefused(stake(LedgerBinding.LEGACY, StakeMessage.UNBOND, BOB, 20), before);
        assertThat(node.get("/stake/" + BOB).json().get("balance").asLong()).isEqualTo(20);
    }

    @Test
    void shouldFailVerifyOnAnExportForgedToCarryAVoteSignedForAnotherLedger() throws IOException {
        assertThat(stake(ledger(), StakeMessage.BOND, ALICE, 20).status()).isEqualTo(200);
        String proposal = propose(List.of("a vote replayed from ledger A"), 0.02);
        String exported = node.get("/export").raw();
        assertThat(ForgedExports.verify(exported, SET_FILE).exitCode()).isZero();

        LedgerRecord replayed = ConsensusRecords.vote(
                VoteKind.APPROVE,
                Sha256.fromHex(proposal),
                ALICE,
                "2026-11-25T12:00:01Z",
                Optional.of(new VoteSignature(
                        voteSignature(LEDGER_A, proposal, ALICE),
                        HexFormat.of().formatHex(Ed25519.publicKeyOf(PRIVATE_KEYS.get(ALICE))))));
        ObjectNode export = (ObjectNode) JSON.readTree(exported);
        ArrayNode blocks = (ArrayNode) export.get("blocks");
        ObjectNode last = (ObjectNode) blocks.get(blocks.size() - 1).deepCopy();
        ObjectNode entry = JSON.createObjectNode();
        entry.put("record_hash", replayed.recordHash().hex());
        entry.put("type", replayed.type().wireName());
        entry.put("body", replayed.body());
        last.putArray("records").add(entry);
        last.put("index", blocks.size());
        blocks.add(last);
        export.put("chain_length", blocks.size());
        ForgedExports.mine(blocks, blocks.size() - 1);

        OfflineVerifierHarness.Result result = ForgedExports.verify(JSON.writeValueAsString(export), SET_FILE);
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("vote_signature");
    }

    @Test
    void shouldFailVerifyWhenTheGenesisNonceIsDroppedFromASignedLedger() throws IOException {
        // Turning the ledger into a legacy one would make v1 signatures good on it; its v2 votes
        // then name a ledger id it no longer has, and verify says so.
        assertThat(stake(ledger(), StakeMessage.BOND, ALICE, 20).status()).isEqualTo(200);
        String proposal = propose(List.of("a ledger stripped of its id"), 0.02);
        assertThat(approve(proposal, ALICE, voteSignature(ledger(), proposal, ALICE))
                        .status())
                .isEqualTo(200);
        ObjectNode export = (ObjectNode) JSON.readTree(node.get("/export").raw());
        ArrayNode blocks = (ArrayNode) export.get("blocks");
        ObjectNode genesis = (ObjectNode) blocks.get(0).get("records").get(0);
        ObjectNode body = (ObjectNode) JSON.readTree(genesis.get("body").asString());
        body.remove("ledger_nonce");
        String canonical = ml.consensus.hashing.CanonicalJson.canonicalize(body);
        genesis.put("body", canonical);
        genesis.put("record_hash", LedgerRecord.hashOf(canonical).hex());
        ObjectNode first = (ObjectNode) blocks.get(0);
        BlockHeader header = new BlockHeader(
                0,
                first.get("timestamp").asString(),
                Sha256.ZERO,
                MerkleTree.root(List.of(LedgerRecord.hashOf(canonical))),
                0,
                0);
        first.put("merkle_root", header.merkleRoot().hex());
        first.put("hash", header.hash().hex());
        ArrayNode remined = JSON.createArrayNode();
        for (int i = 0; i < blocks.size(); i++) {
            remined.add(blocks.get(i));
            if (i > 0) {
                ForgedExports.mine(remined, i);
            }
        }
        export.set("blocks", remined);

        OfflineVerifierHarness.Result result = ForgedExports.verify(JSON.writeValueAsString(export), SET_FILE);
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("stake_signature");
    }
}
