package ml.consensus.writer;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.rules.ApprovalPolicy;
import ml.consensus.rules.LedgerRules;
import ml.consensus.rules.LedgerState;
import ml.consensus.rules.RuleBreach;
import ml.consensus.rules.StakeRules;
import ml.consensus.rules.VotingRules;

/**
 * The consensus rules as they stand for the next block: the {@link LedgerState} the configured
 * starting rules reach through every committed block, folded by the same {@link LedgerRules} the
 * verifier walks. Loaded from the ledger at start-up, then fed each block as it commits (on the
 * batcher's thread, before the next block is assembled). Writes are staged on a fork of it
 * ({@link BlockAssembly}), so a write is accepted exactly when replay would accept its records.
 */
@Component
public class LiveRules {

    private static final Logger log = LoggerFactory.getLogger(LiveRules.class);

    private final VotingRules start;
    private final LedgerRules checker;
    private LedgerState committed;

    public LiveRules(VotingRules start) {
        this.start = start;
        this.checker = new LedgerRules(start);
        this.committed = checker.initialState();
    }

    /** Rebuilds the state from the whole chain. */
    public synchronized void load(List<Block> blocks) {
        LedgerState fresh = checker.initialState();
        blocks.forEach(block -> follow(fresh, block));
        committed = fresh;
    }

    /** Takes in a block that has just committed. */
    synchronized void committed(Block block) {
        follow(committed, block);
    }

    /** The committed state, forked and entered into block {@code index}: where that block's writes are staged. */
    synchronized LedgerState stateFor(long index) {
        LedgerState state = committed.fork();
        checker.enterBlock(state, index);
        return state;
    }

    /** The rules as one function, for staging writes with the check replay uses. */
    LedgerRules checker() {
        return checker;
    }

    /**
     * True while every validator who was ever in the electorate still is: only then are a
     * proposal's raw vote counts the counts of members a count policy counts.
     */
    public synchronized boolean everyVoterStillVotes() {
        return committed.rulesInForce().everyMemberRemains();
    }

    /** The policy that holds for the next block written. */
    public synchronized ApprovalPolicy policy() {
        return committed.upcomingPolicy();
    }

    public boolean signaturesRequired() {
        return start.signaturesRequired();
    }

    /** The fewest approvals the configured starting rules require; no declared policy may ask fewer. */
    public int startingQuorum() {
        return start.policy().required();
    }

    /** The block that declared the policy, or -1 when the ledger declares none. */
    public synchronized long declaredInBlock() {
        return committed.rulesInForce().declaredInBlock();
    }

    /** The stake rules that hold for the next block written. */
    public synchronized StakeRules stakeRules() {
        return committed.rulesInForce().upcomingStakeRules();
    }

    /** The block that declared the stake rules, or -1 when the ledger declares none. */
    public synchronized long stakeDeclaredInBlock() {
        return committed.rulesInForce().stakeDeclaredInBlock();
    }

    /** The key that must sign {@code validatorId}'s bond or unbond in the next block, if it may make one. */
    public synchronized Optional<String> stakeKey(String validatorId, String operation) {
        return committed.rulesInForce().stakeKey(validatorId, operation, true);
    }

    /**
     * Folds a committed block in. A record that breaks a rule (a damaged ledger, which verification
     * reports and which leaves the node read-only) is logged and skipped, so start-up still finishes.
     */
    private void follow(LedgerState state, Block block) {
        checker.enterBlock(state, block.index());
        for (int position = 0; position < block.records().size(); position++) {
            LedgerRecord record = block.records().get(position);
            Optional<RuleBreach> breach = checker.checkRecord(state, record, block.index(), position);
            breach.ifPresent(b -> log.warn(
                    "committed record breaks the rules: {}", b.evidence().message()));
        }
    }
}
