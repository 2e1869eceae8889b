package ml.consensus.writer;

import java.util.List;

import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.MinedBlock;
import ml.consensus.model.EmbeddingModel;

/**
 * How the {@link LedgerWriter} makes a checked batch a block: the seam between one node's ledger
 * and a cluster's. {@link LocalBlockCommitter} mines and stores the block in this node's database
 * (alone, or with other nodes on one shared database); in cluster mode the block goes through the
 * replicated log and is stored by every node once a majority has committed it
 * ({@code ml.consensus.replication}).
 *
 * <p>Called from the writer's one thread only.
 */
public interface BlockCommitter {

    /** Before a batch is checked, and while no write waits: take in blocks this node has not seen yet. */
    void catchUp();

    /**
     * Mines a block of {@code records} on {@code head} and returns it once it is durable and this
     * node serves the model it leads to (which, when the block changes the model, is {@code tip}).
     *
     * @throws ChainMovedException when another block took the place first: nothing of this batch was
     *         written; the writer checks the batch again on the new head
     * @throws RuntimeException    any other failure: the batch's writes fail with it
     */
    MinedBlock commit(ChainHead head, List<LedgerRecord> records, EmbeddingModel tip);
}
