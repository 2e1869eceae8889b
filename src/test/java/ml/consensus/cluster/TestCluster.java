package ml.consensus.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;

/**
 * Real Ratis servers on loopback, on free ports, with their storage under one temporary
 * directory: the nodes of one cluster, started in-process. Election timeouts of a few hundred
 * milliseconds keep the tests short.
 */
final class TestCluster implements AutoCloseable {

    static final String NAME = "test-cluster";
    static final ReplicatedLogSettings.Timeouts TIMEOUTS = new ReplicatedLogSettings.Timeouts(
            Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofSeconds(2), Duration.ofSeconds(30));
    /** Long enough for an election or two on a loaded machine, short enough to fail fast. */
    static final Duration WAIT = Duration.ofSeconds(20);

    static {
        // Without a logback configuration on the test class path logback logs everything at DEBUG;
        // Ratis's INFO lines alone would drown the test output.
        if (LoggerFactory.getLogger("org.apache.ratis") instanceof ch.qos.logback.classic.Logger ratis) {
            ratis.setLevel(Level.valueOf(System.getProperty("ratis.log", "WARN")));
        }
    }

    private final Path root;
    private final ReplicatedLogSettings.Timeouts timeouts;
    private final List<TestNode> nodes = new ArrayList<>();
    private final List<LoopbackProxy> proxies = new ArrayList<>();

    private TestCluster(Path root, ReplicatedLogSettings.Timeouts timeouts) {
        this.root = root;
        this.timeouts = timeouts;
    }

    /** {@code size} founding nodes, started. */
    static TestCluster start(Path root, int size) {
        return start(root, size, false, TIMEOUTS);
    }

    /** {@code size} founding nodes with other timeouts than the tests' (the benchmark's), started. */
    static TestCluster start(Path root, int size, ReplicatedLogSettings.Timeouts timeouts) {
        return start(root, size, false, timeouts);
    }

    /**
     * {@code size} founding nodes, started, each reached by the others through a
     * {@link LoopbackProxy} that {@link #proxyOf} can cut.
     */
    static TestCluster startBehindProxies(Path root, int size) {
        return start(root, size, true, TIMEOUTS);
    }

    private static TestCluster start(Path root, int size, boolean proxied, ReplicatedLogSettings.Timeouts timeouts) {
        // A free port is picked before it is bound, so another process on the machine (a parallel
        // build, another test JVM) can take it in between: start again on fresh ports then.
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(root.resolve("attempt-" + attempt), size, proxied, timeouts);
            } catch (UncheckedIOException e) {
                if (attempt == 3 || !portTaken(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static TestCluster startOnce(
            Path root, int size, boolean proxied, ReplicatedLogSettings.Timeouts timeouts) {
        TestCluster cluster = new TestCluster(root, timeouts);
        List<ClusterPeer> peers = new ArrayList<>();
        List<Integer> bindPorts = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            int bindPort = freePort();
            int advertisedPort = bindPort;
            if (proxied) {
                LoopbackProxy proxy = LoopbackProxy.start(freePort(), bindPort);
                cluster.proxies.add(proxy);
                advertisedPort = proxy.port();
            }
            bindPorts.add(bindPort);
            peers.add(peer("n" + i, advertisedPort));
        }
        for (int i = 0; i < size; i++) {
            ClusterPeer self = peers.get(i);
            ReplicatedLogSettings settings = ReplicatedLogSettings.founding(NAME, self, peers, root.resolve(self.id()))
                    .withBindAddress("127.0.0.1:" + bindPorts.get(i))
                    .withTimeouts(timeouts);
            cluster.nodes.add(new TestNode(settings));
        }
        try {
            cluster.nodes.forEach(TestNode::start);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts a node that joins empty; it becomes a member once the leader adds it. */
    TestNode startJoining(String id) {
        return joining(id).start();
    }

    /** A node that will join empty, not started yet. */
    TestNode joining(String id) {
        ClusterPeer self = peer(id, freePort());
        ReplicatedLogSettings settings =
                ReplicatedLogSettings.joining(NAME, self, root.resolve(id)).withTimeouts(timeouts);
        TestNode node = new TestNode(settings);
        nodes.add(node);
        return node;
    }

    static ClusterPeer peer(String id, int raftPort) {
        return new ClusterPeer(id, "127.0.0.1:" + raftPort, "http://" + id + ".test:5000");
    }

    TestNode node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    List<TestNode> nodes() {
        return List.copyOf(nodes);
    }

    List<TestNode> running() {
        return nodes.stream().filter(TestNode::isRunning).toList();
    }

    /** The proxy in front of the {@code i}-th founding node (from 0), for a cluster started behind proxies. */
    LoopbackProxy proxyOf(TestNode node) {
        return proxies.get(nodes.indexOf(node));
    }

    /** Waits until one running node leads and every running member names it. */
    TestNode awaitLeader() {
        return await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(this::agreedLeader, Optional::isPresent)
                .orElseThrow();
    }

    private Optional<TestNode> agreedLeader() {
        List<TestNode> leaders =
                running().stream().filter(n -> n.log().isLeader()).toList();
        if (leaders.size() != 1) {
            return Optional.empty();
        }
        TestNode leader = leaders.get(0);
        boolean agreed = running().stream()
                .filter(n -> !n.log().members().isEmpty() && n.log().halted().isEmpty())
                .allMatch(n -> n.log()
                        .leader()
                        .map(ClusterPeer::id)
                        .filter(leader.id()::equals)
                        .isPresent());
        return agreed ? Optional.of(leader) : Optional.empty();
    }

    List<TestNode> othersThan(TestNode node) {
        return running().stream().filter(n -> n != node).toList();
    }

    /** Waits until each of {@code nodes} has applied at least {@code count} entries. */
    static void awaitAppliedCount(List<TestNode> nodes, int count) {
        for (TestNode node : nodes) {
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> node.entries().size() >= count);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every node, all at once: a Ratis server can take a second to close. */
    @Override
    public void close() {
        CompletableFuture.allOf(nodes.stream()
                        .map(node -> CompletableFuture.runAsync(() -> stopQuietly(node)))
                        .toArray(CompletableFuture[]::new))
                .join();
        proxies.forEach(LoopbackProxy::close);
    }

    private static void stopQuietly(TestNode node) {
        try {
            node.stop();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(TestCluster.class).warn("stopping {} failed", node, e);
        }
    }
}
