package ml.consensus.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** One node of a {@link TestCluster}: its settings, its data, and its log while it runs. */
final class TestNode {

    private final ReplicatedLogSettings settings;
    private RecordingEntries entries = new RecordingEntries();
    private volatile ReplicatedLog log;

    TestNode(ReplicatedLogSettings settings) {
        this.settings = settings;
    }

    String id() {
        return settings.self().id();
    }

    ClusterPeer peer() {
        return settings.self();
    }

    Path storageDir() {
        return settings.storageDir();
    }

    RecordingEntries entries() {
        return entries;
    }

    /** Replaces the node's data (before a start): a node that lost writes, or whose check changed. */
    void useEntries(RecordingEntries replacement) {
        this.entries = replacement;
    }

    TestNode start() {
        return start(entries);
    }

    /** Starts the log on other data than {@link #entries()} (the benchmark's checking entries). */
    TestNode start(CommittedEntries data) {
        try {
            log = ReplicatedLog.start(settings, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    void stop() {
        if (log != null) {
            log.close();
            log = null;
        }
    }

    boolean isRunning() {
        return log != null;
    }

    /** The running log; throws if the node is stopped. */
    ReplicatedLog log() {
        ReplicatedLog current = log;
        if (current == null) {
            throw new IllegalStateException("node " + id() + " is stopped");
        }
        return current;
    }

    @Override
    public String toString() {
        return id();
    }
}
