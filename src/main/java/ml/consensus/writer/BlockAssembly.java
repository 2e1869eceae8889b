package ml.consensus.writer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ml.consensus.ledger.LedgerRecord;
import ml.consensus.rules.LedgerState;
import ml.consensus.rules.RuleBreach;

/**
 * The consensus-rule side of a block being assembled: the committed {@link LedgerState} plus the
 * records of every write accepted so far, checked record by record with the function replay uses
 * ({@link ml.consensus.rules.LedgerRules#checkRecord}). A write is admitted whole or not at all:
 * when one of its records breaks a rule, the state is rebuilt from the committed one and the
 * records accepted before it, and the breach is the write's refusal.
 */
final class BlockAssembly {

    private final LiveRules rules;
    private final long blockIndex;
    private final List<LedgerRecord> accepted = new ArrayList<>();
    private LedgerState state;

    BlockAssembly(LiveRules rules, long blockIndex) {
        this.rules = rules;
        this.blockIndex = blockIndex;
        this.state = rules.stateFor(blockIndex);
    }

    /**
     * Checks one write's records after those accepted; admits them and returns empty, or returns
     * the first broken rule and leaves the assembly as it was. A write must bring every slash its
     * apply calls for: none may be owed after it.
     */
    Optional<RuleBreach> admit(List<LedgerRecord> records) {
        int position = accepted.size();
        for (LedgerRecord record : records) {
            Optional<RuleBreach> breach = rules.checker().checkRecord(state, record, blockIndex, position++);
            if (breach.isPresent()) {
                return rollBack(breach);
            }
        }
        if (state.owesSlashes()) {
            return rollBack(rules.checker().endOfBlock(state, blockIndex, position));
        }
        accepted.addAll(records);
        return Optional.empty();
    }

    private Optional<RuleBreach> rollBack(Optional<RuleBreach> breach) {
        LedgerState fresh = rules.stateFor(blockIndex);
        for (int position = 0; position < accepted.size(); position++) {
            rules.checker().checkRecord(fresh, accepted.get(position), blockIndex, position);
        }
        state = fresh;
        return breach;
    }
}
