package ml.consensus.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code consensus-ml serve}, also what runs when no command is given: the node itself. Its
 * options are Spring's {@code --key=value} properties, passed through untouched; this class only
 * checks that they have that shape, so that {@code --server.port 5001} is refused with a hint
 * instead of being silently ignored by Spring.
 */
final class ServeCommand {

    static final String USAGE_TEXT = """
            usage: consensus-ml [serve] [--key=value ...]

            Runs a node until it is stopped: the REST API (port 5000 by default) over the ledger in
            ./data. Every option is a Spring property written --key=value, for example:

              --server.port=5000                    HTTP port
              --consensus.data-dir=./data           ledger database and model checkpoints
              --consensus.difficulty=16             proof-of-work bits per block (also the minimum every
                                                    stored block must meet)
              --consensus.validators-required=1     approvals needed to apply an update
              --consensus.validator-set-file=FILE   only the validators in FILE vote, each vote signed
              --consensus.restore-from=FILE         rebuild an empty ledger from an export, verified first

            README.md (Configuration) lists every property; environment variables such as
            SERVER_PORT work too.

            exit code: 1 if the node cannot start; otherwise it runs until it is stopped
            """;

    private ServeCommand() {}

    static boolean asksForHelp(String[] args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    /** Empty when every argument is a Spring option; otherwise why not. */
    static Optional<String> problemWith(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("--") || arg.length() == 2) {
                return Optional.of("unexpected argument: " + arg + " (serve takes Spring properties as --key=value)");
            }
        }
        return Optional.empty();
    }

    static int run(String[] args, PrintStream out, PrintStream err, NodeServer server) {
        if (asksForHelp(args)) {
            out.print(USAGE_TEXT);
            return ExitCode.OK;
        }
        Optional<String> problem = problemWith(args);
        if (problem.isPresent()) {
            err.println("error: " + problem.get());
            err.println("run `consensus-ml serve --help` for usage");
            return ExitCode.USAGE;
        }
        try {
            server.start(args, err);
        } catch (SpringNode.NodeDidNotStart e) {
            return ExitCode.FAILED;
        }
        return ExitCode.OK;
    }
}
