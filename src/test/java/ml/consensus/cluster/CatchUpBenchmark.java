package ml.consensus.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * How fast the replicated log commits and how fast a node catches up, on real servers on
 * loopback. Not a test: run it by hand (see docs/cluster-log.md) and read the figures it prints.
 *
 * <p>Each entry carries the SHA-256 of the entry before it, and the joining node checks that
 * link for every entry as it applies it, standing in for the node's own block checks (a block's
 * hashes and proof of work cost about as much; replaying a model update costs far more, and
 * bounds a real node's catch-up on its own).
 *
 * <p>Arguments: number of entries (default 20000), bytes per entry (default 2048).
 */
public final class CatchUpBenchmark {

    private static final int SEQUENTIAL = 200;
    private static final int WINDOW = 200;

    private CatchUpBenchmark() {}

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int entryBytes = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
        Path dir = Files.createTempDirectory("cluster-benchmark");
        // The production election timeouts: the tests' shorter ones can call an election when
        // three servers and the benchmark share two busy cores.
        ReplicatedLogSettings.Timeouts timeouts = new ReplicatedLogSettings.Timeouts(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(5));
        try (TestCluster cluster = TestCluster.start(dir, 3, timeouts)) {
            TestNode leader = cluster.awaitLeader();
            ChainedEntries chain = new ChainedEntries(entryBytes);

            long[] latencies = new long[SEQUENTIAL];
            for (int i = 0; i < SEQUENTIAL; i++) {
                long start = System.nanoTime();
                leader.log().append(chain.next()).join();
                latencies[i] = System.nanoTime() - start;
            }
            Arrays.sort(latencies);
            System.out.printf(
                    "sequential appends, each waited for: %d of %d bytes, median %.1f ms, p99 %.1f ms%n",
                    SEQUENTIAL, entryBytes, latencies[SEQUENTIAL / 2] / 1e6, latencies[SEQUENTIAL * 99 / 100] / 1e6);

            long start = System.nanoTime();
            for (int done = 0; done < entries; done += WINDOW) {
                List<CompletableFuture<Long>> window = new ArrayList<>();
                for (int i = 0; i < Math.min(WINDOW, entries - done); i++) {
                    window.add(leader.log().append(chain.next()));
                }
                window.forEach(CompletableFuture::join);
            }
            report("pipelined appends, " + WINDOW + " in flight", entries, entryBytes, System.nanoTime() - start);

            int total = SEQUENTIAL + entries;
            ChainCheckingEntries checking = new ChainCheckingEntries();
            TestNode joining = cluster.joining("n4").start(checking);
            start = System.nanoTime();
            leader.log().addPeer(joining.peer()).join();
            awaitApplied(checking, total);
            report(
                    "catch-up of a node joining empty, every link checked",
                    total,
                    entryBytes,
                    System.nanoTime() - start);

            // The same node replays its own stored log from the first entry, as after losing its data.
            joining.stop();
            ChainCheckingEntries fresh = new ChainCheckingEntries();
            start = System.nanoTime();
            joining.start(fresh);
            awaitApplied(fresh, total);
            report(
                    "replay of the node's own stored log after its data was lost",
                    total,
                    entryBytes,
                    System.nanoTime() - start);
        } finally {
            deleteTree(dir);
        }
    }

    private static void awaitApplied(ChainCheckingEntries entries, int count) {
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> entries.count() >= count);
        if (entries.broken() != null) {
            throw new IllegalStateException(entries.broken());
        }
    }

    private static void report(String what, int count, int entryBytes, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf(
                "%s: %d entries in %.2f s = %.0f entries/s, %.1f MiB/s%n",
                what, count, seconds, count / seconds, count * (double) entryBytes / (1 << 20) / seconds);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    /** Entries of a fixed size, each starting with the SHA-256 of the one before. */
    private static final class ChainedEntries {

        private final int size;
        private byte[] previousHash = new byte[32];
        private long sequence;

        ChainedEntries(int size) {
            this.size = size;
        }

        byte[] next() {
            byte[] entry = new byte[size];
            ByteBuffer.wrap(entry).put(previousHash).putLong(sequence++);
            previousHash = sha256().digest(entry);
            return entry;
        }
    }

    /** Checks each entry's link to the one before it, as a node checks a block's parent hash. */
    private static final class ChainCheckingEntries implements CommittedEntries {

        private byte[] previousHash = new byte[32];
        private volatile long lastApplied;
        // Written by the apply thread only, read by the benchmark thread.
        private final AtomicInteger count = new AtomicInteger();
        private volatile String broken;

        @Override
        public void apply(long index, byte[] entry) throws EntryRefusedException {
            if (!Arrays.equals(previousHash, 0, 32, entry, 0, 32)) {
                broken = "entry at " + index + " does not link to the entry before it";
                throw new EntryRefusedException(broken);
            }
            previousHash = sha256().digest(entry);
            lastApplied = index;
            count.incrementAndGet();
        }

        @Override
        public long lastApplied() {
            return lastApplied;
        }

        int count() {
            return count.get();
        }

        String broken() {
            return broken;
        }
    }
}
