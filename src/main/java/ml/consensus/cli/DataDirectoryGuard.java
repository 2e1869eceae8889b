package ml.consensus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Remembers what a node's data directory held before the node started, so that a start that fails
 * leaves no half-made ledger behind (a genesis block and an H2 file that the next start would take
 * for a ledger). A directory that did not exist is removed with all it now holds; one that existed
 * but was empty is emptied again; one that held anything is never touched, since that may be a real
 * ledger.
 */
final class DataDirectoryGuard {

    private final Path dir;
    private final boolean existed;
    private final boolean wasEmpty;

    private DataDirectoryGuard(Path dir, boolean existed, boolean wasEmpty) {
        this.dir = dir;
        this.existed = existed;
        this.wasEmpty = wasEmpty;
    }

    /** Looks at {@code dir} now, before the node creates anything in it. */
    static DataDirectoryGuard before(Path dir) {
        if (!Files.exists(dir)) {
            return new DataDirectoryGuard(dir, false, true);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return new DataDirectoryGuard(dir, true, entries.findAny().isEmpty());
        } catch (IOException e) {
            // Unreadable or not a directory: the node will say so; there is nothing to undo.
            return new DataDirectoryGuard(dir, true, false);
        }
    }

    /** Removes what the failed start made; true when something was removed. */
    boolean undo() {
        if (!wasEmpty || !Files.exists(dir)) {
            return false;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            List<Path> deepestFirst = tree.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                if (existed && path.equals(dir)) {
                    continue;
                }
                Files.deleteIfExists(path);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the half-made data directory " + dir, e);
        }
    }

    Path dir() {
        return dir;
    }
}
