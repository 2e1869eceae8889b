package ml.consensus.writer;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.rules.ApprovalPolicy;
import ml.consensus.rules.RulesInForce;
import ml.consensus.rules.StakeRules;
import ml.consensus.rules.VotingRules;

/**
 * The approval policy, electorate and stake rules the node applies to the next block: the configured starting
 * rules followed through every committed block, by the same {@link RulesInForce} the verifier
 * walks. Loaded from the ledger at start-up, then fed each block as it commits (on the batcher's
 * thread, before the next block is assembled).
 */
@Component
public class LiveRules {

    private final VotingRules start;
    private RulesInForce rules;

    public LiveRules(VotingRules start) {
        this.start = start;
        this.rules = new RulesInForce(start);
    }

    /** Rebuilds the rules from the whole chain. */
    public synchronized void load(List<Block> blocks) {
        RulesInForce fresh = new RulesInForce(start);
        blocks.forEach(block -> follow(fresh, block));
        rules = fresh;
    }

    /** Takes in a block that has just committed. */
    synchronized void committed(Block block) {
        follow(rules, block);
    }

    /**
     * True while every validator who was ever in the electorate still is: only then are a
     * proposal's raw vote counts the counts of members a count policy counts.
     */
    public synchronized boolean everyVoterStillVotes() {
        return rules.everyMemberRemains();
    }

    /** The policy that holds for the next block written. */
    public synchronized ApprovalPolicy policy() {
        return rules.upcoming();
    }

    public boolean signaturesRequired() {
        return start.signaturesRequired();
    }

    /** The block that declared the policy, or -1 when the ledger declares none. */
    public synchronized long declaredInBlock() {
        return rules.declaredInBlock();
    }

    /** The stake rules that hold for the next block written. */
    public synchronized StakeRules stakeRules() {
        return rules.upcomingStakeRules();
    }

    /** The block that declared the stake rules, or -1 when the ledger declares none. */
    public synchronized long stakeDeclaredInBlock() {
        return rules.stakeDeclaredInBlock();
    }

    /** The key that must sign {@code validatorId}'s bond or unbond in the next block, if it may make one. */
    public synchronized Optional<String> stakeKey(String validatorId, String operation) {
        return rules.stakeKey(validatorId, operation, true);
    }

    private void follow(RulesInForce rules, Block block) {
        rules.enterBlock(block.index());
        for (LedgerRecord record : block.records()) {
            try {
                rules.follow(record);
            } catch (RuntimeException damaged) {
                // A damaged record fails verification and leaves the node read-only; start-up must still finish.
            }
        }
    }
}
