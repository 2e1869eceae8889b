/**
 * The replicated log of independent nodes (issue 12): each node keeps its own ledger, and the
 * order of the blocks is agreed by Raft, through an Apache Ratis server embedded in the node.
 * Entries are opaque bytes here; the node gives them meaning (a mined block) and checks them.
 * Design note: {@code docs/cluster-log.md}.
 *
 * <h2>Use</h2>
 * A node starts a {@link ml.consensus.cluster.ReplicatedLog} with its
 * {@link ml.consensus.cluster.ReplicatedLogSettings} (its peer, the peers of the first
 * configuration, a storage directory of its own) and its
 * {@link ml.consensus.cluster.CommittedEntries}, which the log calls with every committed entry.
 * The leader takes writes ({@code append}, {@code appendAfter}); any other node refuses them with
 * {@link ml.consensus.cluster.NotLeaderException} naming the leader and its HTTP address, and the
 * node forwards its client's write there.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Committed</b> means stored in the Raft log of a majority of the voting members. An
 *       append's future completes with the entry's log index only once it is committed and the
 *       leader has applied it: that is what "acknowledged" means. A committed entry survives any
 *       minority of failures and is applied by every member, in its place.
 *   <li><b>Order.</b> Every node hands the same entries to its {@code CommittedEntries}, in the
 *       same order. Log indexes increase strictly but have gaps (the Raft log also holds
 *       configuration and commit-index entries, which are not handed over). Concurrent
 *       unconditional appends are ordered as the leader takes them, not as they were called.
 *   <li><b>Exactly once.</b> {@code apply} is called once per entry and node, from one thread.
 *       After a restart the log resumes after the node's own {@code lastApplied()}, which the node
 *       persists atomically with the entry's effects; a node that lost its last writes gets those
 *       entries again, and only those.
 *   <li><b>Built on the right state.</b> {@code appendAfter(lastApplied, entry)} is applied only
 *       if the entry at {@code lastApplied} is still the last applied one when its turn comes;
 *       otherwise every node passes over it alike and the append fails with
 *       {@link ml.consensus.cluster.StaleAppendException}. A new leader's appends wait until it
 *       has applied every entry committed before its term (Ratis: leader ready). Together these
 *       keep a block mined on an old head out of every ledger, across leader changes.
 *   <li><b>Halt, never skip.</b> If {@code apply} throws, the node applies nothing more and
 *       {@link ml.consensus.cluster.ReplicatedLog#halted()} says at which index and why. The
 *       halted node stops standing for election and steps down if it leads, so the others go on;
 *       it still stores the log. Restarted, it offers the refused entry again.
 *   <li><b>Minority.</b> A leader that hears from no majority steps down within the election
 *       timeout; its pending and new appends fail, within the append timeout, with
 *       {@link ml.consensus.cluster.NotCommittedException} or {@code NotLeaderException} (HTTP
 *       503). Such an outcome is unknown, not negative: the entry may still be committed by a
 *       later leader, and the node learns it only from {@code apply}. Nodes cut off from the
 *       majority refuse writes; once the cut heals they receive and apply what was committed.
 * </ul>
 *
 * <h2>Membership and catch-up</h2>
 * The first configuration comes from the founding nodes' settings; after that only
 * {@code addPeer} and {@code removePeer} change it (on the leader, driven by governance), each as
 * a compare-and-set of the configuration in force. A new node starts empty with
 * {@link ml.consensus.cluster.ReplicatedLogSettings#joining}, and after {@code addPeer} catches up
 * by <b>replaying the Raft log</b> from its first entry, checking each entry as it applies it.
 * No snapshots are taken and the log is never purged, so the leader always has every entry.
 * Limits: every node stores the whole history twice (its ledger, and the Raft log), a new node's
 * catch-up takes time proportional to the whole history and to the node's own checking, and a
 * node whose Raft storage is lost must be removed and added back empty (a voting member that
 * forgot what it acknowledged breaks Raft's safety).
 *
 * <h2>Threads</h2>
 * {@code CommittedEntries.apply} runs on the Raft server's apply thread: it must not wait for an
 * append. {@link ml.consensus.cluster.LeaderListener}s run on Raft threads and must return
 * quickly. {@code ReplicatedLog} is thread-safe.
 */
package ml.consensus.cluster;
