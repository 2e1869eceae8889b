package ml.consensus.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.StoredRecord;
import ml.consensus.rules.RulesInForce;
import ml.consensus.rules.VotingRules;
import ml.consensus.storage.Ledger;

/**
 * The rules as they stood after any block of the stored ledger: the starting {@link VotingRules}
 * followed through the records that change them (declarations and governance), which are read by
 * type through the index, so the cost grows with those records and not with the ledger.
 */
@Component
public class RulesHistory {

    private static final List<RecordType> TYPES = List.of(
            RecordType.POLICY_DECLARED,
            RecordType.STAKE_RULES_DECLARED,
            RecordType.GOVERNANCE_PROPOSAL,
            RecordType.GOVERNANCE_APPLIED);
    private static final int PAGE = 1_000;

    private final Ledger ledger;
    private final VotingRules start;

    RulesHistory(Ledger ledger, VotingRules start) {
        this.ledger = ledger;
        this.start = start;
    }

    /** The rules after blocks {@code 0 .. blockIndex}: read {@link RulesInForce#upcoming()} and its kin. */
    public RulesInForce after(long blockIndex) {
        List<StoredRecord> changes = new ArrayList<>();
        for (RecordType type : TYPES) {
            for (int page = 0; ; page++) {
                List<StoredRecord> records = ledger.records(Optional.of(type), page, PAGE);
                records.stream().filter(r -> r.blockIndex() <= blockIndex).forEach(changes::add);
                if (records.size() < PAGE || records.get(records.size() - 1).blockIndex() > blockIndex) {
                    break;
                }
            }
        }
        changes.sort(Comparator.comparingLong(StoredRecord::blockIndex).thenComparingInt(StoredRecord::position));
        RulesInForce rules = new RulesInForce(start);
        for (StoredRecord change : changes) {
            rules.enterBlock(change.blockIndex());
            try {
                rules.follow(change.record());
            } catch (RuntimeException damaged) {
                // A damaged record fails verification and leaves the node read-only; the rest still reads.
            }
        }
        return rules;
    }
}
