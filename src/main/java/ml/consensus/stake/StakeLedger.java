package ml.consensus.stake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.StoredRecord;
import ml.consensus.rules.StakeBalances;
import ml.consensus.storage.Ledger;
import ml.consensus.writer.PendingRecords;

/**
 * Stake balances read from the stored ledger: the {@link StakeBalances} fold over its stake
 * records (bonds, unbonds, slashes), which are read by type through the index, so the cost
 * grows with the stake records and not with the ledger. The fold of the whole ledger is kept
 * until a stake record is added (records are never changed or removed).
 */
@Component
public class StakeLedger {

    private static final List<RecordType> TYPES =
            List.of(RecordType.STAKE_BONDED, RecordType.STAKE_UNBONDED, RecordType.VALIDATOR_SLASHED);
    private static final int PAGE = 1_000;

    private record Folded(long stakeRecords, StakeBalances balances) {}

    private final Ledger ledger;
    private volatile Folded latest = new Folded(-1, StakeBalances.empty());

    public StakeLedger(Ledger ledger) {
        this.ledger = ledger;
    }

    /** The balances after every committed record plus the {@code pending} ones. */
    public StakeBalances balances(PendingRecords pending) {
        // The committed fold is looked up once per batch: within one, the ledger does not move.
        StakeBalances balances =
                pending.ledgerFact("stake:committed", this::committed).copy();
        pending.records().forEach(balances::apply);
        return balances;
    }

    /** The balances after every record of blocks {@code 0 .. blockIndex}. */
    StakeBalances atBlock(long blockIndex) {
        StakeBalances balances = StakeBalances.empty();
        stakeRecords().stream().filter(r -> r.blockIndex() <= blockIndex).forEach(r -> balances.apply(r.record()));
        return balances;
    }

    private StakeBalances committed() {
        long count = TYPES.stream().mapToLong(ledger::countRecords).sum();
        Folded folded = latest;
        if (folded.stakeRecords() != count) {
            StakeBalances balances = StakeBalances.empty();
            List<StoredRecord> records = stakeRecords();
            records.forEach(r -> balances.apply(r.record()));
            // Counted again from what was read: a record committed meanwhile is folded next time.
            folded = new Folded(records.size(), balances);
            latest = folded;
        }
        return folded.balances();
    }

    /** Every stake record in chain order. */
    private List<StoredRecord> stakeRecords() {
        List<StoredRecord> all = new ArrayList<>();
        for (RecordType type : TYPES) {
            for (int page = 0; ; page++) {
                List<StoredRecord> records = ledger.records(Optional.of(type), page, PAGE);
                all.addAll(records);
                if (records.size() < PAGE) {
                    break;
                }
            }
        }
        all.sort(Comparator.comparingLong(StoredRecord::blockIndex).thenComparingInt(StoredRecord::position));
        return all;
    }
}
