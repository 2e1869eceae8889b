package ml.consensus.writer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import ml.consensus.ledger.Block;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.storage.Ledger;

/**
 * Takes a block that was mined elsewhere (or by this node, through the replicated log) and has
 * been verified on top of this node's head into the node: stores it exactly as it is, serves the
 * model it leads to, anchors the head and moves the rules on, all as one commit, as
 * {@link LocalBlockCommitter} does for a block it mines itself.
 */
@Component
public class VerifiedBlocks {

    private final Ledger ledger;
    private final NodeState state;
    private final TransactionTemplate transaction;
    private final HeadAnchor anchor;
    private final LiveRules rules;

    VerifiedBlocks(
            Ledger ledger, NodeState state, TransactionTemplate transaction, HeadAnchor anchor, LiveRules rules) {
        this.ledger = ledger;
        this.state = state;
        this.transaction = transaction;
        this.anchor = anchor;
        this.rules = rules;
    }

    /**
     * Stores {@code block} and runs {@code alsoInTransaction} in the same database transaction (both
     * or neither), then serves {@code modelAfter} with the block as head. No snapshot sees the block
     * without the model.
     */
    public void takeIn(Block block, EmbeddingModel modelAfter, Runnable alsoInTransaction) {
        state.commit(() -> {
            transaction.executeWithoutResult(tx -> {
                ledger.store(block);
                alsoInTransaction.run();
            });
            state.serve(modelAfter, ChainHead.of(block));
            anchor.record(block);
            rules.committed(block);
            return null;
        });
    }
}
