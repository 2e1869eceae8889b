package ml.consensus.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
import ml.consensus.validator.ValidatorKey;
import ml.consensus.validator.ValidatorSet;

import static org.assertj.core.api.Assertions.assertThat;

/** A node with a validator set file: 2-of-3, every vote signed with Ed25519 and checked before it is written. */
class SignedVotesIntegrationTests extends NodeIntegrationTest {

    private static final List<String> IDS = List.of("validator-alice", "validator-bob", "validator-carol");
    private static final TestValidatorSet KEYS = TestValidatorSet.generate(2, IDS);
    private static final Path SET_FILE = KEYS.file();

    @DynamicPropertySource
    static void validatorSet(DynamicPropertyRegistry registry) {
        registry.add("consensus.validator-set-file", SET_FILE::toString);
    }

    private String sign(String signer, String vote, String proposalHash, String validatorId) {
        return KEYS.signVoteAs(ledger(), signer, vote, proposalHash, validatorId);
    }

    private Answer vote(String endpoint, String proposalHash, String validatorId, String signature) {
        Map<String, Object> body = new HashMap<>(Map.of("proposal_hash", proposalHash, "validator_id", validatorId));
        if (signature != null) {
            body.put("signature", signature);
        }
        return node.post("/decentralized/" + endpoint, NodeClient.json(body));
    }

    private Answer signedApproval(String proposalHash, String validatorId) {
        return vote(
                "approve-proposal", proposalHash, validatorId, sign(validatorId, "approve", proposalHash, validatorId));
    }

    private void assertRefused(LedgerSnapshot before, Answer answer, int status, String detail) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("detail")).containsIgnoringCase(detail);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void shouldReportThatSignaturesAreRequired() {
        Answer status = node.get("/decentralized/status");
        assertThat(status.json().get("signatures_required").asBoolean()).isTrue();
        assertThat(status.number("validators_required")).isEqualTo(2);
        assertThat(status.number("validator_count")).isEqualTo(3);
        assertThat(status.json().get("open_mode").asBoolean()).isFalse();
    }

    @Test
    void shouldApplyAfterTwoSignedApprovalsAndStoreTheSignatures() {
        String hash = propose(List.of("I have a fever", "High temperature"), 0.05);
        Answer first = signedApproval(hash, "validator-alice");
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.json().get("approval").get("signed").asBoolean()).isTrue();
        assertThat(first.text("approval", "proposal_state")).isEqualTo("proposed");
        // Issue 14.6: one approval of two is recorded, but the proposal is not approved yet.
        assertThat(first.text("approval", "status")).isEqualTo("proposed");
        assertThat(first.text("approval", "vote")).isEqualTo("approve");
        assertThat(apply(hash).status()).isEqualTo(409);
        // A prefix finds the proposal; the signature is always over the full hash.
        Answer second = vote(
                "approve-proposal",
                hash.substring(0, 12),
                "validator-bob",
                sign("validator-bob", "approve", hash, "validator-bob"));
        assertThat(second.text("approval", "proposal_state")).isEqualTo("approved");
        assertThat(second.text("approval", "status")).isEqualTo("approved");
        Answer applied = apply(hash);
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);

        JsonNode records =
                node.get("/blockchain-history?type=validator_approval").json().get("records");
        JsonNode last = records.get(records.size() - 1);
        assertThat(last.get("signed").asBoolean()).isTrue();
        assertThat(last.get("signature").asString()).hasSize(128);
        assertThat(last.get("public_key").asString()).hasSize(64);
        assertThat(node.get("/verify").json().get("valid").asBoolean()).isTrue();
    }

    @Test
    void shouldRefuseAVoteWithoutASignature() {
        String hash = propose(List.of("dry cough"), 0.05);
        LedgerSnapshot before = snapshot();
        assertRefused(before, vote("approve-proposal", hash, "validator-alice", null), 401, "requires signed votes");
    }

    @Test
    void shouldRefuseMalformedSignatures() {
        String hash = propose(List.of("dry cough"), 0.05);
        LedgerSnapshot before = snapshot();
        String good = sign("validator-alice", "approve", hash, "validator-alice");
        for (String bad :
                List.of("zz" + good.substring(2), good.substring(2), good + "00", good.toUpperCase(Locale.ROOT), "")) {
            assertRefused(before, vote("approve-proposal", hash, "validator-alice", bad), 401, "signature");
        }
    }

    @Test
    void shouldRefuseAFlippedBitAndAnotherValidatorsKey() {
        String hash = propose(List.of("sore throat"), 0.05);
        LedgerSnapshot before = snapshot();
        byte[] signature = HexFormat.of().parseHex(sign("validator-alice", "approve", hash, "validator-alice"));
        signature[10] ^= 0x01;
        assertRefused(
                before,
                vote("approve-proposal", hash, "validator-alice", HexFormat.of().formatHex(signature)),
                401,
                "does not verify");
        assertRefused(
                before,
                vote(
                        "approve-proposal",
                        hash,
                        "validator-alice",
                        sign("validator-carol", "approve", hash, "validator-alice")),
                401,
                "does not verify");
    }

    @Test
    void shouldRefuseASignatureReplayedOntoAnotherProposalOrVoteKind() {
        String first = propose(List.of("nausea"), 0.05);
        String second = propose(List.of("vomiting"), 0.05);
        LedgerSnapshot before = snapshot();
        String signedForFirst = sign("validator-alice", "approve", first, "validator-alice");
        assertRefused(
                before, vote("approve-proposal", second, "validator-alice", signedForFirst), 401, "does not verify");
        assertRefused(
                before, vote("reject-proposal", first, "validator-alice", signedForFirst), 401, "does not verify");
        assertRefused(
                before,
                vote(
                        "approve-proposal",
                        first,
                        "validator-bob",
                        sign("validator-alice", "approve", first, "validator-alice")),
                401,
                "does not verify");
    }

    @Test
    void shouldRefuseAValidatorOutsideTheSet() {
        String hash = propose(List.of("chest pain"), 0.05);
        LedgerSnapshot before = snapshot();
        assertRefused(
                before,
                vote(
                        "approve-proposal",
                        hash,
                        "validator-mallory",
                        sign("validator-alice", "approve", hash, "validator-mallory")),
                403,
                "not in");
    }

    @Test
    void shouldAgreeWithTheOfflineVerifier() throws IOException {
        String hash = propose(List.of("headache and blurred vision"), 0.05);
        signedApproval(hash, "validator-alice");
        signedApproval(hash, "validator-carol");
        assertThat(apply(hash).status()).isEqualTo(200);
        Answer live = node.get("/verify");
        assertThat(live.json().get("valid").asBoolean()).isTrue();

        Path export = Files.createTempFile("ledger", ".json");
        Files.writeString(export, node.get("/export").raw());
        OfflineVerifierHarness.Result offline = OfflineVerifierHarness.run(
                export.toString(),
                "--validator-set",
                SET_FILE.toString(),
                "--min-difficulty",
                String.valueOf(TEST_DIFFICULTY));
        assertThat(offline.exitCode()).as(offline.output()).isZero();
        assertThat(offline.output()).contains("RESULT: VALID").contains(live.text("replayed_model_hash"));

        // Against other keys, the same ledger's first signed vote fails.
        Path otherSet = Files.createTempFile("other-validators", ".json");
        SecureRandom random = new SecureRandom();
        Files.writeString(
                otherSet,
                new ValidatorSet(
                                2,
                                IDS.stream()
                                        .map(id -> new ValidatorKey(
                                                id,
                                                HexFormat.of()
                                                        .formatHex(Ed25519.publicKeyOf(Ed25519.newPrivateKey(random))),
                                                1))
                                        .toList())
                        .toJson());
        OfflineVerifierHarness.Result forged = OfflineVerifierHarness.run(
                export.toString(),
                "--validator-set",
                otherSet.toString(),
                "--min-difficulty",
                String.valueOf(TEST_DIFFICULTY));
        assertThat(forged.exitCode()).as(forged.output()).isEqualTo(1);
        assertThat(forged.output()).contains("RESULT: INVALID").contains("vote_key");
    }
}
