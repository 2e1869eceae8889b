package ml.consensus.cluster;

import org.apache.ratis.protocol.RaftPeer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterPeerTests {

    @Test
    void shouldCarryItsHttpAddressThroughTheRaftPeer() {
        ClusterPeer peer = new ClusterPeer("node-1", "10.0.0.5:9870", "http://10.0.0.5:5000");

        RaftPeer raftPeer = peer.toRaftPeer();

        assertThat(raftPeer.getId().toString()).isEqualTo("node-1");
        assertThat(raftPeer.getAddress()).isEqualTo("10.0.0.5:9870");
        assertThat(ClusterPeer.of(raftPeer)).isEqualTo(peer);
    }

    @Test
    void shouldRefuseARaftPeerWithoutAnHttpAddress() {
        RaftPeer foreign =
                RaftPeer.newBuilder().setId("x").setAddress("127.0.0.1:1").build();

        assertThatThrownBy(() -> ClusterPeer.of(foreign))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no HTTP address");
    }

    @Test
    void shouldAcceptHostNamesAndBracketedIpv6() {
        assertThat(new ClusterPeer("a", "node-a.internal:9870", "http://a").raftAddress())
                .isEqualTo("node-a.internal:9870");
        assertThat(RaftAddress.parse("[::1]:9870")).isEqualTo(new RaftAddress("::1", 9870));
    }

    @Test
    void shouldRefuseIdsAndAddressesItCannotUse() {
        assertThatThrownBy(() -> new ClusterPeer("", "h:1", "http://h")).hasMessageContaining("peer id");
        assertThatThrownBy(() -> new ClusterPeer("-a", "h:1", "http://h")).hasMessageContaining("peer id");
        assertThatThrownBy(() -> new ClusterPeer("a b", "h:1", "http://h")).hasMessageContaining("peer id");
        assertThatThrownBy(() -> new ClusterPeer("a", "h", "http://h")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> new ClusterPeer("a", ":1", "http://h")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> new ClusterPeer("a", "h:x", "http://h")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> new ClusterPeer("a", "h:70000", "http://h")).hasMessageContaining("65535");
        assertThatThrownBy(() -> new ClusterPeer("a", "h:1", " ")).hasMessageContaining("HTTP address");
    }
}
