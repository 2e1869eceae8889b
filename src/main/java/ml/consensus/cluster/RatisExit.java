package ml.consensus.cluster;

import org.apache.ratis.util.ExitUtils;

/**
 * Keeps Ratis from ending the JVM. Ratis calls {@code System.exit} when its gRPC server cannot
 * start (a port in use, for one); embedded in a node, that would take the whole service down
 * without a word to its caller. With exits disabled Ratis throws instead, and the node's start
 * fails with an exception it can report.
 */
final class RatisExit {

    private static boolean disabled;

    private RatisExit() {}

    /** Idempotent; the JVM's own uncaught-exception handler stays in place. */
    static synchronized void disable() {
        if (disabled) {
            return;
        }
        // ExitUtils installs a default uncaught-exception handler of its own the first time it is
        // touched; put back whatever was there before.
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        ExitUtils.disableSystemExit();
        ExitUtils.setTerminateOnUncaughtException(false);
        Thread.setDefaultUncaughtExceptionHandler(previous);
        disabled = true;
    }
}
