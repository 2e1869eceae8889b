package ml.consensus.consensus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;

/**
 * The approval policy and electorate the node applies to the next block: the configured starting
 * rules followed through every committed block, by the same {@link RulesInForce} the verifier
 * walks. Loaded from the ledger at start-up, then fed each block as it commits (on the batcher's
 * thread, before the next block is assembled).
 */
@Component
public class LiveRules {

    private final VotingRules start;
    private RulesInForce rules;
    /** Governance proposals seen so far, so that an applied one can be followed. */
    private final Map<String, GovernanceChange> changes = new HashMap<>();
    /** Everyone who has been in the electorate at some block: who may have votes on the ledger. */
    private final java.util.Set<String> everMembers = new java.util.HashSet<>();

    LiveRules(VotingRules start) {
        this.start = start;
        this.rules = new RulesInForce(start);
    }

    /** Rebuilds the rules from the whole chain. */
    synchronized void load(List<Block> blocks) {
        RulesInForce fresh = new RulesInForce(start);
        changes.clear();
        everMembers.clear();
        remember(fresh);
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
    synchronized boolean everyVoterStillVotes() {
        if (everMembers.isEmpty()) {
            remember(rules);
        }
        return rules.upcoming().electorate().countMembers(everMembers) == everMembers.size();
    }

    private void remember(RulesInForce in) {
        in.upcoming().electorate().members().forEach(m -> everMembers.add(m.id()));
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

    private void follow(RulesInForce rules, Block block) {
        rules.enterBlock(block.index());
        for (LedgerRecord record : block.records()) {
            try {
                followRecord(rules, record);
            } catch (RuntimeException damaged) {
                // A damaged record fails verification and leaves the node read-only; start-up must still finish.
            }
        }
        remember(rules);
    }

    /** Only records that kept the rules are on a valid chain; a node whose chain is invalid is read-only. */
    private void followRecord(RulesInForce rules, LedgerRecord record) {
        switch (record.type()) {
            case POLICY_DECLARED -> rules.declare(record.text("policy"), false);
            case GOVERNANCE_PROPOSAL -> changes.put(record.text("proposal_hash"),
                    GovernanceProposal.fromJson(record.json().get("proposal")).change());
            case GOVERNANCE_APPLIED -> {
                GovernanceChange change = changes.get(record.text("proposal_hash"));
                if (change != null) {
                    rules.govern(change);
                }
            }
            default -> {
                // other records do not change the rules
            }
        }
    }
}
