package ml.consensus.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicatedLogSettingsTests {

    private static final ClusterPeer A = new ClusterPeer("a", "127.0.0.1:9001", "http://a");
    private static final ClusterPeer B = new ClusterPeer("b", "127.0.0.1:9002", "http://b");
    private static final Path DIR = Path.of("data", "raft");

    @Test
    void shouldBindToTheNodesOwnRaftAddressUnlessToldOtherwise() {
        ReplicatedLogSettings settings = ReplicatedLogSettings.founding("c", A, List.of(A, B), DIR);

        assertThat(settings.bindAddress()).isEqualTo("127.0.0.1:9001");
        assertThat(settings.withBindAddress("0.0.0.0:9001").bindAddress()).isEqualTo("0.0.0.0:9001");
        assertThat(settings.timeouts()).isEqualTo(ReplicatedLogSettings.Timeouts.DEFAULT);
    }

    @Test
    void shouldRequireAFoundingNodeToBeOneOfTheInitialPeers() {
        assertThatThrownBy(() -> ReplicatedLogSettings.founding("c", A, List.of(B), DIR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("founding node");
    }

    @Test
    void shouldStartAJoiningNodeWithNoPeers() {
        ReplicatedLogSettings joining = ReplicatedLogSettings.joining("c", A, DIR);

        assertThat(joining.joining()).isTrue();
        assertThat(joining.initialPeers()).isEmpty();
        assertThatThrownBy(() -> new ReplicatedLogSettings(
                        "c", A, List.of(A, B), true, DIR, A.raftAddress(), ReplicatedLogSettings.Timeouts.DEFAULT))
                .hasMessageContaining("joining node starts with no peers");
    }

    @Test
    void shouldRefuseAPeerIdListedTwice() {
        ClusterPeer otherA = new ClusterPeer("a", "127.0.0.1:9003", "http://a2");

        assertThatThrownBy(() -> ReplicatedLogSettings.founding("c", A, List.of(A, otherA), DIR))
                .hasMessageContaining("listed twice");
    }

    @Test
    void shouldDeriveTheSameGroupFromTheSameClusterName() {
        ReplicatedLogSettings onA = ReplicatedLogSettings.founding("ledger", A, List.of(A, B), DIR);
        ReplicatedLogSettings onB = ReplicatedLogSettings.founding("ledger", B, List.of(A, B), DIR);
        ReplicatedLogSettings elsewhere = ReplicatedLogSettings.founding("other", A, List.of(A, B), DIR);

        assertThat(onA.groupUuid()).isEqualTo(onB.groupUuid()).isNotEqualTo(elsewhere.groupUuid());
        assertThatThrownBy(() -> ReplicatedLogSettings.founding(" ", A, List.of(A), DIR))
                .hasMessageContaining("name");
    }

    @Test
    void shouldRefuseTimeoutsThatCannotWork() {
        Duration second = Duration.ofSeconds(1);

        assertThatThrownBy(() -> new ReplicatedLogSettings.Timeouts(second, second, second, second))
                .hasMessageContaining("below electionMax");
        assertThatThrownBy(
                        () -> new ReplicatedLogSettings.Timeouts(second, second.multipliedBy(2), Duration.ZERO, second))
                .hasMessageContaining("append");
        assertThatThrownBy(() -> new ReplicatedLogSettings.Timeouts(null, second, second, second))
                .hasMessageContaining("electionMin");
    }
}
