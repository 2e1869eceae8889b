package ml.consensus.writer;

import java.util.EnumMap;
import java.util.Map;

import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.MinedBlock;
import ml.consensus.ledger.RecordType;

/**
 * Application event: a block of writes has committed (its records, block and model change are
 * durable). Published on the writing thread before the writers are answered.
 *
 * @param mined  the block with the cost of its proof of work
 * @param writes how many client writes share the block (group commit)
 */
public record BlockWritten(MinedBlock mined, int writes) {

    public Block block() {
        return mined.block();
    }

    /** How many records of each type the block holds, in the order of {@link RecordType}. */
    public Map<RecordType, Integer> recordsByType() {
        Map<RecordType, Integer> counts = new EnumMap<>(RecordType.class);
        for (LedgerRecord record : block().records()) {
            counts.merge(record.type(), 1, Integer::sum);
        }
        return counts;
    }
}
