package ml.consensus.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

import ml.consensus.validator.Ed25519;
import ml.consensus.validator.ValidatorKey;
import ml.consensus.validator.ValidatorKeyFiles;
import ml.consensus.validator.ValidatorSet;
import ml.consensus.validator.VoteMessage;

/**
 * The validators' commands of {@code consensus-ml}: make a key pair, show a public key, sign a
 * vote, check a vote signature. Plain Java, no Spring context:
 *
 * <pre>
 * java -jar target/consensus-ml.jar sign --key alice.pem --vote approve --proposal HASH --validator validator-alice
 * </pre>
 *
 * Exit codes ({@link ml.consensus.cli.ExitCode}): 0 success (for {@code verify-vote}: the signature
 * is valid), 1 the signature is invalid, 2 bad arguments or a key file that is not a key, 3 a file
 * that cannot be read or written (message on stderr).
 */
public final class ValidatorTool {

    private static final Pattern SIGNATURE_HEX = Pattern.compile("[0-9a-f]{128}");
    private static final HexFormat HEX = HexFormat.of();
    private static final Set<String> FLAGS = Set.of("--verbose", "--help", "--legacy");

    static final String USAGE_TEXT = """
            usage: consensus-ml <command> [options]   (the validators' commands)

              keygen      --id ID --out DIR
                          write a new private key to DIR/ID.pem (PKCS#8 PEM, as openssl writes it)
                          and print its public key and the entry for a validator set file
              public-key  --key FILE
                          print the public key (64 hex characters) of a private key file
              sign        --key FILE --vote approve|reject --proposal HASH --validator ID
                          (--ledger LEDGER_ID | --node URL | --legacy) [--verbose]
                          print the vote signature (128 hex characters) over the message
                          consensus-ml/vote/v2:<LEDGER_ID>:<vote>:<HASH>:<ID>; --verbose also
                          prints that message on stderr. HASH is the full 64-hex proposal hash,
                          LEDGER_ID the ledger_id of GET /decentralized/status (--node URL reads it
                          from that node); --legacy signs consensus-ml/vote/v1:<vote>:<HASH>:<ID>
                          for a legacy ledger, whose status shows ledger_id null.
              verify-vote --public-key HEX --vote approve|reject --proposal HASH --validator ID --signature HEX
                          (--ledger LEDGER_ID | --node URL | --legacy)
                          print "valid" (exit 0) or "invalid" (exit 1)

            exit codes: 0 success, 1 invalid signature, 2 bad arguments or a key file that is not a key,
                        3 a file that cannot be read or written
            see docs/validator-keys.md
            """;

    private ValidatorTool() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit code. Output goes to {@code out}, messages to {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE_TEXT);
            return ExitCode.USAGE;
        }
        if (Set.of("--help", "-h", "help").contains(args[0])) {
            out.print(USAGE_TEXT);
            return ExitCode.OK;
        }
        try {
            CommandOptions options = CommandOptions.parse(args, 1, FLAGS);
            if (options.has("--help")) {
                out.print(USAGE_TEXT);
                return ExitCode.OK;
            }
            return switch (args[0]) {
                case "keygen" -> keygen(options, out);
                case "public-key" -> publicKey(options, out);
                case "sign" -> sign(options, out, err);
                case "verify-vote" -> verifyVote(options, out);
                default -> throw new IllegalArgumentException("unknown command: " + args[0]);
            };
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println("run with --help for usage");
            return ExitCode.USAGE;
        } catch (UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.IO_ERROR;
        }
    }

    private static int keygen(CommandOptions options, PrintStream out) {
        options.allowOnly("--id", "--out");
        String id = options.required("--id");
        if (!ValidatorKey.isWellFormedId(id)) {
            throw new IllegalArgumentException("--id must be 1 to 128 characters of letters, digits and . _ : @ -,"
                    + " starting with a letter or digit");
        }
        Path dir = Path.of(options.required("--out"));
        Path file = dir.resolve(id + ".pem");
        byte[] seed = Ed25519.newPrivateKey(new SecureRandom());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir + ": " + e, e);
        }
        ValidatorKeyFiles.writePrivateKey(file, seed);
        ValidatorKey key = new ValidatorKey(id, HEX.formatHex(Ed25519.publicKeyOf(seed)));
        out.println("private key: " + file + " (keep it secret)");
        out.println("public key:  " + key.publicKeyHex());
        out.println("validator set entry:");
        out.println(ValidatorSet.entryJson(key));
        return ExitCode.OK;
    }

    private static int publicKey(CommandOptions options, PrintStream out) {
        options.allowOnly("--key");
        byte[] seed = ValidatorKeyFiles.readPrivateKey(Path.of(options.required("--key")));
        out.println(HEX.formatHex(Ed25519.publicKeyOf(seed)));
        return ExitCode.OK;
    }

    private static int sign(CommandOptions options, PrintStream out, PrintStream err) {
        options.allowOnly(
                "--key", "--vote", "--proposal", "--validator", "--verbose", "--ledger", "--node", "--legacy");
        Path keyFile = Path.of(options.required("--key"));
        String message = VoteMessage.text(
                LedgerOption.binding(options),
                options.required("--vote"),
                options.required("--proposal"),
                options.required("--validator"));
        byte[] seed = ValidatorKeyFiles.readPrivateKey(keyFile);
        if (options.has("--verbose")) {
            err.println("message signed: " + message);
        }
        out.println(HEX.formatHex(Ed25519.sign(seed, message.getBytes(StandardCharsets.UTF_8))));
        return ExitCode.OK;
    }

    private static int verifyVote(CommandOptions options, PrintStream out) {
        options.allowOnly(
                "--public-key", "--vote", "--proposal", "--validator", "--signature", "--ledger", "--node", "--legacy");
        String publicKey = options.required("--public-key");
        if (!ValidatorKey.isPublicKeyHex(publicKey)) {
            throw new IllegalArgumentException("--public-key must be 64 lower-case hex characters");
        }
        String signature = options.required("--signature");
        if (!SIGNATURE_HEX.matcher(signature).matches()) {
            throw new IllegalArgumentException("--signature must be 128 lower-case hex characters");
        }
        byte[] message = VoteMessage.bytes(
                LedgerOption.binding(options),
                options.required("--vote"),
                options.required("--proposal"),
                options.required("--validator"));
        boolean valid = Ed25519.verify(HEX.parseHex(publicKey), message, HEX.parseHex(signature));
        out.println(valid ? "valid" : "invalid");
        return valid ? ExitCode.OK : ExitCode.FAILED;
    }
}
