package ml.consensus.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerExport;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.TestChain;
import ml.consensus.rules.VoteKind;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.VoteMessage;
import ml.consensus.validator.VoteSignature;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code verify} tells a user who got something wrong: a file that is not there, not JSON or
 * not an export is named with the problem, and a signed ledger checked without its validator set
 * is VALID with a warning that says what was and was not checked. The ledgers are written in code
 * (proof-of-work difficulty 0), so no node is started.
 */
class OfflineVerifierMessagesTests {

    private static final byte[] ALICE = seed(7);

    @TempDir
    Path dir;

    private static byte[] seed(int value) {
        byte[] seed = new byte[Ed25519.PRIVATE_KEY_LENGTH];
        Arrays.fill(seed, (byte) value);
        return seed;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Alice's approval of {@code signed}, recorded as a vote on {@code recorded}. */
    private static ml.consensus.ledger.LedgerRecord approval(Sha256 recorded, Sha256 signed) {
        byte[] signature = Ed25519.sign(
                ALICE,
                VoteMessage.bytes(
                        ml.consensus.validator.LedgerBinding.LEGACY,
                        VoteMessage.APPROVE,
                        signed.hex(),
                        "validator-alice"));
        return ConsensusRecords.vote(
                VoteKind.APPROVE,
                recorded,
                "validator-alice",
                "2026-11-25T12:00:01Z",
                Optional.of(new VoteSignature(hex(signature), hex(Ed25519.publicKeyOf(ALICE)))));
    }

    private Path export(TestChain chain) throws IOException {
        return Files.writeString(
                dir.resolve("ledger.json"),
                LedgerExport.write(chain.blocks, "2026-11-25T12:01:00Z").toString());
    }

    @Test
    void shouldWarnThatSignaturesWereCheckedOnlyAgainstTheKeysInTheLedger() throws IOException {
        TestChain chain = new TestChain();
        Sha256 proposal = chain.propose("fever and chills");
        chain.append(approval(proposal, proposal));

        OfflineVerifierHarness.Result result =
                OfflineVerifierHarness.run(export(chain).toString(), "--min-difficulty", "0");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("WARNING:         1 signed vote(s), but no --validator-set was given")
                .contains("checked only against the public key written beside it in the ledger")
                .contains("not who voted")
                .contains("RESULT: VALID");
    }

    @Test
    void shouldFindASignatureThatFailsEvenItsOwnKeyInvalid() throws IOException {
        TestChain chain = new TestChain();
        Sha256 fever = chain.propose("fever and chills");
        Sha256 cough = chain.propose("dry cough");
        // Alice signed her approval of the cough proposal; the record says it approves the fever one.
        chain.append(approval(fever, cough));

        OfflineVerifierHarness.Result result =
                OfflineVerifierHarness.run(export(chain).toString(), "--min-difficulty", "0");

        assertThat(result.exitCode()).as(result.output()).isEqualTo(ExitCode.FAILED);
        assertThat(result.output())
                .contains("RESULT: INVALID")
                .contains("block 3, record 0: the approve vote of validator-alice does not verify");
    }

    @Test
    void shouldNotWarnAboutAnUnsignedLedger() throws IOException {
        TestChain chain = new TestChain();
        Sha256 proposal = chain.propose("fever and chills");
        chain.append(TestChain.vote(VoteKind.APPROVE, proposal, "validator-alice"));

        OfflineVerifierHarness.Result result =
                OfflineVerifierHarness.run(export(chain).toString(), "--min-difficulty", "0");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("WARNING").contains("RESULT: VALID");
    }

    @Test
    void shouldSayAFileIsNotFound() {
        Path missing = dir.resolve("nope.json");

        OfflineVerifierHarness.Result result = OfflineVerifierHarness.run(missing.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.IO_ERROR);
        assertThat(result.output()).startsWith("error: ledger file " + missing + " not found");
    }

    @Test
    void shouldSayAPathIsADirectory() {
        OfflineVerifierHarness.Result result = OfflineVerifierHarness.run(dir.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.IO_ERROR);
        assertThat(result.output()).startsWith("error: ledger file " + dir + " is a directory, not a file");
    }

    @Test
    void shouldSayWhereAFileStopsBeingJson() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\n  \"format\": \"consensus-ml-ledger/v1\",,\n}");

        OfflineVerifierHarness.Result result = OfflineVerifierHarness.run(broken.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.output()).startsWith("error: ledger file " + broken + " is not JSON: line 2, column ");
    }

    @Test
    void shouldSayAFileIsNotALedgerExport() throws IOException {
        Path other = Files.writeString(dir.resolve("validators.json"), "{\"validators\":[]}");

        OfflineVerifierHarness.Result result = OfflineVerifierHarness.run(other.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.output())
                .startsWith("error: ledger file " + other + " is not a ledger export (GET /export or consensus-ml"
                        + " export makes one): format is missing");
    }

    @Test
    void shouldNameAValidatorSetFileThatIsMissingOrNotJson() throws IOException {
        Path ledger = export(new TestChain());
        Path missing = dir.resolve("validators.json");
        Path broken = Files.writeString(dir.resolve("broken-set.json"), "{\"validators\": [}");

        OfflineVerifierHarness.Result absent =
                OfflineVerifierHarness.run(ledger.toString(), "--validator-set", missing.toString());
        OfflineVerifierHarness.Result notJson =
                OfflineVerifierHarness.run(ledger.toString(), "--validator-set", broken.toString());

        assertThat(absent.exitCode()).isEqualTo(ExitCode.IO_ERROR);
        assertThat(absent.output()).startsWith("error: validator set file " + missing + " not found");
        assertThat(notJson.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(notJson.output()).startsWith("error: validator set file " + broken + " is not JSON: line 1, column");
    }
}
