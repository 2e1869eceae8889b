package ml.consensus.cli;

import java.util.Optional;

import org.springframework.boot.web.server.PortInUseException;

/**
 * The one line that says why a node did not start. Spring wraps the cause in bean-creation and
 * context exceptions whose messages name beans, not the problem; the reason is the outermost
 * exception that is not Spring's own (a validator set file that does not parse, an export that
 * fails verification), or, for a port another process holds, which port and what to do.
 */
final class StartFailure {

    private StartFailure() {}

    /** One line, reason first: never a stack trace, never empty. */
    static String reason(Throwable failure) {
        Optional<PortInUseException> port = find(failure, PortInUseException.class);
        if (port.isPresent()) {
            return "port " + port.get().getPort() + " is already in use by another process: stop it, or start"
                    + " this node on another port with --server.port=N";
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (!t.getClass().getName().startsWith("org.springframework.") && t.getMessage() != null) {
                return firstLine(t.getMessage());
            }
        }
        // Only Spring had words for it: the outermost of them, which names what failed.
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return firstLine(t.getMessage());
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
