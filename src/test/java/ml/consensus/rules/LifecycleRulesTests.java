package ml.consensus.rules;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.LedgerBinding;
import ml.consensus.validator.WithdrawalMessage;

import static ml.consensus.rules.TestChain.applied;
import static ml.consensus.rules.TestChain.vote;

/** Expiry and withdrawal re-checked from the records alone; each forged history names the rule it breaks. */
class LifecycleRulesTests {

    private static final VotingRules OPEN = VotingRules.open(1);
    private static final byte[] PROPOSER = seed(7);
    private static final byte[] STRANGER = seed(9);

    private final TestChain chain = new TestChain();

    private static byte[] seed(int b) {
        byte[] seed = new byte[Ed25519.PRIVATE_KEY_LENGTH];
        Arrays.fill(seed, (byte) b);
        return seed;
    }

    private static String publicKey(byte[] privateKey) {
        return HexFormat.of().formatHex(Ed25519.publicKeyOf(privateKey));
    }

    private Sha256 propose(ProposalTerms terms) {
        ProposalContent content = new ProposalContent(
                List.of("I have a fever"), 0.05, 0, TestChain.H0, "2026-11-25T12:00:00Z", false, terms);
        chain.append(ConsensusRecords.proposal(content.hash(), content));
        return content.hash();
    }

    private static LedgerRecord withdrawal(Sha256 proposal, byte[] signer, String storedKey) {
        String signature = HexFormat.of()
                .formatHex(Ed25519.sign(signer, WithdrawalMessage.bytes(LedgerBinding.LEGACY, proposal.hex())));
        return ConsensusRecords.withdrawal(proposal, storedKey, signature, "2026-11-25T12:00:01Z");
    }

    private Sha256 withdrawable() {
        return propose(new ProposalTerms(null, null, publicKey(PROPOSER)));
    }

    @Test
    void shouldAcceptVotesAndAppliesWithinTheTermsAndAWithdrawalByTheProposer() {
        Sha256 first = propose(new ProposalTerms(3L, "2026-11-25T13:00:00Z", null));
        chain.append(vote(VoteKind.APPROVE, first, "a"));
        chain.append(applied(first, null, "a"));
        Sha256 second = withdrawable();
        chain.append(vote(VoteKind.APPROVE, second, "a"));
        chain.append(withdrawal(second, PROPOSER, publicKey(PROPOSER)));
        chain.assertValid(OPEN);
    }

    @Test
    void shouldRefuseAVoteAfterTheLastBlock() {
        Sha256 proposal = propose(new ProposalTerms(2L, null, null));
        chain.append(
                ConsensusRecords.checkpoint(ml.consensus.model.BaseModel.create(), "x.model", "2026-11-25T12:00:00Z"));
        chain.append(vote(VoteKind.APPROVE, proposal, "a"));
        chain.assertBroken(OPEN, 3, 0, "proposal_expired");
    }

    @Test
    void shouldRefuseAnApplyAfterTheExpiryTime() {
        Sha256 proposal = propose(new ProposalTerms(null, "2026-11-25T12:00:02Z", null));
        chain.append(vote(VoteKind.APPROVE, proposal, "a"));
        // The apply record's own timestamp (12:00:02) is at the expiry instant: too late.
        chain.append(applied(proposal, null, "a"));
        chain.assertBroken(OPEN, chain.last(), 0, "proposal_expired");
    }

    @Test
    void shouldRefuseVotesAndAppliesAfterAWithdrawal() {
        Sha256 proposal = withdrawable();
        chain.append(vote(VoteKind.APPROVE, proposal, "a"));
        chain.append(withdrawal(proposal, PROPOSER, publicKey(PROPOSER)));
        chain.append(applied(proposal, null, "a"));
        chain.assertBroken(OPEN, chain.last(), 0, "proposal_withdrawn");
    }

    @Test
    void shouldRefuseAVoteAfterAWithdrawal() {
        Sha256 proposal = withdrawable();
        chain.append(withdrawal(proposal, PROPOSER, publicKey(PROPOSER)));
        chain.append(vote(VoteKind.REJECT, proposal, "b"));
        chain.assertBroken(OPEN, chain.last(), 0, "proposal_withdrawn");
    }

    @Test
    void shouldRefuseAWithdrawalByAnotherKey() {
        Sha256 proposal = withdrawable();
        chain.append(withdrawal(proposal, STRANGER, publicKey(STRANGER)));
        chain.assertBroken(OPEN, chain.last(), 0, "withdraw_key");
    }

    @Test
    void shouldRefuseAWithdrawalOfAProposalWithoutProposerKey() {
        Sha256 proposal = propose(ProposalTerms.NONE);
        chain.append(withdrawal(proposal, STRANGER, publicKey(STRANGER)));
        chain.assertBroken(OPEN, chain.last(), 0, "withdraw_key");
    }

    @Test
    void shouldRefuseAWithdrawalWhoseSignatureDoesNotVerify() {
        Sha256 proposal = withdrawable();
        chain.append(withdrawal(proposal, STRANGER, publicKey(PROPOSER)));
        chain.assertBroken(OPEN, chain.last(), 0, "withdraw_signature");
    }

    @Test
    void shouldRefuseAWithdrawalAfterTheApplyOrASecondOne() {
        Sha256 proposal = withdrawable();
        chain.append(vote(VoteKind.APPROVE, proposal, "a"));
        chain.append(applied(proposal, null, "a"));
        chain.append(withdrawal(proposal, PROPOSER, publicKey(PROPOSER)));
        chain.assertBroken(OPEN, chain.last(), 0, "withdraw_closed");
    }

    @Test
    void shouldRefuseAWithdrawalOfAnUnknownProposal() {
        chain.append(withdrawal(TestChain.H1, PROPOSER, publicKey(PROPOSER)));
        chain.assertBroken(OPEN, chain.last(), 0, "withdraw_proposal");
    }
}
