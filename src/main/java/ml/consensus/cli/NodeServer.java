package ml.consensus.cli;

/** Starts the node (Spring, the database, the HTTP server) and returns once it serves. */
@FunctionalInterface
interface NodeServer {

    /** {@code springArgs} are Spring's own {@code --key=value} options, passed through untouched. */
    void start(String[] springArgs);
}
