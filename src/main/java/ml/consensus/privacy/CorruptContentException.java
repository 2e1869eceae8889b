package ml.consensus.privacy;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file of the {@link ContentStore} whose content is not what its name promises: its hash is not
 * its name, it is larger than any valid content, or it does not parse. Carries the path and, for
 * a hash mismatch, the computed and the expected hash.
 */
public class CorruptContentException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    CorruptContentException(Path path, String message, Throwable cause) {
        super(path + ": " + message, cause);
        this.path = path;
    }

    /** The file that failed the check. */
    public Path path() {
        return path;
    }
}
