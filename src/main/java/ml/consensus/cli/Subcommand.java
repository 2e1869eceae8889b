package ml.consensus.cli;

import java.io.PrintStream;

/**
 * One command of the command line: its word, the one-line summary the general help shows, and
 * what runs it. Every tool answers {@code --help} itself, so {@code help NAME} is {@code NAME --help}.
 */
record Subcommand(String name, String summary, Tool tool) {

    /** Runs a command on the arguments after its word; returns the exit code ({@link ExitCode}). */
    @FunctionalInterface
    interface Tool {
        int run(String[] args, PrintStream out, PrintStream err);
    }
}
