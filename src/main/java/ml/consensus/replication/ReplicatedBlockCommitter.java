package ml.consensus.replication;

import java.util.List;
import java.util.concurrent.ExecutionException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

import ml.consensus.cluster.LogHaltedException;
import ml.consensus.cluster.NotCommittedException;
import ml.consensus.cluster.NotLeaderException;
import ml.consensus.cluster.ReplicatedLog;
import ml.consensus.cluster.StaleAppendException;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.MinedBlock;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.refusal.Refusal;
import ml.consensus.storage.Ledger;
import ml.consensus.writer.BlockCommitter;
import ml.consensus.writer.ChainHead;
import ml.consensus.writer.ChainMovedException;

/**
 * Commits the writer's blocks through the replicated log: mines the block on the head this node
 * serves, appends it after the log entry that head came from ({@code appendAfter}, so a block
 * mined on a head that is no longer the head reaches no ledger), and returns once a majority has
 * committed it and this node has checked and stored it ({@link ReplicatedChain}). Acknowledged
 * therefore means committed by a majority. The writer's model ({@code tip}) is not trusted: the
 * block is checked and its model replayed like any other.
 */
@Component
@ConditionalOnExpression("!'${consensus.cluster.node-id:}'.isEmpty()")
class ReplicatedBlockCommitter implements BlockCommitter {

    private final ClusterNode node;
    private final ReplicatedChain chain;
    private final Ledger ledger;

    ReplicatedBlockCommitter(ClusterNode node, ReplicatedChain chain, Ledger ledger) {
        this.node = node;
        this.chain = chain;
        this.ledger = ledger;
    }

    /** Blocks arrive through the log on its own thread; nothing to fetch. */
    @Override
    public void catchUp() {}

    @Override
    public MinedBlock commit(ChainHead head, List<LedgerRecord> records, EmbeddingModel tip) {
        // Writes may come before the log runs (rules declared at start-up) or after it stopped.
        ReplicatedLog log = node.running()
                .orElseThrow(() -> Refusal.noQuorum("this node's replicated log is not running; try again"));
        ReplicatedChain.Applied applied = chain.applied();
        if (!applied.head().equals(head)) {
            throw new ChainMovedException(applied.head().index(), "the log applied another block meanwhile", null);
        }
        if (!log.isLeader()) {
            throw notLeader(log);
        }
        MinedBlock mined = ledger.mine(head.index(), head.hash(), records);
        try {
            log.appendAfter(applied.logIndex(), BlockEntry.encode(mined.block()))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.noQuorum("interrupted while the block was being committed; its outcome is unknown");
        } catch (ExecutionException e) {
            throw translate(e.getCause(), log, head);
        }
        return mined;
    }

    private static RuntimeException translate(Throwable failure, ReplicatedLog log, ChainHead head) {
        if (failure instanceof StaleAppendException stale) {
            return new ChainMovedException(head.index(), "another entry was applied first", stale);
        }
        if (failure instanceof NotLeaderException) {
            return Refusal.noQuorum("this node stopped leading the cluster before the block was confirmed; it may"
                    + " still be committed by the next leader (check GET /blockchain-history before sending the"
                    + " write again)"
                    + log.leader().map(l -> "; leader now " + l.id()).orElse(""));
        }
        if (failure instanceof NotCommittedException notCommitted) {
            return Refusal.noQuorum("no majority confirmed the block in time; it may still be committed (check"
                    + " GET /blockchain-history before sending the write again): " + notCommitted.getMessage());
        }
        if (failure instanceof LogHaltedException halted) {
            return Refusal.readOnly("this node halted applying the replicated log: " + halted.getMessage());
        }
        if (failure instanceof RuntimeException other) {
            return other;
        }
        return new IllegalStateException(failure);
    }

    private static Refusal notLeader(ReplicatedLog log) {
        return Refusal.noQuorum("this node does not lead the cluster; nothing was written"
                + log.leader().map(l -> " (leader: " + l.id() + ")").orElse(" (no leader known)")
                + "; send the write again");
    }
}
