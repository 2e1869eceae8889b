package ml.consensus.storage;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where this node stands in the cluster's replicated log: the index of the last entry it applied,
 * kept in the ledger database (table {@code replicated_log_position}, one row) so that it commits
 * with the block the entry carried or not at all.
 */
@Component
public class ReplicatedLogPosition {

    private final JdbcClient sql;

    ReplicatedLogPosition(JdbcClient sql) {
        this.sql = sql;
    }

    /** The index of the last applied entry; 0 when none was. */
    @Transactional(readOnly = true)
    public long lastApplied() {
        return sql.sql("select last_applied from replicated_log_position where position_id = 1")
                .query(Long.class)
                .single();
    }

    /**
     * Records {@code index} as the last applied entry, inside the caller's transaction (the one that
     * stores the entry's block). Refuses to go backwards: the log hands entries over in order.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void advanceTo(long index) {
        int updated = sql.sql("update replicated_log_position set last_applied = ? where position_id = 1"
                        + " and last_applied < ?")
                .params(index, index)
                .update();
        if (updated != 1) {
            throw new IllegalStateException(
                    "the replicated log position is already at or past entry " + index + ": not applying it again");
        }
    }
}
