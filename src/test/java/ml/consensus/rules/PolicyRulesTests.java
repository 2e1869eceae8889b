package ml.consensus.rules;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;

import static ml.consensus.rules.TestChain.applied;
import static ml.consensus.rules.TestChain.vote;

/** The approval policy on the ledger: its declaration and applies under it, re-checked from the records alone. */
class PolicyRulesTests {

    private static final String POLICY = "OR('a',AND('b','c'))";
    private static final VotingRules ABC = VotingRules.listed(1, List.of("a", "b", "c"));

    private final TestChain chain = new TestChain();

    private static LedgerRecord declared(String policy) {
        return ConsensusRecords.policyDeclared(policy, "2026-11-25T12:00:00Z");
    }

    @Test
    void shouldRefuseADeclaredOutOfThatNamesAValidatorTwice() {
        chain.append(declared("OutOf(2,'a','a','b')"));
        chain.assertBroken(ABC, chain.last(), 0, "policy_invalid");
    }

    @Test
    void shouldRefuseAGovernanceProposalWhoseOutOfNamesAValidatorTwice() {
        // Forged: the node's constructor refuses the policy, so the record is built from JSON.
        GovernanceProposal honest = new GovernanceProposal(
                new GovernanceChange.SetPolicy("OutOf(2,'a','b','c')"), "2026-11-25T12:00:00Z", ProposalTerms.NONE);
        ObjectNode body = honest.toJson();
        body.put("policy", "OutOf(2,'a','a','b')");
        Sha256 hash = HashDomain.PROPOSAL.hash(CanonicalJson.canonicalize(body).getBytes(StandardCharsets.UTF_8));
        ObjectNode record = CanonicalJson.newObject();
        record.put("proposal_hash", hash.hex());
        record.set("proposal", body);
        chain.append(LedgerRecord.of(RecordType.GOVERNANCE_PROPOSAL, record));
        chain.assertBroken(ABC, chain.last(), 0, "record_fields");
    }

    @Test
    void shouldAcceptAppliesThatMeetTheDeclaredPolicy() {
        chain.append(declared(POLICY));
        Sha256 proposal = chain.propose("I have a fever");
        chain.append(vote(VoteKind.APPROVE, proposal, "b"), vote(VoteKind.APPROVE, proposal, "c"));
        chain.append(applied(proposal, POLICY, "b", "c"));
        Sha256 second = chain.propose("High temperature");
        chain.append(vote(VoteKind.APPROVE, second, "a"));
        chain.append(applied(second, POLICY, "a"));
        chain.assertValid(ABC);
    }

    @Test
    void shouldRefuseAnApplyThatMeetsTheStartingCountButNotTheDeclaredPolicy() {
        chain.append(declared(POLICY));
        Sha256 proposal = chain.propose("I have a fever");
        chain.append(vote(VoteKind.APPROVE, proposal, "b"));
        chain.append(applied(proposal, POLICY, "b"));
        chain.assertBroken(ABC, chain.last(), 0, "apply_quorum");
    }

    @Test
    void shouldRefuseAVoteOnceRejectionsMakeThePolicyUnmeetable() {
        chain.append(declared(POLICY));
        Sha256 proposal = chain.propose("I have a fever");
        chain.append(vote(VoteKind.REJECT, proposal, "a"), vote(VoteKind.REJECT, proposal, "c"));
        chain.append(vote(VoteKind.APPROVE, proposal, "b"));
        chain.assertBroken(ABC, chain.last(), 0, "vote_closed");
    }

    @Test
    void shouldRefuseAnApplyThatDoesNotNameThePolicyInForce() {
        chain.append(declared(POLICY));
        Sha256 proposal = chain.propose("I have a fever");
        chain.append(vote(VoteKind.APPROVE, proposal, "a"));
        chain.append(applied(proposal, null, "a"));
        chain.assertBroken(ABC, chain.last(), 0, "apply_policy");
    }

    @Test
    void shouldRefuseAPolicyDeclaredAfterAProposal() {
        chain.propose("I have a fever");
        chain.append(declared(POLICY));
        chain.assertBroken(ABC, chain.last(), 0, "policy_declared_late");
    }

    @Test
    void shouldRefuseASecondDeclaration() {
        chain.append(declared(POLICY));
        chain.append(declared("Count(1)"));
        chain.assertBroken(ABC, chain.last(), 0, "policy_redeclared");
    }

    @Test
    void shouldRefuseAPolicyThatDoesNotParseOrCanNeverBeMet() {
        chain.append(declared("AND('a',"));
        chain.assertBroken(ABC, chain.last(), 0, "policy_invalid");
        TestChain other = new TestChain();
        other.append(declared("AND('a','ghost')"));
        other.assertBroken(ABC, other.last(), 0, "policy_invalid");
    }

    @Test
    void shouldJudgeTheDeclaringBlockByThePolicyBeforeIt() {
        // Records in the declaring block are judged by Count(1); Count(2) holds from the next block on.
        ProposalContent first = TestChain.content("I have a fever");
        chain.append(
                declared("Count(2)"),
                ConsensusRecords.proposal(first.hash(), first),
                vote(VoteKind.APPROVE, first.hash(), "a"),
                applied(first.hash(), null, "a"));
        Sha256 second = chain.propose("High temperature");
        chain.append(vote(VoteKind.APPROVE, second, "a"));
        chain.append(applied(second, null, "a"));
        chain.assertBroken(ABC, chain.last(), 0, "apply_quorum");
    }
}
