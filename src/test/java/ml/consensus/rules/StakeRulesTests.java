package ml.consensus.rules;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.model.BaseModel;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.TrainingResult;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.LedgerBinding;
import ml.consensus.validator.StakeMessage;
import ml.consensus.validator.ValidatorSet;
import ml.consensus.validator.VoteMessage;
import ml.consensus.validator.VoteSignature;
import ml.consensus.verification.ModelReplay;

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

    private static final SeededKeys KEYS = new SeededKeys(List.of(ALICE, BOB, CAROL, MALLORY));
    private static VotingRules signed;
    private static Sha256 h0;
    private static final Sha256 H1 = Sha256.digest("model after update 1".getBytes(StandardCharsets.UTF_8));
    private static final Sha256 EVALUATION = Sha256.digest("evaluation set".getBytes(StandardCharsets.UTF_8));
    private static final TrainingResult RESULT = new TrainingResult(1, 3, 160, 160, List.of());

    /** Minimum 10 to vote; half the stake lost beyond a score change of 0.01. */
    private static final StakeRules STAKED =
            new StakeRules(10, false, Optional.of(new StakeRules.Slashing(0.01, 500_000)));

    /** The history under test, genesis first; blocks are not mined. */
    private final TestChain chain = new TestChain();

    private final List<Block> blocks = chain.blocks;
    private final StakeBalances balances = StakeBalances.empty();

    @BeforeAll
    static void keys() {
        signed = VotingRules.signedBy(new ValidatorSet(2, List.of(KEYS.key(ALICE), KEYS.key(BOB), KEYS.key(CAROL))));
        EmbeddingModel base = BaseModel.create();
        h0 = base.hash();
    }

    // --- building a history -------------------------------------------------------------------

    private void append(LedgerRecord... records) {
        chain.append(records);
        List.of(records).forEach(balances::apply);
    }

    /** A bond or unbond signed by {@code signer} over exactly what the record states. */
    private LedgerRecord change(
            RecordType type, String validator, long amount, long sequence, long balanceAfter, String signer) {
        String operation = type == RecordType.STAKE_BONDED ? StakeMessage.BOND : StakeMessage.UNBOND;
        byte[] signature = Ed25519.sign(
                KEYS.privateKey(signer),
                StakeMessage.bytes(LedgerBinding.LEGACY, operation, validator, amount, sequence));
        return StakeRecords.signedChange(
                type,
                validator,
                amount,
                sequence,
                balanceAfter,
                TIME,
                HexFormat.of().formatHex(signature),
                KEYS.publicKeyHex(validator));
    }

    /** An honest bond: next sequence, true balance, signed by the validator. */
    private LedgerRecord bond(String validator, long amount) {
        return change(
                RecordType.STAKE_BONDED,
                validator,
                amount,
                balances.nextSequence(validator),
                balances.balanceOf(validator) + amount,
                validator);
    }

    private LedgerRecord unbond(String validator, long amount) {
        return change(
                RecordType.STAKE_UNBONDED,
                validator,
                amount,
                balances.nextSequence(validator),
                balances.balanceOf(validator) - amount,
                validator);
    }

    private Sha256 propose(String text) {
        ProposalContent content = new ProposalContent(List.of(text), 0.05, 0, h0, TIME, false);
        append(ConsensusRecords.proposal(content.hash(), content));
        return content.hash();
    }

    private static LedgerRecord vote(VoteKind kind, Sha256 proposal, String validator) {
        byte[] signature = Ed25519.sign(
                KEYS.privateKey(validator),
                VoteMessage.bytes(LedgerBinding.LEGACY, kind.wireName(), proposal.hex(), validator));
        return ConsensusRecords.vote(
                kind,
                proposal,
                validator,
                TIME,
                Optional.of(new VoteSignature(HexFormat.of().formatHex(signature), KEYS.publicKeyHex(validator))));
    }

    private static LedgerRecord applied(Sha256 proposal, double before, double after, String... approvals) {
        return ConsensusRecords.modelUpdate(
                proposal,
                1,
                List.of(approvals),
                2,
                null,
                false,
                TIME,
                RESULT,
                h0,
                H1,
                Optional.of(new UpdateScore(EVALUATION, before, after)));
    }

    private static LedgerRecord slash(
            String validator,
            String reason,
            long amount,
            long balanceAfter,
            Sha256 proposal,
            double before,
            double after) {
        return StakeRecords.slashed(
                new SlashingRule.Slash(validator, reason, amount, balanceAfter), proposal, before, after, TIME);
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

    /**
     * Checks the history as written under {@code rules}: the ledger declares them in block 0, next
     * to genesis, so that one history can be checked under several rules and the block numbers the
     * tests name stay those of the history as built. {@link LedgerRules} reads a declaration there
     * as from any block before the first proposal
     * (see {@link #shouldReadRulesDeclaredInAnyBlockBeforeTheFirstProposal}).
     */
    private Optional<VerificationFailure> check(StakeRules rules) {
        return check(signed, rules);
    }

    private Optional<VerificationFailure> check(VotingRules voting, StakeRules rules) {
        List<Block> declared = new java.util.ArrayList<>(blocks);
        if (!rules.equals(StakeRules.NONE)) {
            Block genesis = blocks.get(0);
            List<LedgerRecord> records = new java.util.ArrayList<>(genesis.records());
            records.add(StakeRecords.rulesDeclared(rules, TIME));
            declared.set(0, new Block(genesis.header(), genesis.hash(), records));
        }
        return new LedgerRules(voting).check(declared);
    }

    private void assertBroken(StakeRules rules, long block, int record, String check) {
        VerificationFailure failure = check(rules)
                .orElseThrow(() -> new AssertionError("expected rule " + check + " to fail at block " + block));
        assertThat(failure.check()).as(failure.message()).isEqualTo(check);
        assertThat(failure.blockIndex()).as(failure.message()).isEqualTo(block);
        assertThat(failure.recordIndex()).as(failure.message()).isEqualTo(record);
    }

    private long last() {
        return blocks.size() - 1L;
    }

    // --- histories that keep the rules ----------------------------------------------------------

    @Test
    void shouldAcceptBondsUnbondsVotesAndTheSlashesAWorseningUpdateCallsFor() {
        Sha256 proposal = votedProposal();
        // Worse by 0.5 > 0.01: both approvers lose half their stake, in vote order, in the apply's block.
        append(
                applied(proposal, 3.0, 3.5, ALICE, BOB),
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
        append(
                applied(proposal, 3.0, 2.5, ALICE, BOB),
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
        VerificationFailure failure =
                check(VotingRules.open(1), StakeRules.NONE).orElseThrow();
        assertThat(failure.check()).isEqualTo("stake_validator");
        assertThat(check(VotingRules.open(1), STAKED).orElseThrow().check()).isEqualTo("stake_rules_invalid");
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
        append(
                applied(proposal, 3.0, 3.5, ALICE, BOB),
                slash(ALICE, SlashingRule.APPROVED_WORSENING, 50, 50, proposal, 3.0, 3.5));
        // Bob's slash is missing: the block ends after Alice's.
        assertBroken(STAKED, last(), 2, "missing_slash");
    }

    @Test
    void shouldRefuseASlashInALaterBlockThanItsApply() {
        Sha256 proposal = votedProposal();
        append(applied(proposal, 3.0, 3.5, ALICE, BOB));
        append(
                slash(ALICE, SlashingRule.APPROVED_WORSENING, 50, 50, proposal, 3.0, 3.5),
                slash(BOB, SlashingRule.APPROVED_WORSENING, 50, 50, proposal, 3.0, 3.5));
        assertBroken(STAKED, last() - 1, 1, "missing_slash");
    }

    @Test
    void shouldRefuseASlashNoApplyCallsFor() {
        Sha256 proposal = votedProposal();
        append(
                applied(proposal, 3.0, 3.005, ALICE, BOB),
                slash(CAROL, SlashingRule.REJECTED_IMPROVING, 20, 20, proposal, 3.0, 3.005));
        assertBroken(STAKED, last(), 1, "unexpected_slash");
    }

    @Test
    void shouldRefuseASlashOfTheWrongAmountOrValidator() {
        Sha256 proposal = votedProposal();
        append(
                applied(proposal, 3.0, 3.5, ALICE, BOB),
                slash(ALICE, SlashingRule.APPROVED_WORSENING, 99, 1, proposal, 3.0, 3.5),
                slash(BOB, SlashingRule.APPROVED_WORSENING, 50, 50, proposal, 3.0, 3.5));
        assertBroken(STAKED, last(), 1, "slash");

        blocks.remove(blocks.size() - 1);
        append(
                applied(proposal, 3.0, 3.5, ALICE, BOB),
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

    // --- the stake rules on the ledger ------------------------------------------------------------

    /** Weight is the bonded stake; no minimum, no slashing. */
    private static final StakeRules WEIGHTED = new StakeRules(0, true, Optional.empty());

    private static LedgerRecord declared(StakeRules rules) {
        return StakeRecords.rulesDeclared(rules, TIME);
    }

    /** Proposes {@code change}; Alice and Bob approve it. The apply is left to the caller. */
    private Sha256 approvedChange(GovernanceChange change) {
        GovernanceProposal proposal = new GovernanceProposal(change, TIME, ProposalTerms.NONE);
        append(ConsensusRecords.governanceProposal(proposal.hash(), proposal));
        append(vote(VoteKind.APPROVE, proposal.hash(), ALICE), vote(VoteKind.APPROVE, proposal.hash(), BOB));
        return proposal.hash();
    }

    private static LedgerRecord governed(Sha256 proposal, GovernanceChange change) {
        return ConsensusRecords.governanceApplied(proposal, List.of(ALICE, BOB), 2, "Count(2)", change.action(), TIME);
    }

    private void govern(GovernanceChange change) {
        append(governed(approvedChange(change), change));
    }

    private static LedgerRecord appliedUnder(String policy, Sha256 proposal, String... approvals) {
        return ConsensusRecords.modelUpdate(
                proposal, 1, List.of(approvals), 1, policy, false, TIME, RESULT, h0, H1, Optional.empty());
    }

    @Test
    void shouldReadRulesDeclaredInAnyBlockBeforeTheFirstProposal() {
        append(bond(ALICE, 5));
        append(declared(STAKED));
        Sha256 proposal = propose("I have a fever");
        append(vote(VoteKind.APPROVE, proposal, BOB), bond(ALICE, 5));
        append(vote(VoteKind.APPROVE, proposal, ALICE));
        // Bob holds nothing: the declared minimum of 10 holds for his vote.
        chain.assertBroken(signed, last() - 1, 0, "vote_stake");
    }

    @Test
    void shouldRefuseASecondDeclarationOfStakeRules() {
        append(declared(STAKED));
        append(declared(WEIGHTED));
        chain.assertBroken(signed, last(), 0, "stake_rules_redeclared");
    }

    @Test
    void shouldRefuseStakeRulesDeclaredAfterAProposal() {
        propose("I have a fever");
        append(declared(STAKED));
        chain.assertBroken(signed, last(), 0, "stake_rules_declared_late");
    }

    @Test
    void shouldRefuseADeclarationWithAFieldOutOfRange() {
        ObjectNode body = ml.consensus.hashing.CanonicalJson.newObject();
        StakeRecords.writeRules(STAKED, body);
        body.put("slash_fraction_ppm", 2_000_000);
        body.put("timestamp", TIME);
        append(LedgerRecord.of(RecordType.STAKE_RULES_DECLARED, body));
        chain.assertBroken(signed, last(), 0, "record_fields");
    }

    @Test
    void shouldHoldStakeRulesSetByGovernanceFromTheNextBlock() {
        Sha256 proposal = propose("I have a fever");
        GovernanceChange change = new GovernanceChange.SetStakeRules(STAKED);
        Sha256 governance = approvedChange(change);
        // Carol votes in the block that changes the rules: the rules before it still hold for her.
        append(governed(governance, change), vote(VoteKind.APPROVE, proposal, CAROL));
        assertThat(chain.check(signed)).isEmpty();
        append(vote(VoteKind.APPROVE, proposal, ALICE));
        chain.assertBroken(signed, last(), 0, "vote_stake");
    }

    @Test
    void shouldRefuseGovernedStakeRulesAlreadyInForce() {
        govern(new GovernanceChange.SetStakeRules(StakeRules.NONE));
        chain.assertBroken(signed, last(), 0, "governance_invalid");
    }

    @Test
    void shouldCheckStakeSignaturesAgainstTheValidatorSetInForce() {
        append(bond(ALICE, 10));
        govern(new GovernanceChange.AddValidator(MALLORY, KEYS.publicKeyHex(MALLORY), 1));
        append(bond(MALLORY, 10));
        govern(new GovernanceChange.RemoveValidator(ALICE));
        // A removed validator may take its stake out, signed with the key it held ...
        append(unbond(ALICE, 10));
        assertThat(chain.check(signed)).isEmpty();
        // ... but not put more in.
        append(bond(ALICE, 5));
        chain.assertBroken(signed, last(), 0, "stake_validator");
    }

    @Test
    void shouldWeighApprovalsByStakeWhereWeightDerivesFromStake() {
        // The stake rules come first: Weight(150) is in stake, beyond what three weights of 1 could meet.
        append(declared(WEIGHTED), ConsensusRecords.policyDeclared("Weight(150)", TIME));
        append(bond(ALICE, 100), bond(BOB, 100), bond(CAROL, 40));
        Sha256 proposal = propose("I have a fever");
        append(vote(VoteKind.APPROVE, proposal, ALICE), vote(VoteKind.REJECT, proposal, CAROL));
        append(vote(VoteKind.APPROVE, proposal, BOB));
        append(appliedUnder("Weight(150)", proposal, ALICE, BOB));
        assertThat(chain.check(signed)).isEmpty();
    }

    @Test
    void shouldWeighApprovalsByTheStakeHeldWhenTheProposalIsApplied() {
        append(declared(WEIGHTED), ConsensusRecords.policyDeclared("Weight(150)", TIME));
        append(bond(ALICE, 100), bond(BOB, 100));
        Sha256 proposal = propose("I have a fever");
        append(vote(VoteKind.APPROVE, proposal, ALICE), vote(VoteKind.APPROVE, proposal, BOB));
        // Approved with 200; Alice then takes out 100, leaving 100 of the 150 needed.
        append(unbond(ALICE, 100));
        append(appliedUnder("Weight(150)", proposal, ALICE, BOB));
        chain.assertBroken(signed, last(), 0, "apply_quorum");
    }

    @Test
    void shouldRefuseAWeightPolicyTheConfiguredWeightsCannotMeetWithoutWeightFromStake() {
        append(ConsensusRecords.policyDeclared("Weight(150)", TIME));
        chain.assertBroken(signed, last(), 0, "policy_invalid");
    }

    @Test
    void shouldRefuseWeightFromStakeOnALedgerWhoseVotesAreNotSigned() {
        // Nobody could bond, so every validator would weigh 0 and no proposal could pass again.
        assertThat(check(VotingRules.open(1), WEIGHTED).orElseThrow().check()).isEqualTo("stake_rules_invalid");
    }

    @Test
    void shouldRefuseABondInTheBlockThatAddsTheValidator() {
        // The set in force changes from the next block: in the block of the change Mallory is not a member yet.
        GovernanceChange add = new GovernanceChange.AddValidator(MALLORY, KEYS.publicKeyHex(MALLORY), 1);
        Sha256 proposal = approvedChange(add);
        append(governed(proposal, add), bond(MALLORY, 10));
        chain.assertBroken(signed, last(), 1, "stake_validator");
    }

    @Test
    void shouldRefuseADeclarationWithAFieldItDoesNotDefine() {
        ObjectNode body = ml.consensus.hashing.CanonicalJson.newObject();
        StakeRecords.writeRules(STAKED, body);
        body.put("maximum_to_vote", 5);
        body.put("timestamp", TIME);
        append(LedgerRecord.of(RecordType.STAKE_RULES_DECLARED, body));
        chain.assertBroken(signed, last(), 0, "record_fields");
    }
}
