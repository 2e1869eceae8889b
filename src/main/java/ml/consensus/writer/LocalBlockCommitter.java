package ml.consensus.writer;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.MinedBlock;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.storage.Ledger;

/**
 * Commits blocks into this node's own database, as a node outside a cluster does: mines and
 * appends in one transaction, then serves the model and anchors the head. On a database other
 * nodes append to, the database decides who writes the next block ({@link AppendArbitration}) and
 * {@link LedgerFollower} takes in the others' blocks.
 */
@Component
@ConditionalOnExpression("'${consensus.cluster.node-id:}'.isEmpty()")
class LocalBlockCommitter implements BlockCommitter {

    private final Ledger ledger;
    private final NodeState state;
    private final TransactionTemplate transaction;
    private final HeadAnchor anchor;
    private final LedgerFollower follower;
    private final LiveRules rules;

    LocalBlockCommitter(
            Ledger ledger,
            NodeState state,
            TransactionTemplate transaction,
            HeadAnchor anchor,
            LedgerFollower follower,
            LiveRules rules) {
        this.ledger = ledger;
        this.state = state;
        this.transaction = transaction;
        this.anchor = anchor;
        this.follower = follower;
        this.rules = rules;
    }

    @Override
    public void catchUp() {
        follower.catchUp();
    }

    @Override
    public MinedBlock commit(ChainHead head, List<LedgerRecord> records, EmbeddingModel tip) {
        try {
            return state.commit(() -> {
                MinedBlock committed = transaction.execute(tx -> ledger.append(head.index(), head.hash(), records));
                state.serve(tip, ChainHead.of(committed.block()));
                anchor.record(committed.block());
                // Rules changed by this block hold from the next one, which is assembled only after this.
                rules.committed(committed.block());
                return committed;
            });
        } catch (RuntimeException e) {
            long headNow = ledger.chainLength() - 1;
            if (AppendArbitration.afterFailure(e, head.index(), headNow) == AppendArbitration.Verdict.RETRY) {
                throw new ChainMovedException(headNow, "block " + head.nextIndex() + " went to another node", e);
            }
            throw e;
        }
    }
}
