package ml.consensus.rules;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import ml.consensus.hashing.Sha256;

/**
 * What the consensus rules know of a ledger after a prefix of its records: the rules in force
 * (policy, electorate, stake rules), every proposal with its voters and whether it closed, the
 * stake balances and the slashes still owed. Built by {@link LedgerRules} folding record after
 * record; a record that breaks a rule leaves the state unusable, so a caller that may go on after
 * a breach (the live node staging a write) checks on a {@link #fork()}.
 */
public final class LedgerState {

    final RulesInForce rules;
    final StakeCheck stake;
    final Map<Sha256, ProposalTrack> proposals;
    /** The block whose records are being checked, -1 before the first. */
    long block = -1;
    /** The last block holding a record that changes the rules, -1 if none. */
    long rulesChangedInBlock = -1;

    LedgerState(VotingRules start) {
        this.rules = new RulesInForce(start);
        this.stake = new StakeCheck(rules);
        this.proposals = new HashMap<>();
    }

    private LedgerState(LedgerState from) {
        this.rules = from.rules.copy();
        this.stake = from.stake.copy(rules);
        this.proposals = new HashMap<>(from.proposals.size() * 2);
        from.proposals.forEach((hash, track) -> proposals.put(hash, track.copy()));
        this.block = from.block;
        this.rulesChangedInBlock = from.rulesChangedInBlock;
    }

    /** An independent copy: records checked on it leave this state as it was. */
    public LedgerState fork() {
        return new LedgerState(this);
    }

    /** The index of the block being checked, -1 before any. */
    public long block() {
        return block;
    }

    /** The approval policy and electorate in force for the records of the current block. */
    public ApprovalPolicy policy() {
        return rules.policy();
    }

    /** The policy that holds from the next block on. */
    public ApprovalPolicy upcomingPolicy() {
        return rules.upcoming();
    }

    /** The stake rules in force for the records of the current block. */
    public StakeRules stakeRules() {
        return rules.stakeRules();
    }

    /** The stake balances after every record taken in so far. */
    public StakeBalances balances() {
        return stake.balances().copy();
    }

    /** True when this proposal hash is on the ledger so far. */
    public boolean hasProposal(Sha256 proposalHash) {
        return proposals.containsKey(proposalHash);
    }

    /** True while slashes an apply calls for have not yet been written. */
    public boolean owesSlashes() {
        return stake.owesSlashes();
    }

    /** The rules in force, for the few readers that need more than the accessors above. */
    public RulesInForce rulesInForce() {
        return rules;
    }

    Optional<ProposalTrack> track(Sha256 proposalHash) {
        return Optional.ofNullable(proposals.get(proposalHash));
    }
}
