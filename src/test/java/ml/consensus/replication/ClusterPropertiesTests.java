package ml.consensus.replication;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import ml.consensus.cluster.ClusterPeer;
import ml.consensus.cluster.ReplicatedLogSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The consensus.cluster.* settings: the peer list's form, and the replicated log settings they give. */
class ClusterPropertiesTests {

    private static final List<String> PEERS = List.of(
            "n1@127.0.0.1:6001@http://127.0.0.1:5001",
            "n2@127.0.0.1:6002@http://127.0.0.1:5002",
            "n3@127.0.0.1:6003@http://127.0.0.1:5003");

    @Test
    void shouldReadAPeerAsIdRaftAddressAndHttpAddress() {
        assertThat(ClusterProperties.parsePeer(" n2@10.0.0.2:6000@http://10.0.0.2:5000 "))
                .isEqualTo(new ClusterPeer("n2", "10.0.0.2:6000", "http://10.0.0.2:5000"));
    }

    @Test
    void shouldRefuseAPeerWithoutItsThreeParts() {
        assertThatThrownBy(() -> ClusterProperties.parsePeer("n1@127.0.0.1:6001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id@raftHost:raftPort@httpUrl");
        assertThatThrownBy(() -> ClusterProperties.parsePeer("n1@127.0.0.1@http://127.0.0.1:5001"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFoundTheClusterWithEveryPeerAndTheGivenTimeouts() {
        ClusterProperties properties = new ClusterProperties(
                "n2", PEERS, null, null, null, false, Duration.ofMillis(700), Duration.ofMillis(1400), null);
        ReplicatedLogSettings settings = properties.logSettings(Path.of("/data/n2"));
        assertThat(settings.self().id()).isEqualTo("n2");
        assertThat(settings.initialPeers()).hasSize(3);
        assertThat(settings.joining()).isFalse();
        assertThat(settings.storageDir()).isEqualTo(Path.of("/data/n2/raft"));
        assertThat(settings.bindAddress()).isEqualTo("127.0.0.1:6002");
        assertThat(settings.clusterName()).isEqualTo("consensus-ml");
        assertThat(settings.timeouts().electionMin()).isEqualTo(Duration.ofMillis(700));
        assertThat(settings.timeouts().append()).isEqualTo(ReplicatedLogSettings.Timeouts.DEFAULT.append());
    }

    @Test
    void shouldBindWhereToldWhenTheAdvertisedAddressIsAProxys() {
        ClusterProperties properties =
                new ClusterProperties("n1", PEERS, "lab", "127.0.0.1:7001", null, false, null, null, null);
        ReplicatedLogSettings settings = properties.logSettings(Path.of("d"));
        assertThat(settings.bindAddress()).isEqualTo("127.0.0.1:7001");
        assertThat(settings.self().raftAddress()).isEqualTo("127.0.0.1:6001");
        assertThat(settings.clusterName()).isEqualTo("lab");
    }

    @Test
    void shouldRefuseANodeIdThatIsNotAPeer() {
        ClusterProperties properties = new ClusterProperties("n9", PEERS, null, null, null, false, null, null, null);
        assertThatThrownBy(() -> properties.logSettings(Path.of("d")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n9 is not one of consensus.cluster.peers");
    }
}
