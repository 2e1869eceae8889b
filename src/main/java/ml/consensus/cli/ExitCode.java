package ml.consensus.cli;

/**
 * The exit codes of every {@code consensus-ml} command, the same for all of them so that a script
 * can tell "the answer is no" from "the question was wrong" from "the data could not be reached".
 * Every command of this package returns one of these.
 */
public final class ExitCode {

    /** The command did what was asked; for {@code verify} and {@code verify-vote}: valid. */
    public static final int OK = 0;
    /** The answer is no: the ledger or the signature is invalid, or the demo failed. */
    public static final int FAILED = 1;
    /** Bad arguments or malformed input: unknown command or option, missing value, a file that is not what it should be. */
    public static final int USAGE = 2;
    /** A file could not be read or written, or a node could not be reached or did not answer as it should. */
    public static final int IO_ERROR = 3;

    private ExitCode() {}
}
