package ml.consensus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.cli.OfflineVerifierHarness.Result;
import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.BlockHeader;
import ml.consensus.ledger.LedgerExport;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.MerkleTree;
import ml.consensus.ledger.ProofOfWork;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real node writes a small ledger once; its {@code GET /export} is then checked by the
 * offline verifier untouched (it must agree with the node's own {@code /verify}) and after
 * every kind of tampering, each of which must be reported at the block, record and check where
 * it first shows. Tampering that re-hashes and re-mines everything it touches gets past every
 * hash and proof of work, and must still be caught by the consensus rules or the model replay.
 *
 * <p>The Spring context (and so the ledger) may be shared with other integration test classes;
 * tests therefore find their blocks by content, never by a fixed index.
 */
class OfflineVerifierIntegrationTests extends NodeIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MIN_DIFFICULTY = String.valueOf(TEST_DIFFICULTY);
    private static final String FORGED_HASH = "f".repeat(64);
    private static final ProofOfWork MINER = new ProofOfWork();

    /** The ledger built once for the class: its export and the proposals in it. */
    private static String exported;

    private static String fever;
    private static String cough;
    private static String rash;
    private static String nausea;

    @LocalServerPort
    private int port;

    @BeforeEach
    void buildLedgerOnce() {
        if (exported != null) {
            return;
        }
        fever = approvedAndApplied(List.of("I have a fever", "High temperature"), "validator-alice");
        cough = approvedAndApplied(List.of("persistent dry cough", "shortness of breath"), "validator-bob");
        rash = propose(List.of("itchy red rash on the arm"), 0.05);
        assertOk(reject(rash, "validator-carol"));
        assertOk(node.post("/save-checkpoint", ""));
        nausea = approvedAndApplied(List.of("nausea and vomiting after meals"), "validator-alice");
        Answer export = node.get("/export");
        assertOk(export);
        exported = export.raw();
    }

    private String approvedAndApplied(List<String> texts, String validator) {
        String hash = propose(texts, 0.05);
        assertOk(approve(hash, validator));
        assertOk(apply(hash));
        return hash;
    }

    private static void assertOk(Answer answer) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    }

    // --- the export as a tree --------------------------------------------------------------------

    /** A fresh, editable copy of the class's export. */
    private static ObjectNode export() {
        return (ObjectNode) JSON.readTree(exported);
    }

    private static ArrayNode blocks(ObjectNode export) {
        return (ArrayNode) export.get("blocks");
    }

    private static ObjectNode block(ObjectNode export, int index) {
        return (ObjectNode) blocks(export).get(index);
    }

    private static ObjectNode record(ObjectNode export, int block) {
        return (ObjectNode) block(export, block).get("records").get(0);
    }

    private static ObjectNode body(ObjectNode record) {
        return (ObjectNode) CanonicalJson.parse(record.get("body").asString());
    }

    /** The index of the only block whose record is of {@code type} and whose body matches. */
    private static int blockOf(String type, Predicate<JsonNode> body) {
        ObjectNode export = export();
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < blocks(export).size(); i++) {
            for (JsonNode record : block(export, i).get("records")) {
                if (record.get("type").asString().equals(type)
                        && body.test(CanonicalJson.parse(record.get("body").asString()))) {
                    found.add(i);
                }
            }
        }
        assertThat(found).as("blocks holding a matching " + type).hasSize(1);
        return found.get(0);
    }

    private static int blockOf(String type, String proposalHash) {
        return blockOf(type, body -> body.get("proposal_hash").asString().equals(proposalHash));
    }

    /** Replaces a record's body by its edited, canonical form; its record_hash is left as it was. */
    private static void editBody(ObjectNode record, Consumer<ObjectNode> edit) {
        ObjectNode body = body(record);
        edit.accept(body);
        record.put("body", CanonicalJson.canonicalize(body));
    }

    /** Sets a record's record_hash to the hash of its (edited) body. */
    private static void rehash(ObjectNode record) {
        record.put(
                "record_hash",
                LedgerRecord.hashOf(record.get("body").asString()).hex());
    }

    /**
     * Makes blocks {@code from} onwards a valid chain again, as a forger with the miner would:
     * renumbers them, recomputes each Merkle root from the stored record hashes, links each to
     * the block before, and mines a nonce for each at its own difficulty.
     */
    private static void remine(ObjectNode export, int from) {
        ArrayNode blocks = blocks(export);
        for (int i = from; i < blocks.size(); i++) {
            ObjectNode block = (ObjectNode) blocks.get(i);
            List<Sha256> leaves = new ArrayList<>();
            block.get("records")
                    .forEach(r -> leaves.add(Sha256.fromHex(r.get("record_hash").asString())));
            Sha256 previous = i == 0
                    ? Sha256.ZERO
                    : Sha256.fromHex(blocks.get(i - 1).get("hash").asString());
            BlockHeader mined = MINER.mine(new BlockHeader(
                    i,
                    block.get("timestamp").asString(),
                    previous,
                    MerkleTree.root(leaves),
                    block.get("difficulty").asInt(),
                    0));
            block.put("index", i);
            block.put("previous_hash", previous.hex());
            block.put("merkle_root", mined.merkleRoot().hex());
            block.put("nonce", mined.nonce());
            block.put("hash", mined.hash().hex());
        }
        export.put("chain_length", blocks.size());
    }

    /** The header a block's stored fields describe. */
    private static BlockHeader header(ObjectNode block) {
        return new BlockHeader(
                block.get("index").asLong(),
                block.get("timestamp").asString(),
                Sha256.fromHex(block.get("previous_hash").asString()),
                Sha256.fromHex(block.get("merkle_root").asString()),
                block.get("difficulty").asInt(),
                block.get("nonce").asLong());
    }

    // --- running the verifier --------------------------------------------------------------------

    private static Path write(String content) {
        try {
            Path file = Files.createTempFile("ledger", ".json");
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result verify(String content, String... options) {
        List<String> args = new ArrayList<>(List.of(write(content).toString(), "--min-difficulty", MIN_DIFFICULTY));
        args.addAll(Arrays.asList(options));
        return OfflineVerifierHarness.run(args.toArray(String[]::new));
    }

    /** The verifier's verdict on a copy of the export after {@code edit}. */
    private static Result tampered(Consumer<ObjectNode> edit) {
        ObjectNode export = export();
        edit.accept(export);
        return verify(JSON.writeValueAsString(export));
    }

    /** The value of the verifier's {@code name:} line, e.g. {@code where} gives "block 3, record 0". */
    private static String line(Result result, String name) {
        return result.output()
                .lines()
                .map(String::trim)
                .filter(l -> l.startsWith(name + ":"))
                .map(l -> l.substring(name.length() + 1).trim())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no '" + name + ":' line in\n" + result.output()));
    }

    private static void assertValid(Result result) {
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("RESULT: VALID").doesNotContain("RESULT: INVALID");
    }

    /** Exit 1, "RESULT: INVALID", and the first failure reported exactly at {@code where} by {@code check}. */
    private static void assertInvalidAt(Result result, String where, String check) {
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).as(result.output()).contains("RESULT: INVALID");
        assertThat(line(result, "where")).as(result.output()).isEqualTo(where);
        assertThat(line(result, "check")).as(result.output()).isEqualTo(check);
    }

    private static void assertInvalidAt(Result result, int block, String check) {
        assertInvalidAt(result, "block " + block, check);
    }

    private static void assertInvalidAt(Result result, int block, int record, String check) {
        assertInvalidAt(result, "block " + block + ", record " + record, check);
    }

    private static void assertUsageError(Result result, String message) {
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output())
                .contains("error: ")
                .contains(message)
                .contains("usage: consensus-ml verify")
                .doesNotContain("RESULT:");
    }

    // --- untouched --------------------------------------------------------------------------------

    @Test
    void shouldVerifyTheUntouchedExportAndAgreeWithTheLiveVerifier() {
        String export = node.get("/export").raw();
        Answer live = node.get("/verify");
        String modelHash = node.get("/model-info").text("model", "model_hash");
        assertThat(live.json().get("valid").asBoolean()).as(live.raw()).isTrue();
        assertThat(live.text("replayed_model_hash")).isEqualTo(modelHash);

        Result offline = verify(export);
        assertValid(offline);
        assertThat(line(offline, "replayed model")).isEqualTo(modelHash);
        assertThat(line(offline, "model replay")).startsWith(live.number("updates_replayed") + " updates");
        assertThat(line(offline, "blocks checked"))
                .startsWith(live.number("blocks_checked") + " (" + live.number("records_checked") + " records)");
        assertThat(offline.output()).contains("open mode (unsigned votes), 1 approval(s) required");
    }

    @Test
    void shouldHoldTheLedgerThisClassWrote() {
        ObjectNode export = export();
        assertThat(export.get("format").asString()).isEqualTo(LedgerExport.FORMAT);
        assertThat(export.get("chain_length").asInt()).isEqualTo(blocks(export).size());
        assertThat(blockOf("training_proposal", rash)).isLessThan(blockOf("validator_rejection", rash));
        String coughModel = body(record(export, blockOf("model_update_approved", cough)))
                .get("metrics")
                .get("model_hash_after")
                .asString();
        int checkpoint = blockOf(
                "checkpoint_saved", body -> body.get("model_hash").asString().equals(coughModel));
        assertThat(checkpoint).isBetween(blockOf("validator_rejection", rash), blockOf("training_proposal", nausea));
    }

    @Test
    void shouldVerifyALiveNodeByUrlAndCompareItsServedModel() {
        String modelHash = node.get("/model-info").text("model", "model_hash");
        for (String url : List.of("http://localhost:" + port, "http://localhost:" + port + "/")) {
            Result result = OfflineVerifierHarness.run(url, "--min-difficulty", MIN_DIFFICULTY);
            assertValid(result);
            assertThat(line(result, "live model")).isEqualTo(modelHash);
            assertThat(line(result, "replayed model")).isEqualTo(modelHash);
        }
    }

    @Test
    void shouldReportAnUnreachableNodeAsUnreadableNamingIt() {
        Result result = OfflineVerifierHarness.run("http://localhost:1", "--min-difficulty", MIN_DIFFICULTY);
        assertUnreadable(result, "localhost:1");
        assertThat(result.output()).doesNotContain("error: null");
    }

    @Test
    void shouldReportANodeThatDoesNotServeAnExportAsUnreadable() {
        String url = "http://localhost:" + port + "/no-such-node";
        assertUnreadable(
                OfflineVerifierHarness.run(url, "--min-difficulty", MIN_DIFFICULTY), url + "/export answered HTTP 404");
    }

    // --- a record edited -------------------------------------------------------------------------

    @Test
    void shouldNameTheRecordWhoseBodyWasEditedUnderItsHash() {
        int proposal = blockOf("training_proposal", fever);
        assertInvalidAt(
                tampered(e -> editBody(
                        record(e, proposal),
                        b -> ((ArrayNode) b.get("proposal").get("texts")).set(0, "I have no fever"))),
                proposal,
                0,
                "record_hash");

        int vote = blockOf("validator_approval", cough);
        assertInvalidAt(
                tampered(e -> editBody(record(e, vote), b -> b.put("validator_id", "validator-mallory"))),
                vote,
                0,
                "record_hash");

        int update = blockOf("model_update_approved", cough);
        assertInvalidAt(
                tampered(e -> editBody(
                        record(e, update), b -> ((ObjectNode) b.get("metrics")).put("model_hash_after", FORGED_HASH))),
                update,
                0,
                "record_hash");
    }

    @Test
    void shouldNameTheBlockWhoseRecordWasEditedAndReHashed() {
        // The record checks out by itself; its block's Merkle root still commits to the old record hash.
        int proposal = blockOf("training_proposal", fever);
        assertInvalidAt(
                tampered(e -> {
                    editBody(
                            record(e, proposal),
                            b -> ((ArrayNode) b.get("proposal").get("texts")).set(0, "I have no fever"));
                    rehash(record(e, proposal));
                }),
                proposal,
                "merkle_root");

        int vote = blockOf("validator_approval", cough);
        assertInvalidAt(
                tampered(e -> {
                    editBody(record(e, vote), b -> b.put("validator_id", "validator-mallory"));
                    rehash(record(e, vote));
                }),
                vote,
                "merkle_root");

        int update = blockOf("model_update_approved", cough);
        assertInvalidAt(
                tampered(e -> {
                    editBody(
                            record(e, update),
                            b -> ((ObjectNode) b.get("metrics")).put("model_hash_after", FORGED_HASH));
                    rehash(record(e, update));
                }),
                update,
                "merkle_root");
    }

    @Test
    void shouldRefuseABodyThatIsNotCanonicalEvenIfItsHashMatches() {
        int vote = blockOf("validator_approval", fever);
        assertInvalidAt(
                tampered(e -> {
                    ObjectNode record = record(e, vote);
                    record.put("body", " " + record.get("body").asString());
                    rehash(record);
                }),
                vote,
                0,
                "record_canonical");
    }

    @Test
    void shouldRefuseARecordWhoseStoredTypeDiffersFromItsBody() {
        // An approval relabelled as a rejection in the export's type field: its body still says approval.
        int vote = blockOf("validator_approval", fever);
        assertInvalidAt(tampered(e -> record(e, vote).put("type", "validator_rejection")), vote, 0, "record_type");
    }

    // --- a block edited --------------------------------------------------------------------------

    @Test
    void shouldNameTheBlockWhoseHeaderFieldWasEdited() {
        // Every header field is hashed, and block_hash is checked before difficulty and proof of work,
        // so an edited header is first seen as a header that no longer hashes to its stored hash.
        int block = blockOf("validator_approval", fever);
        assertInvalidAt(
                tampered(e -> block(e, block).put("timestamp", "2026-11-25T00:00:00.000Z")), block, "block_hash");
        assertInvalidAt(
                tampered(e -> block(e, block)
                        .put("nonce", block(e, block).get("nonce").asLong() + 1)),
                block,
                "block_hash");
        assertInvalidAt(tampered(e -> block(e, block).put("difficulty", TEST_DIFFICULTY + 1)), block, "block_hash");
        assertInvalidAt(tampered(e -> block(e, block).put("difficulty", 0)), block, "block_hash");
        assertInvalidAt(tampered(e -> block(e, block).put("hash", FORGED_HASH)), block, "block_hash");
    }

    @Test
    void shouldRefuseAReHashedHeaderWhoseNonceDoesNotMeetItsDifficulty() {
        // Nonce and stored hash agree, and the next block is never reached: the work is what is missing.
        int index = blockOf("validator_approval", fever);
        assertInvalidAt(
                tampered(e -> {
                    ObjectNode block = block(e, index);
                    BlockHeader header = header(block);
                    long nonce = header.nonce();
                    do {
                        nonce++;
                    } while (ProofOfWork.meetsDifficulty(header.withNonce(nonce).hash(), header.difficulty()));
                    block.put("nonce", nonce);
                    block.put("hash", header.withNonce(nonce).hash().hex());
                }),
                index,
                "proof_of_work");
    }

    @Test
    void shouldRefuseAReHashedHeaderThatClaimsLessThanTheMinimumDifficulty() {
        // Hash recomputed for difficulty 7: the header is consistent, but claims less work than required.
        int index = blockOf("validator_approval", fever);
        assertInvalidAt(
                tampered(e -> {
                    ObjectNode block = block(e, index);
                    block.put("difficulty", TEST_DIFFICULTY - 1);
                    block.put("hash", header(block).hash().hex());
                }),
                index,
                "difficulty");
    }

    @Test
    void shouldNameTheBlockWhoseRecordWasRemoved() {
        // Every block holds exactly one record, so removing it leaves the block with an empty Merkle tree.
        int index = blockOf("validator_approval", cough);
        assertInvalidAt(tampered(e -> ((ArrayNode) block(e, index).get("records")).remove(0)), index, "merkle_root");
    }

    @Test
    void shouldNameWhereBlocksWereReordered() {
        // The node writes one record per block, so there are no two records in one block to swap;
        // swapping two blocks is the reordering a forger can do.
        ObjectNode original = export();
        blocks(original).forEach(b -> assertThat(b.get("records").size()).isEqualTo(1));
        int first = blockOf("training_proposal", cough);
        assertInvalidAt(
                tampered(e -> {
                    JsonNode earlier = blocks(e).get(first).deepCopy();
                    blocks(e).set(first, blocks(e).get(first + 1).deepCopy());
                    blocks(e).set(first + 1, earlier);
                }),
                first,
                "index");
    }

    @Test
    void shouldNameWhereABlockWasRemoved() {
        int index = blockOf("validator_approval", cough);
        assertInvalidAt(tampered(e -> blocks(e).remove(index)), index, "index");
        // Cutting off the head is the one removal a file cannot show: without a known head hash, a
        // truncated ledger is an older valid one (the last block is the latest apply). Verifying by
        // URL compares the node's served model, which a truncated history does not replay to.
        int last = blocks(export()).size() - 1;
        assertThat(blockOf("model_update_approved", nausea)).isEqualTo(last);
        assertValid(tampered(e -> blocks(e).remove(last)));
    }

    @Test
    void shouldNameTheBlockWhosePreviousHashWasChanged() {
        int index = blockOf("model_update_approved", fever);
        assertInvalidAt(tampered(e -> block(e, index).put("previous_hash", FORGED_HASH)), index, "previous_hash");
        // Linked to the wrong block even when re-mined on its own: the link is checked first.
        assertInvalidAt(
                tampered(e -> {
                    block(e, index)
                            .put(
                                    "previous_hash",
                                    block(e, index - 2).get("hash").asString());
                    ObjectNode block = block(e, index);
                    BlockHeader mined = MINER.mine(header(block));
                    block.put("nonce", mined.nonce());
                    block.put("hash", mined.hash().hex());
                }),
                index,
                "previous_hash");
    }

    // --- fully re-hashed and re-mined forgeries -----------------------------------------------------

    @Test
    void shouldAcceptItsOwnReMiningOfAnUntouchedLedger() {
        // The forger's tool is sound: re-mining changes nothing a verifier can object to.
        assertValid(tampered(e -> remine(e, 1)));
    }

    @Test
    void shouldCatchAReMinedModelHashByReplayingTheModel() {
        // Every hash and proof of work checks out, and no consensus rule looks at model_hash_after:
        // only training the update again shows that the recorded model is not the one it produces.
        int update = blockOf("model_update_approved", fever);
        Result result = tampered(e -> {
            editBody(record(e, update), b -> ((ObjectNode) b.get("metrics")).put("model_hash_after", FORGED_HASH));
            rehash(record(e, update));
            remine(e, update);
        });
        assertInvalidAt(result, update, 0, "model_hash_after");
        assertThat(line(result, "expected")).isEqualTo(FORGED_HASH);
        assertThat(line(result, "blocks checked")).startsWith(blocks(export()).size() + " (");
    }

    @Test
    void shouldCatchAReMinedModelHashBeforeByTheRules() {
        // model_hash_before is also bound to the proposal the validators approved, so the rules see it
        // before the replay does.
        int update = blockOf("model_update_approved", cough);
        assertInvalidAt(
                tampered(e -> {
                    editBody(
                            record(e, update),
                            b -> ((ObjectNode) b.get("metrics")).put("model_hash_before", FORGED_HASH));
                    rehash(record(e, update));
                    remine(e, update);
                }),
                update,
                0,
                "apply_base");
    }

    @Test
    void shouldCatchAReMinedSecondApplyOfTheSameProposal() {
        int update = blockOf("model_update_approved", fever);
        Result result = tampered(e -> {
            ObjectNode copy = block(e, update).deepCopy();
            blocks(e).add(copy);
            remine(e, blocks(e).size() - 1);
        });
        assertInvalidAt(result, blocks(export()).size(), 0, "duplicate_apply");
    }

    @Test
    void shouldCatchAReMinedApplyOfTheRejectedProposal() {
        int update = blockOf("model_update_approved", nausea);
        Result result = tampered(e -> {
            ObjectNode copy = block(e, update).deepCopy();
            editBody((ObjectNode) copy.get("records").get(0), b -> b.put("proposal_hash", rash));
            rehash((ObjectNode) copy.get("records").get(0));
            blocks(e).add(copy);
            remine(e, blocks(e).size() - 1);
        });
        assertInvalidAt(result, blocks(export()).size(), 0, "apply_quorum");
    }

    @Test
    void shouldCatchAReMinedHistoryWithAnApprovalCutOut() {
        // The approval's block is dropped and every later block renumbered, relinked and re-mined:
        // a perfect chain, but the apply now has no approval behind it.
        int vote = blockOf("validator_approval", cough);
        int update = blockOf("model_update_approved", cough);
        assertInvalidAt(
                tampered(e -> {
                    blocks(e).remove(vote);
                    remine(e, vote);
                }),
                update - 1,
                0,
                "apply_quorum");
    }

    @Test
    void shouldCatchAReMinedProposalCarryingAFieldItsHashDoesNotBind() {
        // docs/ledger-format.md: proposal_hash = SHA-256(tag || 0x00 || JCS(proposal)), binding every field.
        // After the edit, that documented hand check no longer gives the stated proposal_hash.
        int proposal = blockOf("training_proposal", nausea);
        ObjectNode export = export();
        editBody(record(export, proposal), b -> ((ObjectNode) b.get("proposal")).put("note", "never reviewed"));
        JsonNode stored = body(record(export, proposal)).get("proposal");
        assertThat(HashDomain.PROPOSAL
                        .hash(CanonicalJson.canonicalize(stored).getBytes(StandardCharsets.UTF_8))
                        .hex())
                .isNotEqualTo(nausea);
        rehash(record(export, proposal));
        remine(export, proposal);
        assertInvalidAt(verify(JSON.writeValueAsString(export)), proposal, 0, "proposal_hash");
    }

    @Test
    void shouldCatchAReMinedVoteThatNamesNoValidator() {
        // An anonymous rejection would close a proposal on nobody's authority.
        int vote = blockOf("validator_rejection", rash);
        assertInvalidAt(
                tampered(e -> {
                    editBody(record(e, vote), b -> b.remove("validator_id"));
                    rehash(record(e, vote));
                    remine(e, vote);
                }),
                vote,
                0,
                "record_fields");
    }

    @Test
    void shouldCatchAReMinedLedgerOfAnotherBaseModel() {
        assertInvalidAt(
                tampered(e -> {
                    editBody(record(e, 0), b -> b.put("model_hash", FORGED_HASH));
                    rehash(record(e, 0));
                    remine(e, 0);
                }),
                0,
                0,
                "genesis_model");
    }

    @Test
    void shouldCatchAReMinedGenesisWithAMalformedLedgerNonce() {
        assertInvalidAt(
                tampered(e -> {
                    editBody(record(e, 0), b -> b.put("ledger_nonce", "not hex"));
                    rehash(record(e, 0));
                    remine(e, 0);
                }),
                0,
                0,
                "genesis_nonce");
    }

    @Test
    void shouldStillVerifyALegacyLedgerWhoseGenesisHasNoNonce() {
        // A ledger made before genesis carried a nonce: the same chain with a legacy genesis, every
        // block re-linked. Its (unsigned) votes need no ledger id, so it verifies unchanged.
        assertValid(tampered(e -> {
            editBody(record(e, 0), b -> b.remove("ledger_nonce"));
            rehash(record(e, 0));
            remine(e, 0);
        }));
    }

    // --- minimum difficulty ------------------------------------------------------------------------

    @Test
    void shouldRefuseALedgerMinedBelowTheRequiredDifficulty() {
        Result result = verify(exported, "--min-difficulty", "20");
        assertInvalidAt(result, 1, "difficulty");
        assertThat(line(result, "computed")).isEqualTo(MIN_DIFFICULTY);
        assertThat(line(result, "expected")).isEqualTo("20");
    }

    // --- input and usage errors ----------------------------------------------------------------------

    @Test
    void shouldRefuseInputThatIsNotALedgerExport() {
        assertUsageError(verify("this is not JSON"), "error: ");
        assertUsageError(verify("[1, 2, 3]"), "an export is a JSON object");
        assertUsageError(
                tampered(e -> e.put("format", "consensus-ml-ledger/v0")),
                "format is 'consensus-ml-ledger/v0', expected '" + LedgerExport.FORMAT + "'");
        assertUsageError(tampered(e -> e.remove("format")), "format is missing");
        assertUsageError(tampered(e -> e.remove("blocks")), "blocks is missing");
        assertUsageError(tampered(e -> e.put("blocks", "none")), "blocks must be an array");
        assertUsageError(tampered(e -> block(e, 1).remove("hash")), "blocks[1].hash is missing");
        assertUsageError(tampered(e -> block(e, 1).put("nonce", "7")), "blocks[1].nonce must be a whole number");
        assertUsageError(
                tampered(e -> block(e, 1).put("nonce", new BigInteger("-1"))),
                "blocks[1].nonce must be an unsigned 64-bit number");
        assertUsageError(
                tampered(e -> block(e, 1).put("previous_hash", "ABC")),
                "blocks[1].previous_hash must be 64 lower-case hex characters");
        assertUsageError(tampered(e -> record(e, 1).remove("body")), "blocks[1].records[0].body is missing");
        assertUsageError(
                tampered(e -> record(e, 1).put("type", "gossip")), "blocks[1].records[0].type 'gossip' is unknown");
    }

    @Test
    void shouldRefuseAFileThatDoesNotExist() {
        Result result = OfflineVerifierHarness.run("/nonexistent/ledger.json", "--min-difficulty", MIN_DIFFICULTY);
        assertUnreadable(result, "/nonexistent/ledger.json");
    }

    /** Exit 3: the arguments were fine, the data could not be read; so no usage text and no verdict. */
    private static void assertUnreadable(Result result, String message) {
        assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
        assertThat(result.output())
                .contains("error: ")
                .contains(message)
                .doesNotContain("usage:")
                .doesNotContain("RESULT:");
    }

    @Test
    void shouldRefuseAnEmptyChain() {
        Result result = tampered(e -> ((ArrayNode) e.get("blocks")).removeAll());
        assertInvalidAt(result, 0, "genesis");
    }

    @Test
    void shouldPrintUsageForHelpAndRefuseMissingOrUnknownArguments() {
        Result help = OfflineVerifierHarness.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("usage: consensus-ml verify").contains("exit code: 0 valid, 1 invalid");

        Result none = OfflineVerifierHarness.run();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.output()).contains("usage: consensus-ml verify");

        assertUsageError(OfflineVerifierHarness.run("--min-difficulty", "8"), "SOURCE is required");
        assertUsageError(
                OfflineVerifierHarness.run("ledger.json", "--min-difficulty"), "--min-difficulty needs a value");
        assertUsageError(OfflineVerifierHarness.run("ledger.json", "--frobnicate"), "unexpected argument --frobnicate");
    }
}
