package ml.consensus.cli;

import java.io.PrintStream;

/** Starts the node (Spring, the database, the HTTP server) and returns once it serves. */
@FunctionalInterface
interface NodeServer {

    /**
     * {@code springArgs} are Spring's own {@code --key=value} options, passed through untouched;
     * {@code err} gets the one line saying why, if the node cannot start.
     *
     * @throws RuntimeException if the node did not start (the reason already printed on {@code err})
     */
    void start(String[] springArgs, PrintStream err);
}
