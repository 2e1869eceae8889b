package ml.consensus.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static ml.consensus.cluster.RecordingEntries.bytes;
import static ml.consensus.cluster.TestCluster.WAIT;
import static ml.consensus.cluster.TestCluster.awaitAppliedCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** Nodes stopping, restarting, cut off and refusing entries: each test with a cluster of its own. */
class ReplicatedLogFailureIntegrationTests {

    /** An append's own timeout plus room for a loaded machine: longer than this is a hang. */
    private static final long HANG_SECONDS = TestCluster.TIMEOUTS.append().toSeconds() + 5;

    @TempDir
    Path dir;

    @Test
    void shouldElectANewLeaderThatHasEveryCommittedEntryWhenTheLeaderStops() {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            TestNode first = cluster.awaitLeader();
            List<String> committed = appendInTurn(first, "before-", 5);
            TestNode survivor = cluster.othersThan(first).get(0);
            List<Optional<ClusterPeer>> heard = new CopyOnWriteArrayList<>();
            survivor.log().onLeaderChange(heard::add);

            first.stop();
            TestNode second = cluster.awaitLeader();

            assertThat(second).isNotSameAs(first);
            awaitAppliedCount(cluster.running(), committed.size());
            for (TestNode node : cluster.running()) {
                assertThat(node.entries().texts()).as("entries on %s", node).isEqualTo(committed);
            }
            await().atMost(WAIT).until(() -> heard.contains(Optional.of(second.peer())));
            second.log().append(bytes("after")).join();
            awaitAppliedCount(cluster.running(), committed.size() + 1);
            assertThat(survivor.entries().texts()).endsWith("after");
        }
    }

    @Test
    void shouldFailAnAppendWithinItsTimeoutOnALeaderWithoutAMajority() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            TestNode leader = cluster.awaitLeader();
            appendInTurn(leader, "before-", 1);
            List<TestNode> followers = cluster.othersThan(leader);
            followers.forEach(TestNode::stop);

            CompletableFuture<Long> alone = leader.log().append(bytes("alone"));
            Throwable failure = catchThrowable(() -> alone.get(HANG_SECONDS, TimeUnit.SECONDS));

            assertThat(failure).isInstanceOf(ExecutionException.class);
            assertThat(failure.getCause()).isInstanceOfAny(NotCommittedException.class, NotLeaderException.class);
            assertThat(leader.entries().texts()).doesNotContain("alone");

            // Healed: the three agree again, whether or not the old leader's entry made it.
            followers.forEach(TestNode::start);
            TestNode next = cluster.awaitLeader();
            next.log().append(bytes("healed")).get(HANG_SECONDS, TimeUnit.SECONDS);
            await().atMost(WAIT)
                    .until(() -> cluster.nodes().stream()
                            .allMatch(node -> node.entries().texts().contains("healed")));
            for (TestNode node : cluster.nodes()) {
                assertThat(node.entries().texts())
                        .as("entries on %s", node)
                        .isEqualTo(next.entries().texts());
            }
        }
    }

    @Test
    void shouldRefuseWritesOnACutOffNodeAndCatchItUpWhenTheCutHeals() {
        try (TestCluster cluster = TestCluster.startBehindProxies(dir, 3)) {
            TestNode leader = cluster.awaitLeader();
            TestNode cutOff = cluster.othersThan(leader).get(0);
            appendInTurn(leader, "before-", 1);
            awaitAppliedCount(cluster.nodes(), 1);

            cluster.proxyOf(cutOff).cut();
            List<String> duringCut = appendInTurn(leader, "during-", 5);

            assertThat(cutOff.entries().texts()).containsExactly("before-0");
            assertThat(catchThrowable(
                            () -> cutOff.log().append(bytes("minority")).join()))
                    .hasCauseInstanceOf(NotLeaderException.class);

            cluster.proxyOf(cutOff).heal();
            awaitAppliedCount(List.of(cutOff), 1 + duringCut.size());
            assertThat(cutOff.entries().texts()).isEqualTo(leader.entries().texts());
        }
    }

    @Test
    void shouldResumeAfterTheNodesLastAppliedEntryWhenItRestarts() {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            TestNode leader = cluster.awaitLeader();
            TestNode restarted = cluster.othersThan(leader).get(0);
            appendInTurn(leader, "a-", 4);
            awaitAppliedCount(List.of(restarted), 4);

            restarted.stop();
            appendInTurn(leader, "b-", 4);
            restarted.start();
            awaitAppliedCount(List.of(restarted), 8);

            // Each entry once: those applied before the stop are not handed over again.
            assertThat(restarted.entries().texts()).isEqualTo(leader.entries().texts());
            assertThat(restarted.entries().applyCalls())
                    .doesNotHaveDuplicates()
                    .isEqualTo(restarted.entries().applied().stream()
                            .map(RecordingEntries.Applied::index)
                            .toList());

            // A node whose data kept only its first 5 entries gets the other 3 again, and only those.
            restarted.stop();
            restarted.entries().keepFirst(5);
            List<Long> callsBefore = restarted.entries().applyCalls();
            restarted.start();
            awaitAppliedCount(List.of(restarted), 8);

            List<Long> indexes = leader.entries().applied().stream()
                    .map(RecordingEntries.Applied::index)
                    .toList();
            List<Long> callsAfter = restarted.entries().applyCalls();
            assertThat(callsAfter.subList(callsBefore.size(), callsAfter.size()))
                    .isEqualTo(indexes.subList(5, 8));
            assertThat(restarted.entries().texts()).isEqualTo(leader.entries().texts());
        }
    }

    @Test
    void shouldHaltOnlyTheNodeThatRefusesAnEntryAndResumeAtItAfterARestart() {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            TestNode leader = cluster.awaitLeader();
            TestNode refusing = cluster.othersThan(leader).get(0);
            TestNode healthy = cluster.othersThan(leader).get(1);
            refusing.entries().refusing("poison"::equals);

            leader.log().append(bytes("ok-1")).join();
            long poison = leader.log().append(bytes("poison")).join();
            leader.log().append(bytes("ok-2")).join();

            awaitAppliedCount(List.of(leader, healthy), 3);
            assertThat(healthy.entries().texts()).containsExactly("ok-1", "poison", "ok-2");
            await().atMost(WAIT).until(() -> refusing.log().halted().isPresent());
            Halt halt = refusing.log().halted().orElseThrow();
            assertThat(halt.index()).isEqualTo(poison);
            assertThat(halt.reason()).contains("poison");
            assertThat(refusing.entries().texts()).containsExactly("ok-1");
            assertThat(refusing.entries().applyCalls()).last().isEqualTo(poison);
            assertThat(catchThrowable(() -> refusing.log().append(bytes("x")).join()))
                    .hasCauseInstanceOf(LogHaltedException.class);
            assertThat(leader.log().halted()).isEmpty();

            // Its check fixed, the node restarts and resumes at the entry it refused.
            refusing.stop();
            refusing.entries().refusing(text -> false);
            refusing.start();
            awaitAppliedCount(List.of(refusing), 3);
            assertThat(refusing.entries().texts()).containsExactly("ok-1", "poison", "ok-2");
            assertThat(refusing.log().halted()).isEmpty();
        }
    }

    @Test
    void shouldHandLeadershipOnWhenTheLeaderRefusesAnEntry() {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            TestNode leader = cluster.awaitLeader();
            leader.entries().refusing("poison"::equals);

            Throwable failure =
                    catchThrowable(() -> leader.log().append(bytes("poison")).join());

            assertThat(failure).hasCauseInstanceOf(LogHaltedException.class);
            assertThat(((LogHaltedException) failure.getCause()).halt().reason())
                    .contains("poison");
            TestNode next = await().atMost(WAIT).until(cluster::awaitLeader, node -> node != leader);
            next.log().append(bytes("after")).join();
            List<TestNode> others = cluster.othersThan(leader);
            awaitAppliedCount(others, 2);
            others.forEach(node -> assertThat(node.entries().texts()).containsExactly("poison", "after"));
            assertThat(leader.entries().texts()).isEmpty();
            assertThat(leader.log().isLeader()).isFalse();
            assertThat(leader.log().halted()).isPresent();
        }
    }

    @Test
    void shouldNeverElectANodeThatHaltedWhileReplayingItsLogAtStartUp() {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            TestNode leader = cluster.awaitLeader();
            TestNode refusing = cluster.othersThan(leader).get(0);
            TestNode other = cluster.othersThan(leader).get(1);
            appendInTurn(leader, "entry-", 3);
            awaitAppliedCount(cluster.nodes(), 3);

            // The node lost its last two writes and now refuses one of them: it halts as it replays.
            refusing.stop();
            refusing.entries().keepFirst(1);
            refusing.entries().refusing("entry-1"::equals);
            refusing.start();
            await().atMost(WAIT).until(() -> refusing.log().halted().isPresent());

            leader.stop();
            TestNode next = cluster.awaitLeader();

            assertThat(next).isSameAs(other);
            next.log().append(bytes("after")).join();
            assertThat(refusing.log().isLeader()).isFalse();
            assertThat(refusing.entries().texts()).containsExactly("entry-0");
        }
    }

    @Test
    void shouldFailToStartWithAnExceptionWhenTheRaftPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ClusterPeer self = TestCluster.peer("solo", taken.getLocalPort());
            ReplicatedLogSettings settings = ReplicatedLogSettings.founding(
                            TestCluster.NAME, self, List.of(self), dir.resolve("solo"))
                    .withTimeouts(TestCluster.TIMEOUTS);

            // Left to itself Ratis would call System.exit here and take the test JVM with it.
            assertThatThrownBy(() -> ReplicatedLog.start(settings, new RecordingEntries()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("solo")
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
        }
    }

    /** Appends {@code count} entries one after the other, each waited for; returns their texts. */
    private static List<String> appendInTurn(TestNode leader, String prefix, int count) {
        List<String> texts = IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
        texts.forEach(text -> leader.log().append(bytes(text)).join());
        return texts;
    }
}
