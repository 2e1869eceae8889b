package ml.consensus.cluster;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.LeaderElectionManagementRequest;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * Builds the requests a node hands to its own Raft server. They never go through a Ratis client:
 * a node that does not lead refuses the write instead of having Ratis forward it, because client
 * writes are forwarded over HTTP by the node itself. One client id per log, each call numbered,
 * so that Ratis's retry cache never mistakes two appends for one.
 */
final class LocalRequests {

    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private final RaftPeerId serverId;
    private final RaftGroupId groupId;

    LocalRequests(RaftPeerId serverId, RaftGroupId groupId) {
        this.serverId = serverId;
        this.groupId = groupId;
    }

    RaftClientRequest write(StagedEntry entry) {
        return RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(serverId)
                .setGroupId(groupId)
                .setCallId(callIds.incrementAndGet())
                .setMessage(Message.valueOf(ByteString.copyFrom(entry.toBytes())))
                .setType(RaftClientRequest.writeRequestType())
                .build();
    }

    /** Replaces the members with {@code newPeers}, provided they still are {@code currentPeers}. */
    SetConfigurationRequest changeMembers(List<RaftPeer> currentPeers, List<RaftPeer> newPeers) {
        return new SetConfigurationRequest(
                clientId,
                serverId,
                groupId,
                callIds.incrementAndGet(),
                SetConfigurationRequest.Arguments.newBuilder()
                        .setServersInCurrentConf(currentPeers)
                        .setServersInNewConf(newPeers)
                        .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
                        .build());
    }

    /** Keeps this server from standing for election until resumed. */
    LeaderElectionManagementRequest pauseElections() {
        return LeaderElectionManagementRequest.newPause(clientId, serverId, groupId, callIds.incrementAndGet());
    }

    /** Asks this server, if it leads, to step down without naming a successor. */
    TransferLeadershipRequest stepDown(long timeoutMs) {
        return new TransferLeadershipRequest(clientId, serverId, groupId, callIds.incrementAndGet(), null, timeoutMs);
    }
}
