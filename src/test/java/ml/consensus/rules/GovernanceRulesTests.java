package ml.consensus.rules;

import java.util.List;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerRecord;

import static ml.consensus.rules.TestChain.applied;
import static ml.consensus.rules.TestChain.vote;

/** Governance re-checked from the records alone: the set and policy at every block follow the applied changes. */
class GovernanceRulesTests {

    private static final VotingRules ABC = VotingRules.listed(2, List.of("a", "b", "c"));
    private static final String T = "2026-11-25T12:00:01Z";

    private final TestChain chain = new TestChain();

    private Sha256 proposeChange(GovernanceChange change) {
        GovernanceProposal proposal = new GovernanceProposal(change, "2026-11-25T12:00:00Z", ProposalTerms.NONE);
        chain.append(ConsensusRecords.governanceProposal(proposal.hash(), proposal));
        return proposal.hash();
    }

    private static LedgerRecord governed(Sha256 proposal, String policy, String action, String... approvals) {
        return ConsensusRecords.governanceApplied(proposal, List.of(approvals), 2, policy, action, T);
    }

    /** Proposes, approves with a and b, and applies {@code change} under Count(2). */
    private void govern(GovernanceChange change) {
        Sha256 proposal = proposeChange(change);
        chain.append(vote(VoteKind.APPROVE, proposal, "a"), vote(VoteKind.APPROVE, proposal, "b"));
        chain.append(governed(proposal, "Count(2)", change.action(), "a", "b"));
    }

    @Test
    void shouldCountAnAddedValidatorFromTheNextBlock() {
        govern(new GovernanceChange.AddValidator("d", null, 1));
        govern(new GovernanceChange.RemoveValidator("c"));
        Sha256 training = chain.propose("I have a fever");
        chain.append(vote(VoteKind.APPROVE, training, "a"), vote(VoteKind.APPROVE, training, "d"));
        chain.append(applied(training, null, "a", "d"));
        chain.assertValid(ABC);
    }

    @Test
    void shouldNotCountTheApprovalOfARemovedValidator() {
        govern(new GovernanceChange.RemoveValidator("c"));
        Sha256 training = chain.propose("I have a fever");
        chain.append(vote(VoteKind.APPROVE, training, "a"), vote(VoteKind.APPROVE, training, "c"));
        chain.append(applied(training, null, "a", "c"));
        chain.assertBroken(ABC, chain.last(), 0, "apply_quorum");
    }

    @Test
    void shouldJudgeByThePolicyAGovernanceChangeSetsFromTheNextBlockOn() {
        govern(new GovernanceChange.SetPolicy("OR('c',AND('a','b'))"));
        Sha256 training = chain.propose("I have a fever");
        chain.append(vote(VoteKind.APPROVE, training, "c"));
        chain.append(applied(training, "OR('c',AND('a','b'))", "c"));
        chain.assertValid(ABC);
    }

    @Test
    void shouldRefuseAChangeAppliedWithoutQuorum() {
        Sha256 proposal = proposeChange(new GovernanceChange.SetWeight("a", 3));
        chain.append(vote(VoteKind.APPROVE, proposal, "a"));
        chain.append(governed(proposal, "Count(2)", "set_weight", "a"));
        chain.assertBroken(ABC, chain.last(), 0, "apply_quorum");
    }

    @Test
    void shouldRefuseAChangeThatNoLongerApplies() {
        govern(new GovernanceChange.RemoveValidator("c"));
        govern(new GovernanceChange.SetWeight("c", 2));
        chain.assertBroken(ABC, chain.last(), 0, "governance_invalid");
    }

    @Test
    void shouldRefuseAChangeNamingAnotherPolicyOrAction() {
        Sha256 proposal = proposeChange(new GovernanceChange.SetWeight("a", 3));
        chain.append(vote(VoteKind.APPROVE, proposal, "a"), vote(VoteKind.APPROVE, proposal, "b"));
        chain.append(governed(proposal, "Count(1)", "set_weight", "a", "b"));
        chain.assertBroken(ABC, chain.last(), 0, "apply_policy");
    }

    @Test
    void shouldRefuseMixingUpTrainingAndGovernanceApplies() {
        Sha256 training = chain.propose("I have a fever");
        chain.append(vote(VoteKind.APPROVE, training, "a"), vote(VoteKind.APPROVE, training, "b"));
        chain.append(governed(training, "Count(2)", "set_weight", "a", "b"));
        chain.assertBroken(ABC, chain.last(), 0, "governance_proposal");

        TestChain other = new TestChain();
        GovernanceProposal change = new GovernanceProposal(
                new GovernanceChange.SetWeight("a", 3), "2026-11-25T12:00:00Z", ProposalTerms.NONE);
        other.append(ConsensusRecords.governanceProposal(change.hash(), change));
        other.append(vote(VoteKind.APPROVE, change.hash(), "a"), vote(VoteKind.APPROVE, change.hash(), "b"));
        other.append(applied(change.hash(), null, "a", "b"));
        other.assertBroken(ABC, other.last(), 0, "apply_proposal");
    }

    @Test
    void shouldRefuseAForgedGovernanceProposalHash() {
        GovernanceProposal proposal = new GovernanceProposal(
                new GovernanceChange.SetWeight("a", 3), "2026-11-25T12:00:00Z", ProposalTerms.NONE);
        chain.append(ConsensusRecords.governanceProposal(TestChain.H1, proposal));
        chain.assertBroken(ABC, chain.last(), 0, "proposal_hash");
    }
}
