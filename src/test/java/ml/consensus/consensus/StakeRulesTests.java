package ml.consensus.consensus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.model.BaseModel;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.TrainingResult;
import ml.consensus.stake.SlashingRule;
import ml.consensus.stake.StakeBalances;
import ml.consensus.stake.StakeRecords;
import ml.consensus.stake.StakeRules;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.StakeMessage;
import ml.consensus.validator.ValidatorKey;
import ml.consensus.validator.ValidatorSet;
import ml.consensus.validator.VoteMessage;
import ml.consensus.validator.VoteSignature;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stake rules re-checked from the records alone, the way {@link LedgerRulesTests} checks the
 * voting rules: each test writes a small history in code (blocks are not mined) and names the
 * block, record and check that must fail. Scores are stated, not computed: whether they are the
 * model's true scores is {@link ModelReplay}'s job.
 */
class StakeRulesTests {

    private static final String ALICE = "validator-alice";
    private static final String BOB = "validator-bob";
    private static final String CAROL = "validator-carol";
    private static final String MALLORY = "validator-mallory";
    private static final String TIME = "2026-11-25T12:00:00Z";

    private static final Map<String, byte[]> PRIVATE_KEYS = new LinkedHashMap<>();
    private static VotingRules signed;
    private static Sha256 h0;
    private static final Sha256 H1 = Sha256.digest("model after update 1".getBytes(StandardCharsets.UTF_8));
    private static final Sha256 EVALUATION = Sha256.digest("evaluation set".getBytes(StandardCharsets.UTF_8));
    private static final TrainingResult RESULT = new TrainingResult(1, 3, 160, 160, List.of());

    /** Minimum 10 to vote; half the stake lost beyond a score change of 0.01. */
    private static final StakeRules STAKED = new StakeRules(10, false,
            Optional.of(new StakeRules.Slashing(0.01, 500_000)));

    /** The history under test, genesis first; blocks are not mined. */
    private final TestChain chain = new TestChain();
    private final List<Block> blocks = chain.blocks;
    private final StakeBalances balances = StakeBalances.empty();

    @BeforeAll
    static void keys() {
        List<String> ids = List.of(ALICE, BOB, CAROL, MALLORY);
        for (int i = 0; i < ids.size(); i++) {
            byte[] seed = new byte[Ed25519.PRIVATE_KEY_LENGTH];
            Arrays.fill(seed, (byte) (i + 1));
            PRIVATE_KEYS.put(ids.get(i), seed);
        }
        signed = VotingRules.signedBy(new ValidatorSet(2, List.of(key(ALICE), key(BOB), key(CAROL))));
        EmbeddingModel base = BaseModel.create();
        h0 = base.hash();
    }

    // --- building a history -------------------------------------------------------------------

    private static ValidatorKey key(String id) {
        return new ValidatorKey(id, publicKeyHex(id));
    }

    private static String publicKeyHex(String id) {
        return HexFormat.of().formatHex(Ed25519.publicKeyOf(PRIVATE_KEYS.get(id)));
    }

    private void append(LedgerRecord... records) {
        chain.append(records);
        List.of(records).forEach(balances::apply);
    }

    /** A bond or unbond signed by {@code signer} over exactly what the record states. */
    private LedgerRecord change(RecordType type, String validator, long amount, long sequence, long balanceAfter,
                                String signer) {
        String operation = type == RecordType.STAKE_BONDED ? StakeMessage.BOND : StakeMessage.UNBOND;
        byte[] signature = Ed25519.sign(PRIVATE_KEYS.get(signer),
                StakeMessage.bytes(operation, validator, amount, sequence));
        return StakeRecords.signedChange(type, validator, amount, sequence, balanceAfter, TIME,
                HexFormat.of().formatHex(signature), publicKeyHex(validator));
    }

    /** An honest bond: next sequence, true balance, signed by the validator. */
    private LedgerRecord bond(String validator, long amount) {
        return change(RecordType.STAKE_BONDED, validator, amount, balances.nextSequence(validator),
                balances.balanceOf(validator) + amount, validator);
    }

    private LedgerRecord unbond(String validator, long amount) {
        return change(RecordType.STAKE_UNBONDED, validator, amount, balances.nextSequence(validator),
                balances.balanceOf(validator) - amount, validator);
    }

    private Sha256 propose(String text) {
        ProposalContent content = new ProposalContent(List.of(text), 0.05, 0, h0, TIME, false);
        append(ConsensusRecords.proposal(content.hash(), content));
        return content.hash();
    }

    private static LedgerRecord vote(VoteKind kind, Sha256 proposal, String validator) {
        byte[] signature = Ed25519.sign(PRIVATE_KEYS.get(validator),
                VoteMessage.bytes(kind.wireName(), proposal.hex(), validator));
        return ConsensusRecords.vote(kind, proposal, validator, TIME,
                Optional.of(new VoteSignature(HexFormat.of().formatHex(signature), publicKeyHex(validator))));
    }

    private static LedgerRecord applied(Sha256 proposal, double before, double after, String... approvals) {
        return ConsensusRecords.modelUpdate(proposal, 1, List.of(approvals), 2, null, false, TIME, RESULT, h0, H1,
                Optional.of(new UpdateScore(EVALUATION, before, after)));
    }

    private static LedgerRecord slash(String validator, String reason, long amount, long balanceAfter,
                                      Sha256 proposal, double before, double after) {
        return StakeRecords.slashed(new SlashingRule.Slash(validator, reason, amount, balanceAfter), proposal, before,
                after, TIME);
    }

    /** Alice and Bob bond 100 each, Carol 40; a proposal gets Alice's and Bob's approvals and Carol's rejection. */
    private Sha256 votedProposal() {
        append(bond(ALICE, 100), bond(BOB, 100));
        append(bond(CAROL, 40));
        Sha256 proposal = propose("I have a fever");
        append(vote(VoteKind.APPROVE, proposal, ALICE), vote(VoteKind.REJECT, proposal, CAROL));
        append(vote(VoteKind.APPROVE, proposal, BOB));
        return proposal;
    }

    // --- checking -----------------------------------------------------------------------------

    private Optional<VerificationFailure> check(StakeRules rules) {
        return new LedgerRules(signed, rules).check(blocks);
    }

    private void assertBroken(StakeRules rules, long block, int record, String check) {
        VerificationFailure failure = check(rules).orElseThrow(
                () -> new AssertionError("expected rule " + check + " to fail at block " + block));
        assertThat(failure.check()).as(failure.message()).isEqualTo(check);
        assertThat(failure.blockIndex()).as(failure.message()).isEqualTo(block);
        assertThat(failure.recordIndex()).as(failure.message()).isEqualTo(record);
    }

    private long last() {
        return blocks.size() - 1;
    }

    // --- histories that keep the rules ----------------------------------------------------------

    @Test
    void shouldAcceptBondsUnbondsVotesAndTheSlashesAWorseningUpdateCallsFor() {
        Sha256 proposal = votedProposal();
        // Worse by 0.5 > 0.01: both approvers lose half their stake, in vote order, in the apply's block.
        append(applied(proposal, 3.0, 3.5, ALICE, BOB),
                slash(ALICE, SlashingRule.APPROVED_WORSENING, 50, 50, proposal, 3.0, 3.5),
                slash(BOB, SlashingRule.APPROVED_WORSENING, 50, 50, proposal, 3.0, 3.5));
        append(unbond(ALICE, 50));

        assertThat(check(STAKED)).isEmpty();
        assertThat(StakeBalances.atBlock(blocks, last()).balanceOf(ALICE)).isZero();
        assertThat(StakeBalances.atBlock(blocks, last() - 1).balanceOf(ALICE)).isEqualTo(50);
        assertThat(StakeBalances.atBlock(blocks, 1).balanceOf(ALICE)).isEqualTo(100);
        assertThat(StakeBalances.atBlock(blocks, last()).nextSequence(ALICE)).isEqualTo(2);
    }

    @Test
    void shouldAcceptTheSlashOfARejecterOfAnImprovingUpdateAndNoSlashWithinTolerance() {
        Sha256 proposal = votedProposal();
        append(applied(proposal, 3.0, 2.5, ALICE, BOB),
                slash(CAROL, SlashingRule.REJECTED_IMPROVING, 20, 20, proposal, 3.0, 2.5));
        Sha256 second = propose("High temperature");
        append(vote(VoteKind.APPROVE, second, ALICE));
        append(vote(VoteKind.APPROVE, second, BOB));
        append(applied(second, 2.5, 2.505, ALICE, BOB));

        assertThat(check(STAKED)).isEmpty();
    }

    @Test
    void shouldAcceptStakeRecordsUnderTheSeedsRulesAndIgnoreStakeThere() {
        append(bond(ALICE, 5));
        Sha256 proposal = propose("I have a fever");
        append(vote(VoteKind.APPROVE, proposal, ALICE));
        append(vote(VoteKind.APPROVE, proposal, BOB));
        append(applied(proposal, 3.0, 9.0, ALICE, BOB));

        assertThat(check(StakeRules.NONE)).isEmpty();
    }

    // --- bonds and unbonds ----------------------------------------------------------------------

    @Test
    void shouldRefuseABondSignedByAnotherKey() {
        append(change(RecordType.STAKE_BONDED, ALICE, 100, 0, 100, MALLORY));
        assertBroken(STAKED, last(), 0, "stake_signature");
    }

    @Test
    void shouldRefuseABondWhoseSignedAmountWasChanged() {
        LedgerRecord honest = bond(ALICE, 1);
        ObjectNode body = (ObjectNode) honest.json();
        body.put("amount", 1_000_000);
        body.put("balance_after", 1_000_000);
        append(LedgerRecord.of(RecordType.STAKE_BONDED, body));
        assertBroken(STAKED, last(), 0, "stake_signature");
    }

    @Test
    void shouldRefuseAReplayedBond() {
        LedgerRecord first = bond(ALICE, 100);
        append(first);
        // The same signed record again: its sequence is no longer the next one.
        append(first);
        assertBroken(STAKED, last(), 0, "stake_sequence");
    }

    @Test
    void shouldRefuseAnUnbondBelowZero() {
        append(bond(ALICE, 10));
        append(change(RecordType.STAKE_UNBONDED, ALICE, 11, 1, -1, ALICE));
        assertBroken(STAKED, last(), 0, "stake_balance");
    }

    @Test
    void shouldRefuseAStatedBalanceTheLedgerDoesNotGive() {
        append(bond(ALICE, 10));
        append(change(RecordType.STAKE_BONDED, ALICE, 10, 1, 25, ALICE));
        assertBroken(STAKED, last(), 0, "stake_balance_after");
    }

    @Test
    void shouldRefuseStakeOfAValidatorOutsideTheSet() {
        append(change(RecordType.STAKE_BONDED, MALLORY, 10, 0, 10, MALLORY));
        assertBroken(STAKED, last(), 0, "stake_validator");
    }

    @Test
    void shouldRefuseStakeOnALedgerWithoutValidatorKeys() {
        append(bond(ALICE, 10));
        VerificationFailure failure = new LedgerRules(VotingRules.open(1), STAKED).check(blocks).orElseThrow();
        assertThat(failure.check()).isEqualTo("stake_validator");
    }

    // --- minimum stake to vote ------------------------------------------------------------------

    @Test
    void shouldRefuseAVoteBelowTheMinimumStake() {
        append(bond(ALICE, 9));
        Sha256 proposal = propose("I have a fever");
        append(vote(VoteKind.APPROVE, proposal, ALICE));
        assertBroken(STAKED, last(), 0, "vote_stake");
        assertThat(check(StakeRules.NONE)).isEmpty();
    }

    @Test
    void shouldRefuseAVoteAfterTheStakeWasUnbondedInTheSameBlock() {
        append(bond(ALICE, 10));
        Sha256 proposal = propose("I have a fever");
        append(unbond(ALICE, 1), vote(VoteKind.APPROVE, proposal, ALICE));
        assertBroken(STAKED, last(), 1, "vote_stake");
    }

    // --- slashing -------------------------------------------------------------------------------

    @Test
    void shouldRefuseAnApplyWhoseSlashesAreMissing() {
        Sha256 proposal = votedProposal();
        append(applied(proposal, 3.0, 3.5, ALICE, BOB),
                slash(ALICE, SlashingRule.APPROVED_WORSENING, 50, 50, proposal, 3.0, 3.5));
        // Bob's slash is missing: the block ends after Alice's.
        assertBroken(STAKED, last(), 2, "missing_slash");
    }

    @Test
    void shouldRefuseASlashInALaterBlockThanItsApply() {
        Sha256 proposal = votedProposal();
        append(applied(proposal, 3.0, 3.5, ALICE, BOB));
        append(slash(ALICE, SlashingRule.APPROVED_WORSENING, 50, 50, proposal, 3.0, 3.5),
                slash(BOB, SlashingRule.APPROVED_WORSENING, 50, 50, proposal, 3.0, 3.5));
        assertBroken(STAKED, last() - 1, 1, "missing_slash");
    }

    @Test
    void shouldRefuseASlashNoApplyCallsFor() {
        Sha256 proposal = votedProposal();
        append(applied(proposal, 3.0, 3.005, ALICE, BOB),
                slash(CAROL, SlashingRule.REJECTED_IMPROVING, 20, 20, proposal, 3.0, 3.005));
        assertBroken(STAKED, last(), 1, "unexpected_slash");
    }

    @Test
    void shouldRefuseASlashOfTheWrongAmountOrValidator() {
        Sha256 proposal = votedProposal();
        append(applied(proposal, 3.0, 3.5, ALICE, BOB),
                slash(ALICE, SlashingRule.APPROVED_WORSENING, 99, 1, proposal, 3.0, 3.5),
                slash(BOB, SlashingRule.APPROVED_WORSENING, 50, 50, proposal, 3.0, 3.5));
        assertBroken(STAKED, last(), 1, "slash");

        blocks.remove(blocks.size() - 1);
        append(applied(proposal, 3.0, 3.5, ALICE, BOB),
                slash(CAROL, SlashingRule.APPROVED_WORSENING, 20, 20, proposal, 3.0, 3.5),
                slash(BOB, SlashingRule.APPROVED_WORSENING, 50, 50, proposal, 3.0, 3.5));
        assertBroken(STAKED, last(), 1, "slash");
    }

    @Test
    void shouldRefuseAnUnscoredApplyWhereSlashingApplies() {
        Sha256 proposal = votedProposal();
        append(ConsensusRecords.modelUpdate(proposal, 1, List.of(ALICE, BOB), 2, false, TIME, RESULT, h0, H1));
        assertBroken(STAKED, last(), 0, "apply_score");
        assertThat(check(new StakeRules(10, false, Optional.empty()))).isEmpty();
    }
}
