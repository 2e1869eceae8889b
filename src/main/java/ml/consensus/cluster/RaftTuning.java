package ml.consensus.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.TimeDuration;

/** The Ratis properties of one node, from its settings. */
final class RaftTuning {

    /**
     * A peer being added counts as caught up, and the new configuration is committed, once it is
     * within this many entries of the leader (Ratis's default, written down because the
     * membership timeout's javadoc refers to it).
     */
    static final int STAGING_GAP = 1000;

    private RaftTuning() {}

    static RaftProperties propertiesFor(ReplicatedLogSettings settings) {
        RaftProperties properties = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(
                properties, List.of(settings.storageDir().toFile()));

        RaftAddress bind = RaftAddress.parse(settings.bindAddress());
        GrpcConfigKeys.Server.setHost(properties, bind.host());
        GrpcConfigKeys.Server.setPort(properties, bind.port());

        ReplicatedLogSettings.Timeouts timeouts = settings.timeouts();
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, millis(timeouts.electionMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, millis(timeouts.electionMax()));
        RaftServerConfigKeys.setStagingCatchupGap(properties, STAGING_GAP);

        // The log is the whole history and is never purged: a follower that is behind, or a new
        // node, catches up by replaying it, checking every entry as it applies it. No snapshot
        // is taken, and a leader never tries to send one (it would have nothing to send).
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, false);
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(properties, false);
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(properties, false);
        return properties;
    }

    private static TimeDuration millis(Duration duration) {
        return TimeDuration.valueOf(duration.toMillis(), TimeUnit.MILLISECONDS);
    }
}
