/**
 * Cluster mode: independent nodes, each with its own ledger database, that agree on the order of
 * blocks through the replicated log of {@code ml.consensus.cluster} (Raft, Apache Ratis).
 *
 * <p>Writes sent to any node reach the leader ({@link ml.consensus.replication.WriteForwarding});
 * the leader's writer checks and mines the block and appends it to the log
 * ({@link ml.consensus.replication.ReplicatedBlockCommitter}); every node, leader included,
 * re-checks each committed block completely on top of its own ledger and stores it with the log
 * index in one transaction ({@link ml.consensus.replication.ReplicatedChain}), or refuses it and
 * halts. Active only when {@code consensus.cluster.node-id} is set; see docs/multi-node.md.
 */
package ml.consensus.replication;
