package ml.consensus.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ml.consensus.validator.Ed25519;
import ml.consensus.validator.ValidatorKeyFiles;
import ml.consensus.validator.ValidatorSet;

import static org.assertj.core.api.Assertions.assertThat;

class ValidatorToolTests {

    private static final String HASH = "3f2a6c1e9b0d4a7f8e5c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f10";
    private static final String LEDGER = "ab00000000000000000000000000000000000000000000000000000000000001";
    private static final String OTHER_LEDGER = "ab00000000000000000000000000000000000000000000000000000000000002";

    @TempDir
    Path dir;

    /** One run of the tool: exit code and both streams. */
    record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = ValidatorTool.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldGenerateSignAndVerifyAVote() {
        Run keygen = run("keygen", "--id", "validator-alice", "--out", dir.toString());
        Path keyFile = dir.resolve("validator-alice.pem");
        Run publicKey = run("public-key", "--key", keyFile.toString());
        String publicKeyHex = publicKey.out().strip();
        Run sign = run(
                "sign",
                "--ledger",
                LEDGER,
                "--key",
                keyFile.toString(),
                "--vote",
                "approve",
                "--proposal",
                HASH,
                "--validator",
                "validator-alice");
        String signature = sign.out().strip();
        Run verify = run(
                "verify-vote",
                "--ledger",
                LEDGER,
                "--public-key",
                publicKeyHex,
                "--vote",
                "approve",
                "--proposal",
                HASH,
                "--validator",
                "validator-alice",
                "--signature",
                signature);

        assertThat(keygen.exitCode()).isZero();
        assertThat(keyFile).isRegularFile();
        assertThat(publicKey.exitCode()).isZero();
        assertThat(publicKeyHex).matches("[0-9a-f]{64}");
        assertThat(keygen.out())
                .contains(publicKeyHex)
                .contains("{\"id\":\"validator-alice\",\"public_key\":\"" + publicKeyHex + "\",\"weight\":1}");
        assertThat(sign.exitCode()).isZero();
        assertThat(signature).matches("[0-9a-f]{128}");
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.out().strip()).isEqualTo("valid");
    }

    @Test
    void shouldPrintAnEntryThatParsesAsAValidatorSet() {
        Run keygen = run(
                "keygen", "--id", "validator-bob", "--out", dir.resolve("keys").toString());
        String entry = keygen.out()
                .lines()
                .filter(line -> line.startsWith("{"))
                .findFirst()
                .orElseThrow();

        ValidatorSet set = ValidatorSet.parse("{\"validators_required\": 1, \"validators\": [" + entry + "]}");

        assertThat(set.find("validator-bob")).isPresent();
    }

    @Test
    void shouldSignTheDocumentedMessage() throws Exception {
        Path keyFile = dir.resolve("alice.pem");
        byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        ValidatorKeyFiles.writePrivateKey(keyFile, seed);

        Run sign = run(
                "sign",
                "--ledger",
                LEDGER,
                "--key",
                keyFile.toString(),
                "--vote",
                "reject",
                "--proposal",
                HASH,
                "--validator",
                "validator-alice",
                "--verbose");

        String message = "consensus-ml/vote/v2:" + LEDGER + ":reject:" + HASH + ":validator-alice";
        assertThat(sign.exitCode()).isZero();
        assertThat(sign.err()).contains(message);
        assertThat(sign.out().strip())
                .isEqualTo(HexFormat.of().formatHex(Ed25519.sign(seed, message.getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void shouldSayInvalidForAVoteOfAnotherKindOrValidator() {
        run("keygen", "--id", "validator-alice", "--out", dir.toString());
        Path keyFile = dir.resolve("validator-alice.pem");
        String publicKeyHex =
                run("public-key", "--key", keyFile.toString()).out().strip();
        String signature = run(
                        "sign",
                        "--ledger",
                        LEDGER,
                        "--key",
                        keyFile.toString(),
                        "--vote",
                        "approve",
                        "--proposal",
                        HASH,
                        "--validator",
                        "validator-alice")
                .out()
                .strip();

        Run otherKind = run(
                "verify-vote",
                "--ledger",
                LEDGER,
                "--public-key",
                publicKeyHex,
                "--vote",
                "reject",
                "--proposal",
                HASH,
                "--validator",
                "validator-alice",
                "--signature",
                signature);
        Run otherValidator = run(
                "verify-vote",
                "--ledger",
                LEDGER,
                "--public-key",
                publicKeyHex,
                "--vote",
                "approve",
                "--proposal",
                HASH,
                "--validator",
                "validator-bob",
                "--signature",
                signature);

        assertThat(otherKind.exitCode()).isEqualTo(1);
        assertThat(otherKind.out().strip()).isEqualTo("invalid");
        assertThat(otherValidator.exitCode()).isEqualTo(1);
        assertThat(otherValidator.out().strip()).isEqualTo("invalid");
    }

    @Test
    void shouldSayInvalidForAVoteSignedForAnotherLedger() {
        run("keygen", "--id", "validator-alice", "--out", dir.toString());
        String key = dir.resolve("validator-alice.pem").toString();
        String publicKeyHex = run("public-key", "--key", key).out().strip();
        String vote = "--vote approve --proposal " + HASH + " --validator validator-alice";
        String signature = run(("sign --key " + key + " --ledger " + LEDGER + " " + vote).split(" "))
                .out()
                .strip();
        String verify = "verify-vote --public-key " + publicKeyHex + " " + vote + " --signature " + signature;

        assertThat(run((verify + " --ledger " + LEDGER).split(" ")).out().strip())
                .isEqualTo("valid");
        assertThat(run((verify + " --ledger " + OTHER_LEDGER).split(" ")).exitCode())
                .isEqualTo(1);
        assertThat(run((verify + " --legacy").split(" ")).out().strip()).isEqualTo("invalid");
    }

    @Test
    void shouldSignVersion1OnlyWhenAskedForALegacyLedger() throws Exception {
        Path keyFile = dir.resolve("alice.pem");
        byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        ValidatorKeyFiles.writePrivateKey(keyFile, seed);
        String vote = "sign --key " + keyFile + " --vote approve --proposal " + HASH + " --validator validator-alice";

        Run legacy = run((vote + " --legacy").split(" "));
        Run neither = run(vote.split(" "));
        Run both = run((vote + " --legacy --ledger " + LEDGER).split(" "));

        String message = "consensus-ml/vote/v1:approve:" + HASH + ":validator-alice";
        assertThat(legacy.out().strip())
                .isEqualTo(HexFormat.of().formatHex(Ed25519.sign(seed, message.getBytes(StandardCharsets.US_ASCII))));
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("--ledger");
        assertThat(both.exitCode()).isEqualTo(2);
    }

    @Test
    void shouldPrintUsageForHelp() {
        Run help = run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("keygen", "public-key", "sign", "verify-vote");
        assertThat(run("sign", "--help").out()).contains("usage");
    }

    @Test
    void shouldPrintUsageOnStderrWithoutArguments() {
        Run none = run();

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("usage");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "frobnicate",
                "keygen --out DIR",
                "keygen --id -bad --out DIR",
                "keygen --id alice --out",
                "keygen --id alice --id bob --out DIR",
                "keygen --id alice --out DIR --key x",
                "keygen alice",
                "sign --key KEY --vote maybe --proposal " + HASH + " --validator alice --legacy",
                "sign --key KEY --vote approve --proposal 3f2a6c1e --validator alice --legacy",
                "sign --key KEY --vote approve --proposal " + HASH + " --validator alice --ledger 3f2a6c1e",
                "verify-vote --public-key XYZ --vote approve --proposal " + HASH + " --validator alice --signature 00",
                "verify-vote --public-key 160c5f28281641bde37c3ff9a7380e7e9827d9dba8bad64b02c5f92cc21e2bff --vote approve"
                        + " --proposal " + HASH + " --validator alice --signature 00"
            })
    void shouldExitWithTwoOnBadArguments(String line) {
        Run bad = run(line.replace("DIR", dir.toString())
                .replace("KEY", dir.resolve("k.pem").toString())
                .split(" "));

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: ");
        assertThat(bad.out()).isEmpty();
    }

    @Test
    void shouldExitWithTwoOnAKeyFileThatIsNotAKey() throws Exception {
        Path keyFile = Files.writeString(dir.resolve("notakey.pem"), "hello");

        Run bad = run("public-key", "--key", keyFile.toString());

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("not a PEM private key");
    }

    @Test
    void shouldExitWithThreeWhenAKeyFileIsMissingOrWouldBeOverwritten() {
        run("keygen", "--id", "validator-alice", "--out", dir.toString());

        Run again = run("keygen", "--id", "validator-alice", "--out", dir.toString());
        Run missing = run("public-key", "--key", dir.resolve("absent.pem").toString());

        assertThat(again.exitCode()).isEqualTo(3);
        assertThat(again.err()).contains("never overwritten");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("absent.pem");
    }
}
