package ml.consensus.writer;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.model.BaseModel;
import ml.consensus.model.TrainingResult;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.GovernanceChange;
import ml.consensus.rules.GovernanceProposal;
import ml.consensus.rules.LedgerRules;
import ml.consensus.rules.ProposalContent;
import ml.consensus.rules.ProposalTerms;
import ml.consensus.rules.RuleBreach;
import ml.consensus.rules.RuleCode;
import ml.consensus.rules.SeededKeys;
import ml.consensus.rules.StakeBalances;
import ml.consensus.rules.StakeRecords;
import ml.consensus.rules.StakeRules;
import ml.consensus.rules.TestChain;
import ml.consensus.rules.VoteKind;
import ml.consensus.rules.VotingRules;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.LedgerBinding;
import ml.consensus.validator.StakeMessage;
import ml.consensus.validator.ValidatorSet;
import ml.consensus.validator.VoteMessage;
import ml.consensus.validator.VoteSignature;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15.6: a key rotation by removing a validator and adding it again with a new key must not
 * revive the votes its old key cast. Carol approves a proposal, governance removes her and adds
 * "validator-carol" back with another key; Alice's approval then makes two votes by id, but only
 * one by a key in force, so the apply is refused live and fails on replay.
 */
class KeyRotationTests {

    private static final String ALICE = "validator-alice";
    private static final String BOB = "validator-bob";
    private static final String CAROL = "validator-carol";
    /** Carol's new key, made from another seed. */
    private static final String NEW_KEY = "new-key";

    private static final String TIME = "2026-11-25T12:00:00Z";
    private static final SeededKeys KEYS = new SeededKeys(List.of(ALICE, BOB, CAROL, NEW_KEY));
    private static final VotingRules SIGNED =
            VotingRules.signedBy(new ValidatorSet(2, List.of(KEYS.key(ALICE), KEYS.key(BOB), KEYS.key(CAROL))));
    private static final StakeRules MINIMUM_10 = new StakeRules(10, false, Optional.empty());
    private static final Sha256 H0 = BaseModel.create().hash();
    private static final TrainingResult RESULT = new TrainingResult(1, 3, 160, 160, List.of());

    @Test
    void shouldNotCountAVoteOfTheOldKeyAfterRemoveThenAdd() {
        TestChain chain = new TestChain();
        ProposalContent content = new ProposalContent(List.of("fever"), 0.05, 0, H0, TIME, false);
        Sha256 training = content.hash();
        chain.append(ConsensusRecords.proposal(training, content), vote(training, CAROL, CAROL));
        govern(chain, new GovernanceChange.RemoveValidator(CAROL), "remove_validator");
        govern(chain, new GovernanceChange.AddValidator(CAROL, KEYS.publicKeyHex(NEW_KEY), 1), "add_validator");
        chain.append(vote(training, ALICE, ALICE));
        LedgerRecord apply = ConsensusRecords.modelUpdate(
                training, 1, List.of(CAROL, ALICE), 2, false, TIME, RESULT, H0, Sha256.digest(new byte[] {1}));

        LiveRules live = new LiveRules(SIGNED);
        live.load(chain.blocks);
        Optional<RuleBreach> refused = new BlockAssembly(live, chain.blocks.size()).admit(List.of(apply));
        assertThat(refused).map(RuleBreach::code).contains(RuleCode.APPLY_QUORUM);

        chain.append(apply);
        assertThat(new LedgerRules(SIGNED).check(chain.blocks))
                .map(f -> f.check())
                .contains(RuleCode.APPLY_QUORUM.wireName());
    }

    /**
     * Issue 15.6, stake half: Carol bonds 40 under her old key, is removed and added back with a
     * new key that never bonded. The new key must hold no stake, so under a minimum of 10 its vote
     * is refused live and fails on replay.
     */
    @Test
    void shouldNotLetTheNewKeyInheritTheOldKeysStake() {
        TestChain chain = new TestChain();
        chain.append(StakeRecords.rulesDeclared(MINIMUM_10, TIME), bond(CAROL, CAROL, 40, 0, 40));
        ProposalContent content = new ProposalContent(List.of("fever"), 0.05, 0, H0, TIME, false);
        Sha256 training = content.hash();
        chain.append(ConsensusRecords.proposal(training, content));
        chain.append(bond(ALICE, ALICE, 10, 0, 10), bond(BOB, BOB, 10, 0, 10));
        govern(chain, new GovernanceChange.RemoveValidator(CAROL), "remove_validator");
        govern(chain, new GovernanceChange.AddValidator(CAROL, KEYS.publicKeyHex(NEW_KEY), 1), "add_validator");
        LedgerRecord newKeyVote = vote(training, CAROL, NEW_KEY);

        LiveRules live = new LiveRules(SIGNED);
        live.load(chain.blocks);
        Optional<RuleBreach> refused = new BlockAssembly(live, chain.blocks.size()).admit(List.of(newKeyVote));
        assertThat(refused).map(RuleBreach::code).contains(RuleCode.VOTE_STAKE);

        chain.append(newKeyVote);
        assertThat(new LedgerRules(SIGNED).check(chain.blocks))
                .map(f -> f.check())
                .contains(RuleCode.VOTE_STAKE.wireName());
    }

    /**
     * The old key's stake stays its own: removed, Carol unbonds part of it with the old key;
     * re-added with a new key, the new key bonds from 0 (the sequence counts on by id) and only
     * that bond weighs.
     */
    @Test
    void shouldLeaveTheOldKeysStakeToTheOldKey() {
        TestChain chain = new TestChain();
        chain.append(
                StakeRecords.rulesDeclared(MINIMUM_10, TIME),
                bond(CAROL, CAROL, 40, 0, 40),
                bond(ALICE, ALICE, 10, 0, 10),
                bond(BOB, BOB, 10, 0, 10));
        govern(chain, new GovernanceChange.RemoveValidator(CAROL), "remove_validator");
        chain.append(change(RecordType.STAKE_UNBONDED, CAROL, CAROL, 15, 1, 25));
        govern(chain, new GovernanceChange.AddValidator(CAROL, KEYS.publicKeyHex(NEW_KEY), 1), "add_validator");
        chain.append(bond(CAROL, NEW_KEY, 5, 2, 5));
        assertThat(new LedgerRules(SIGNED).check(chain.blocks)).isEmpty();

        StakeBalances balances = StakeBalances.atBlock(chain.blocks, chain.blocks.size() - 1L);
        assertThat(balances.balanceOf(CAROL, KEYS.publicKeyHex(NEW_KEY))).isEqualTo(5);
        assertThat(balances.balanceOf(CAROL, KEYS.publicKeyHex(CAROL))).isZero();
        assertThat(balances.account(CAROL, KEYS.publicKeyHex(CAROL)).balance()).isEqualTo(25);
        assertThat(balances.nextSequence(CAROL)).isEqualTo(3);
    }

    private static LedgerRecord bond(String validator, String signer, long amount, long sequence, long after) {
        return change(RecordType.STAKE_BONDED, validator, signer, amount, sequence, after);
    }

    private static LedgerRecord change(
            RecordType type, String validator, String signer, long amount, long sequence, long after) {
        String operation = type == RecordType.STAKE_BONDED ? StakeMessage.BOND : StakeMessage.UNBOND;
        byte[] signature = Ed25519.sign(
                KEYS.privateKey(signer),
                StakeMessage.bytes(LedgerBinding.LEGACY, operation, validator, amount, sequence));
        return StakeRecords.signedChange(
                type,
                validator,
                amount,
                sequence,
                after,
                TIME,
                HexFormat.of().formatHex(signature),
                KEYS.publicKeyHex(signer));
    }

    private static void govern(TestChain chain, GovernanceChange change, String action) {
        GovernanceProposal proposal = new GovernanceProposal(change, TIME, ProposalTerms.NONE);
        Sha256 hash = proposal.hash();
        chain.append(
                ConsensusRecords.governanceProposal(hash, proposal), vote(hash, ALICE, ALICE), vote(hash, BOB, BOB));
        chain.append(ConsensusRecords.governanceApplied(
                hash, List.of(ALICE, BOB), 2, SIGNED.policy().text(), action, TIME));
    }

    private static LedgerRecord vote(Sha256 proposal, String validator, String signer) {
        byte[] signature = Ed25519.sign(
                KEYS.privateKey(signer),
                VoteMessage.bytes(LedgerBinding.LEGACY, VoteKind.APPROVE.wireName(), proposal.hex(), validator));
        return ConsensusRecords.vote(
                VoteKind.APPROVE,
                proposal,
                validator,
                TIME,
                Optional.of(new VoteSignature(HexFormat.of().formatHex(signature), KEYS.publicKeyHex(signer))));
    }
}
