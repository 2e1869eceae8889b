package ml.consensus.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The jar's entry point, {@code java -jar consensus-ml.jar <command> [options]}: serve, demo,
 * keygen, public-key, sign, verify-vote, export, verify, help, --version. With no command, or
 * with Spring options only ({@code --server.port=5001}), it serves, so that {@code java -jar}
 * keeps starting the node. Each command is one of the existing tools; this class only picks it.
 * Nothing but {@code serve} and {@code demo} starts Spring.
 *
 * <p>Exit codes are {@link ExitCode}'s: 0 success, 1 the answer is no (invalid ledger or signature,
 * failed demo), 2 usage error, 3 a file or node that cannot be read or written.
 */
public final class ConsensusMlCommand {

    private static final Set<String> HELP = Set.of("help", "--help", "-h");
    private static final Set<String> VERSION = Set.of("version", "--version", "-V");

    private final PrintStream out;
    private final PrintStream err;
    private final List<Subcommand> commands;

    ConsensusMlCommand(PrintStream out, PrintStream err, NodeServer server) {
        this.out = out;
        this.err = err;
        this.commands = List.of(
                new Subcommand(
                        "serve",
                        "run a node (the default when no command is given)",
                        (args, o, e) -> ServeCommand.run(args, o, e, server)),
                new Subcommand("demo", "the fever-batch demo on a fresh temporary ledger", FeverDemo::run),
                new Subcommand("keygen", "make a validator's Ed25519 key pair", validatorTool("keygen")),
                new Subcommand(
                        "public-key",
                        "print the public key of a validator's private key file",
                        validatorTool("public-key")),
                new Subcommand("sign", "sign a vote with a validator's private key", validatorTool("sign")),
                new Subcommand("verify-vote", "check one vote signature", validatorTool("verify-vote")),
                new Subcommand("export", "save a running node's ledger (GET /export) to a file", ExportCommand::run),
                new Subcommand(
                        "verify",
                        "verify an export or a running node with only the validators' public keys",
                        OfflineVerifier::run));
    }

    public static void main(String[] args) {
        int exitCode = new ConsensusMlCommand(System.out, System.err, SpringNode::start).run(args);
        // A started node lives on in Spring's threads; every other command is done, as is a node that failed.
        if (!startsNode(args) || exitCode != ExitCode.OK) {
            System.exit(exitCode);
        }
    }

    /** Whether {@code args} start a node (and so must not end in an exit). */
    static boolean startsNode(String[] args) {
        if (!isServe(args)) {
            return false;
        }
        String[] springArgs = serveArgs(args);
        return !ServeCommand.asksForHelp(springArgs)
                && ServeCommand.problemWith(springArgs).isEmpty();
    }

    /** Runs the command {@code args} name and returns its exit code; {@code serve} returns once the node is up. */
    int run(String[] args) {
        String word = isServe(args) ? "serve" : args[0];
        String[] rest = isServe(args) ? serveArgs(args) : Arrays.copyOfRange(args, 1, args.length);
        if (HELP.contains(word)) {
            return help(rest);
        }
        if (VERSION.contains(word)) {
            out.println("consensus-ml " + BuildVersion.current());
            return ExitCode.OK;
        }
        Optional<Subcommand> command = find(word);
        if (command.isEmpty()) {
            err.println("error: unknown command: " + word);
            err.print(generalHelp());
            return ExitCode.USAGE;
        }
        return command.get().tool().run(rest, out, err);
    }

    /** No command, a word that is serve, or Spring options straight away ({@code --server.port=5001}). */
    private static boolean isServe(String[] args) {
        return args.length == 0
                || "serve".equals(args[0])
                || (args[0].startsWith("--") && !HELP.contains(args[0]) && !VERSION.contains(args[0]));
    }

    private static String[] serveArgs(String[] args) {
        return args.length > 0 && "serve".equals(args[0]) ? Arrays.copyOfRange(args, 1, args.length) : args;
    }

    /** {@code help}: the list of commands; {@code help NAME}: that command's own usage. */
    private int help(String[] rest) {
        if (rest.length == 0) {
            out.print(generalHelp());
            return ExitCode.OK;
        }
        Optional<Subcommand> command = rest.length == 1 ? find(rest[0]) : Optional.empty();
        if (command.isEmpty()) {
            err.println("error: no such command: " + String.join(" ", rest));
            err.print(generalHelp());
            return ExitCode.USAGE;
        }
        return command.get().tool().run(new String[] {"--help"}, out, err);
    }

    private Optional<Subcommand> find(String word) {
        return commands.stream().filter(c -> c.name().equals(word)).findFirst();
    }

    String generalHelp() {
        StringBuilder text = new StringBuilder("""
                usage: java -jar consensus-ml.jar [command] [options]

                Consensus ML: a model that changes only when validators agree, on a proof-of-work ledger
                that anyone can verify.

                commands:
                """);
        for (Subcommand command : commands) {
            text.append(String.format("  %-12s %s%n", command.name(), command.summary()));
        }
        text.append("""
                  help [NAME]  this text, or the usage of command NAME (same as NAME --help)
                  --version    print the version

                With no command, or with Spring options only (--server.port=5001), it serves.

                exit codes: 0 success, 1 the answer is no (invalid ledger or signature, failed demo),
                            2 usage error, 3 a file or node that cannot be read or written
                """);
        return text.toString();
    }

    private static Subcommand.Tool validatorTool(String word) {
        return (args, out, err) -> {
            String[] withWord = new String[args.length + 1];
            withWord[0] = word;
            System.arraycopy(args, 0, withWord, 1, args.length);
            return ValidatorTool.run(withWord, out, err);
        };
    }
}
