package ml.consensus.writer;

import java.util.List;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.GovernanceChange;
import ml.consensus.rules.GovernanceProposal;
import ml.consensus.rules.ProposalTerms;
import ml.consensus.rules.TestChain;
import ml.consensus.rules.VoteKind;
import ml.consensus.rules.VotingRules;

import static ml.consensus.rules.TestChain.vote;
import static org.assertj.core.api.Assertions.assertThat;

/** The node's rules in force, rebuilt from the chain at start-up and followed block by block. */
class LiveRulesTests {

    private static final VotingRules ABC = VotingRules.listed(2, List.of("a", "b", "c"));

    private final TestChain chain = new TestChain();

    private void govern(GovernanceChange change, String policyInForce, String first, String second) {
        GovernanceProposal proposal =
                new GovernanceProposal(change, "2026-11-25T12:00:0" + chain.last() + "Z", ProposalTerms.NONE);
        Sha256 hash = proposal.hash();
        chain.append(ConsensusRecords.governanceProposal(hash, proposal));
        chain.append(vote(VoteKind.APPROVE, hash, first), vote(VoteKind.APPROVE, hash, second));
        chain.append(ConsensusRecords.governanceApplied(
                hash, List.of(first, second), 2, policyInForce, change.action(), "2026-11-25T12:00:01Z"));
    }

    @Test
    void shouldRebuildTheDeclaredPolicyAndEveryGovernanceChangeFromTheChain() {
        chain.append(ConsensusRecords.policyDeclared("Count(2)", "2026-11-25T12:00:00Z"));
        govern(new GovernanceChange.AddValidator("d", null, 4), "Count(2)", "a", "b");
        govern(new GovernanceChange.SetPolicy("Weight(5)"), "Count(2)", "a", "b");
        // a (1) and d (4) meet Weight(5); a and b (2) would not.
        govern(new GovernanceChange.RemoveValidator("c"), "Weight(5)", "a", "d");
        chain.assertValid(ABC);

        LiveRules rules = new LiveRules(ABC);
        rules.load(chain.blocks);
        assertThat(rules.policy().text()).isEqualTo("Weight(5)");
        assertThat(rules.policy().electorate().members())
                .extracting(m -> m.id() + "=" + m.weight())
                .containsExactly("a=1", "b=1", "d=4");
        assertThat(rules.declaredInBlock()).isEqualTo(1);
    }

    @Test
    void shouldFollowCommittedBlocksAndSurviveADamagedRecord() {
        LiveRules rules = new LiveRules(ABC);
        rules.load(chain.blocks);
        chain.append(new LedgerRecord(
                ml.consensus.ledger.RecordType.GOVERNANCE_PROPOSAL, "{not json", LedgerRecord.hashOf("{not json")));
        rules.committed(chain.blocks.get((int) chain.last()));
        assertThat(rules.policy().text()).isEqualTo("Count(2)");
        chain.append(ConsensusRecords.policyDeclared("Count(3)", "2026-11-25T12:00:00Z"));
        rules.committed(chain.blocks.get((int) chain.last()));
        assertThat(rules.policy().text()).isEqualTo("Count(3)");
    }
}
