package ml.consensus.replication;

import java.util.Optional;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import ml.consensus.cluster.ClusterPeer;
import ml.consensus.cluster.Halt;
import ml.consensus.cluster.ReplicatedLog;

/**
 * The cluster's part of {@code /actuator/health}: DOWN with the reason when this node refused a
 * committed block and halted (it stores nothing more until it is restarted), otherwise UP with
 * its role, the leader it knows, the members and the last applied log entry.
 */
@Component("clusterHealthIndicator")
@ConditionalOnExpression("!'${consensus.cluster.node-id:}'.isEmpty()")
class ClusterHealthIndicator implements HealthIndicator {

    private final ClusterNode node;

    ClusterHealthIndicator(ClusterNode node) {
        this.node = node;
    }

    @Override
    public Health health() {
        Optional<ReplicatedLog> running = node.running();
        if (running.isEmpty()) {
            return Health.outOfService()
                    .withDetail("node_id", node.self().id())
                    .withDetail("reason", "the replicated log is not running")
                    .build();
        }
        ReplicatedLog replicated = running.get();
        Optional<Halt> halt = replicated.halted();
        Health.Builder health = halt.isPresent() ? Health.down() : Health.up();
        health.withDetail("node_id", node.self().id())
                .withDetail("role", replicated.isLeader() ? "leader" : "follower")
                .withDetail("leader", replicated.leader().map(ClusterPeer::id).orElse(""))
                .withDetail(
                        "members",
                        replicated.members().stream().map(ClusterPeer::id).toList())
                .withDetail("last_applied", replicated.lastApplied());
        halt.ifPresent(h -> health.withDetail("halted_at_entry", h.index()).withDetail("reason", h.reason()));
        return health.build();
    }
}
