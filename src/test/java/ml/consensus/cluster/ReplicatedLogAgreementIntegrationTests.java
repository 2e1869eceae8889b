package ml.consensus.cluster;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static ml.consensus.cluster.RecordingEntries.bytes;
import static ml.consensus.cluster.TestCluster.awaitAppliedCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Three nodes in steady state, one cluster for the whole class (no test here stops a node or
 * halts one): every node applies the same entries in the same order, and writes go to the leader.
 */
class ReplicatedLogAgreementIntegrationTests {

    @TempDir
    static Path dir;

    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start(dir, 3);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void shouldApplyTheSameEntriesInTheSameOrderOnEveryNode() {
        TestNode leader = cluster.awaitLeader();
        int before = leader.entries().size();
        List<String> texts = IntStream.range(0, 30).mapToObj(i -> "entry-" + i).toList();
        // All in flight at once: the leader orders them as it takes them, the same for every node.
        Map<String, CompletableFuture<Long>> appends = new LinkedHashMap<>();
        texts.forEach(text -> appends.put(text, leader.log().append(bytes(text))));
        List<RecordingEntries.Applied> appended = appends.entrySet().stream()
                .map(append -> new RecordingEntries.Applied(append.getValue().join(), append.getKey()))
                .sorted(Comparator.comparingLong(RecordingEntries.Applied::index))
                .toList();

        awaitAppliedCount(cluster.nodes(), before + texts.size());
        assertThat(appended).extracting(RecordingEntries.Applied::index).doesNotHaveDuplicates();
        List<RecordingEntries.Applied> onLeader = leader.entries().applied();
        assertThat(onLeader.subList(before, onLeader.size())).isEqualTo(appended);
        for (TestNode node : cluster.nodes()) {
            assertThat(node.entries().applied()).as("entries on %s", node).isEqualTo(onLeader);
            assertThat(node.entries().applyCalls())
                    .as("apply calls on %s", node)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldRefuseAnAppendOnAFollowerNamingTheLeader() {
        TestNode leader = cluster.awaitLeader();
        TestNode follower = cluster.othersThan(leader).get(0);
        int before = follower.entries().size();

        Throwable failure =
                catchThrowable(() -> follower.log().append(bytes("not here")).join());

        assertThat(failure).isInstanceOf(CompletionException.class).hasCauseInstanceOf(NotLeaderException.class);
        NotLeaderException notLeader = (NotLeaderException) failure.getCause();
        assertThat(notLeader.leader()).contains(leader.peer());
        assertThat(notLeader)
                .hasMessageContaining(leader.id())
                .hasMessageContaining(leader.peer().httpAddress());
        assertThat(follower.log().isLeader()).isFalse();
        assertThat(follower.log().leader()).contains(leader.peer());
        assertThat(follower.entries().size()).isEqualTo(before);
    }

    @Test
    void shouldPassOverAnEntryBuiltOnAnOlderStateOnEveryNode() {
        TestNode leader = cluster.awaitLeader();
        long base = leader.log()
                .appendAfter(leader.entries().lastApplied(), bytes("base"))
                .join();

        // Two entries built on the same state, both in flight: the log takes one first, and every
        // node then finds the other built on a state that is gone, and passes over it.
        CompletableFuture<Long> left = leader.log().appendAfter(base, bytes("left"));
        CompletableFuture<Long> right = leader.log().appendAfter(base, bytes("right"));
        CompletableFuture.allOf(left, right).exceptionally(failure -> null).join();
        assertThat(List.of(left, right))
                .filteredOn(CompletableFuture::isCompletedExceptionally)
                .hasSize(1);
        CompletableFuture<Long> winner = left.isCompletedExceptionally() ? right : left;
        CompletableFuture<Long> loser = winner == left ? right : left;
        String winnerText = winner == left ? "left" : "right";
        Throwable stale = catchThrowable(loser::join).getCause();
        assertThat(stale).isInstanceOf(StaleAppendException.class);
        assertThat(((StaleAppendException) stale).expectedLast()).isEqualTo(base);
        assertThat(((StaleAppendException) stale).actualLast()).isEqualTo(winner.join());

        // One built on a state this leader has already moved past is turned down before it is staged.
        Throwable late = catchThrowable(
                () -> leader.log().appendAfter(base, bytes("late")).join());
        assertThat(late).hasCauseInstanceOf(StaleAppendException.class);

        long next = leader.log().appendAfter(winner.join(), bytes("next")).join();
        assertThat(next).isGreaterThan(winner.join());
        awaitAppliedCount(cluster.nodes(), leader.entries().size());
        for (TestNode node : cluster.nodes()) {
            List<String> texts = node.entries().texts();
            assertThat(texts.subList(texts.indexOf("base"), texts.size()))
                    .as("entries on %s", node)
                    .containsExactly("base", winnerText, "next");
        }
    }

    @Test
    void shouldRefuseAConditionalEntryWithANegativeIndex() {
        TestNode leader = cluster.awaitLeader();

        assertThat(catchThrowable(() -> leader.log().appendAfter(-1, bytes("x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
