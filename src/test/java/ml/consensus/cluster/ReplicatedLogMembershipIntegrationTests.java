package ml.consensus.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static ml.consensus.cluster.RecordingEntries.bytes;
import static ml.consensus.cluster.TestCluster.awaitAppliedCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Adding a node that joins empty and catches up, and removing one. */
class ReplicatedLogMembershipIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(ReplicatedLogMembershipIntegrationTests.class);
    private static final int HISTORY = 2000;
    private static final int ENTRY_BYTES = 512;

    @TempDir
    Path dir;

    @Test
    void shouldCatchUpANodeThatJoinsEmptyByReplayingTheLog() {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            TestNode leader = cluster.awaitLeader();
            appendHistory(leader);
            TestNode joining = cluster.startJoining("n4");
            assertThat(joining.log().members()).isEmpty();

            long start = System.nanoTime();
            leader.log().addPeer(joining.peer()).join();
            awaitAppliedCount(List.of(joining), HISTORY);
            long elapsedNanos = System.nanoTime() - start;

            double seconds = elapsedNanos / 1e9;
            log.info(
                    "catch-up of a joining node: {} entries of {} bytes in {} ms: {} entries/s, {} KiB/s",
                    HISTORY,
                    ENTRY_BYTES,
                    Math.round(seconds * 1000),
                    Math.round(HISTORY / seconds),
                    Math.round(HISTORY * (double) ENTRY_BYTES / 1024 / seconds));
            assertThat(joining.entries().applied()).isEqualTo(leader.entries().applied());
            assertThat(leader.log().members()).extracting(ClusterPeer::id).containsExactly("n1", "n2", "n3", "n4");
            assertThat(joining.log().members()).isEqualTo(leader.log().members());
            assertThat(joining.log().leader()).contains(leader.peer());
            leader.log().addPeer(joining.peer()).join();
            ClusterPeer otherAddresses = new ClusterPeer("n4", joining.peer().raftAddress(), "http://elsewhere:5000");
            assertThat(catchThrowable(() -> leader.log().addPeer(otherAddresses).join()))
                    .hasCauseInstanceOf(MembershipChangeException.class)
                    .hasMessageContaining("already a member");
            assertThat(leader.log().members()).hasSize(4);

            leader.log().append(bytes("after-join")).join();
            awaitAppliedCount(cluster.nodes(), HISTORY + 1);
            cluster.nodes().forEach(node -> assertThat(node.entries().texts()).endsWith("after-join"));
        }
    }

    @Test
    void shouldRemoveAPeerSoThatItNoLongerCountsTowardsTheMajority() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            TestNode leader = cluster.awaitLeader();
            TestNode removed = cluster.othersThan(leader).get(0);
            TestNode kept = cluster.othersThan(leader).get(1);

            leader.log().removePeer(removed.id()).join();

            assertThat(leader.log().members())
                    .extracting(ClusterPeer::id)
                    .containsExactlyInAnyOrder(leader.id(), kept.id());
            assertThat(catchThrowable(
                            () -> leader.log().removePeer(removed.id()).join()))
                    .hasCauseInstanceOf(MembershipChangeException.class);
            leader.log().append(bytes("after-removal")).join();
            awaitAppliedCount(List.of(kept), 1);

            // The removed node still runs, but with the kept one gone the leader has no majority.
            kept.stop();
            Throwable failure = catchThrowable(() -> leader.log()
                    .append(bytes("no-majority"))
                    .get(TestCluster.TIMEOUTS.append().toSeconds() + 5, TimeUnit.SECONDS));
            assertThat(failure).isInstanceOf(ExecutionException.class);
            assertThat(failure.getCause()).isInstanceOfAny(NotCommittedException.class, NotLeaderException.class);
            assertThat(removed.entries().texts()).doesNotContain("after-removal", "no-majority");
        }
    }

    /** {@value #HISTORY} entries, appended 100 at a time, the way a busy leader takes them. */
    private static void appendHistory(TestNode leader) {
        String padding = "x".repeat(ENTRY_BYTES - 16);
        for (int batch = 0; batch < HISTORY / 100; batch++) {
            List<CompletableFuture<Long>> appends = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                appends.add(leader.log().append(bytes(String.format("%08d-%s", batch * 100 + i, padding))));
            }
            appends.forEach(CompletableFuture::join);
        }
    }
}
