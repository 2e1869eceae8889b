package ml.consensus.api;

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

import ml.consensus.cli.OfflineVerifierHarness;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.WithdrawalMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proposals that expire after a number of blocks, and proposals their proposer withdraws with a
 * signed record: over HTTP, refusals leave the ledger unchanged, and the verifiers agree.
 */
class ProposalLifecycleIntegrationTests extends NodeIntegrationTest {

    private static final int EXPIRY_BLOCKS = 3;
    private static final byte[] PROPOSER = Ed25519.newPrivateKey(new SecureRandom());
    private static final byte[] STRANGER = Ed25519.newPrivateKey(new SecureRandom());

    @DynamicPropertySource
    static void lifetime(DynamicPropertyRegistry registry) {
        registry.add("consensus.proposal-expiry-blocks", () -> EXPIRY_BLOCKS);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private String proposeWithKey(String text) {
        Answer answer = node.post(
                "/decentralized/propose-training",
                NodeClient.json(Map.of(
                        "texts",
                        List.of(text),
                        "learning_rate",
                        0.02,
                        "proposer_key",
                        hex(Ed25519.publicKeyOf(PROPOSER)))));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.text("proposal", "proposal_hash");
    }

    private Answer withdraw(String proposal, byte[] signer) {
        return withdraw(proposal, proposal, signer);
    }

    /** Sends {@code sent} (a hash or prefix) with a signature over the full hash {@code proposal}. */
    private Answer withdraw(String sent, String proposal, byte[] signer) {
        Map<String, Object> body = new HashMap<>(Map.of("proposal_hash", sent));
        if (signer != null) {
            body.put("signature", hex(Ed25519.sign(signer, WithdrawalMessage.bytes(ledger(), proposal))));
        }
        return node.post("/decentralized/withdraw-proposal", NodeClient.json(body));
    }

    private void assertRefused(Answer answer, int status, String detail, LedgerSnapshot before) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("detail")).contains(detail);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void shouldRefuseVotesAndAppliesOnceAProposalHasExpired() {
        String proposal = propose(List.of("fever lasting three days"), 0.02);
        long proposedIn = node.get("/decentralized/proposals/" + proposal).number("proposed_in_block");
        assertThat(node.get("/decentralized/proposals/" + proposal)
                        .json()
                        .get("proposal")
                        .get("expires_after_block")
                        .asLong())
                .isEqualTo(proposedIn + EXPIRY_BLOCKS);
        assertThat(approve(proposal, "validator-alice").status()).isEqualTo(200);
        // Other writes move the chain past the proposal's last block.
        while (snapshot().chainLength() <= proposedIn + EXPIRY_BLOCKS) {
            propose(List.of("filler " + snapshot().chainLength()), 0.02);
        }
        assertThat(node.get("/decentralized/proposals/" + proposal).text("state"))
                .isEqualTo("expired");

        LedgerSnapshot before = snapshot();
        assertRefused(apply(proposal), 409, "has expired and can never be applied", before);
        assertRefused(reject(proposal, "validator-bob"), 409, "has expired; votes are closed", before);
        assertThat(node.get("/verify").json().get("valid").asBoolean()).isTrue();
    }

    @Test
    void shouldLetOnlyTheProposerWithdrawAndThenRefuseEverything() throws Exception {
        String proposal = proposeWithKey("sore throat and cough");
        LedgerSnapshot before = snapshot();
        assertRefused(withdraw(proposal, null), 401, "withdrawing needs signature", before);
        assertRefused(withdraw(proposal, STRANGER), 401, "does not verify with the proposal's proposer_key", before);

        Answer withdrawn = withdraw(proposal.substring(0, 12), proposal, PROPOSER);
        assertThat(withdrawn.status()).as(withdrawn.raw()).isEqualTo(200);
        assertThat(withdrawn.text("withdrawal", "proposal_state")).isEqualTo("withdrawn");
        assertThat(node.get("/decentralized/proposals/" + proposal).text("state"))
                .isEqualTo("withdrawn");

        LedgerSnapshot after = snapshot();
        assertRefused(approve(proposal, "validator-alice"), 409, "withdrawn by its proposer", after);
        assertRefused(apply(proposal), 409, "withdrawn by its proposer and can never be applied", after);
        assertRefused(withdraw(proposal, PROPOSER), 409, "already withdrawn", after);

        Path export = Files.createTempFile("ledger", ".json");
        Files.writeString(export, node.get("/export").raw());
        OfflineVerifierHarness.Result offline =
                OfflineVerifierHarness.run(export.toString(), "--min-difficulty", String.valueOf(TEST_DIFFICULTY));
        assertThat(offline.exitCode()).as(offline.output()).isZero();
    }

    @Test
    void shouldRefuseToWithdrawAProposalWithoutProposerKeyOrWithABadKey() {
        String proposal = propose(List.of("no key on this one"), 0.02);
        LedgerSnapshot before = snapshot();
        assertRefused(withdraw(proposal, PROPOSER), 409, "carries no proposer_key", before);
        Answer badKey = node.post(
                "/decentralized/propose-training",
                NodeClient.json(Map.of("texts", List.of("bad key"), "proposer_key", "XYZ")));
        assertRefused(badKey, 400, "proposer_key must be an Ed25519 public key", before);
    }
}
