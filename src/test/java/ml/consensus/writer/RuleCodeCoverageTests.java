package ml.consensus.writer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.model.BaseModel;
import ml.consensus.model.TrainingResult;
import ml.consensus.refusal.Refusal;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.GovernanceChange;
import ml.consensus.rules.GovernanceProposal;
import ml.consensus.rules.LedgerRules;
import ml.consensus.rules.ProposalContent;
import ml.consensus.rules.ProposalTerms;
import ml.consensus.rules.RuleBreach;
import ml.consensus.rules.RuleCode;
import ml.consensus.rules.SeededKeys;
import ml.consensus.rules.SlashingRule;
import ml.consensus.rules.StakeBalances;
import ml.consensus.rules.StakeRecords;
import ml.consensus.rules.StakeRules;
import ml.consensus.rules.TestChain;
import ml.consensus.rules.UpdateScore;
import ml.consensus.rules.VoteKind;
import ml.consensus.rules.VotingRules;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.StakeMessage;
import ml.consensus.validator.ValidatorSet;
import ml.consensus.validator.VoteMessage;
import ml.consensus.validator.VoteSignature;
import ml.consensus.validator.WithdrawalMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every live refusal beside its replay check, one row per {@link RuleCode}. For each code a
 * scenario writes a committed prefix and then the writes of one more block, the last of which
 * breaks the rule. The live node stages that block's writes on the state it loads from the prefix
 * ({@link LiveRules}, {@link BlockAssembly}, exactly as {@link LedgerWriter} does) and must refuse
 * the last one with the refusal kind {@link RuleCode} maps the code to; replay of the ledger that
 * holds the block must report the same code at the same record. A code added without a scenario
 * fails {@link #shouldHaveAScenarioForEveryRuleCode()}.
 */
class RuleCodeCoverageTests {

    private static final String ALICE = "validator-alice";
    private static final String BOB = "validator-bob";
    private static final String CAROL = "validator-carol";
    private static final String MALLORY = "validator-mallory";
    private static final String PROPOSER = "proposer";
    private static final String TIME = "2026-11-25T12:00:00Z";
    private static final SeededKeys KEYS = new SeededKeys(List.of(ALICE, BOB, CAROL, MALLORY, PROPOSER));
    private static final VotingRules SIGNED =
            VotingRules.signedBy(new ValidatorSet(2, List.of(KEYS.key(ALICE), KEYS.key(BOB), KEYS.key(CAROL))));
    private static final Sha256 H0 = BaseModel.create().hash();
    private static final Sha256 H1 = Sha256.digest("model after".getBytes(StandardCharsets.UTF_8));
    private static final Sha256 H2 = Sha256.digest("another model".getBytes(StandardCharsets.UTF_8));
    private static final Sha256 EVALUATION = Sha256.digest("evaluation".getBytes(StandardCharsets.UTF_8));
    private static final TrainingResult RESULT = new TrainingResult(1, 3, 160, 160, List.of());
    private static final long TOO_MUCH = StakeBalances.MAX_BALANCE + 1;
    private static final StakeRules MINIMUM_TEN = new StakeRules(10, false, Optional.empty());
    private static final StakeRules SLASHING =
            new StakeRules(0, false, Optional.of(new StakeRules.Slashing(0.01, 500_000)));

    /** A committed prefix (after genesis) and the writes of the next block; the last write breaks the rule. */
    private static final class Scenario {
        final List<List<LedgerRecord>> committed = new ArrayList<>();
        final List<List<LedgerRecord>> block = new ArrayList<>();
        VotingRules rules = SIGNED;

        Scenario commit(LedgerRecord... records) {
            committed.add(List.of(records));
            return this;
        }

        Scenario write(LedgerRecord... records) {
            block.add(List.of(records));
            return this;
        }
    }

    private static final Map<RuleCode, Consumer<Scenario>> SCENARIOS = new EnumMap<>(RuleCode.class);

    static {
        Sha256 p = content("batch").hash();
        SCENARIOS.put(
                RuleCode.RECORD_FIELDS,
                s -> s.commit(proposal("batch")).write(without(vote(VoteKind.APPROVE, p, ALICE), "proposal_hash")));
        SCENARIOS.put(RuleCode.GENESIS, s -> s.write(ConsensusRecords.genesis(BaseModel.create())));
        SCENARIOS.put(
                RuleCode.PROPOSAL_HASH,
                s -> s.write(ConsensusRecords.proposal(content("other").hash(), content("x"))));
        SCENARIOS.put(
                RuleCode.DUPLICATE_PROPOSAL, s -> s.commit(proposal("batch")).write(proposal("batch")));
        SCENARIOS.put(RuleCode.VOTE_PROPOSAL, s -> s.write(vote(VoteKind.APPROVE, p, ALICE)));
        SCENARIOS.put(
                RuleCode.VOTE_CLOSED,
                s -> approved(s).commit(applied(p, ALICE, BOB)).write(vote(VoteKind.APPROVE, p, CAROL)));
        SCENARIOS.put(
                RuleCode.DUPLICATE_VOTE,
                s -> s.commit(proposal("batch"), vote(VoteKind.APPROVE, p, ALICE))
                        .write(vote(VoteKind.REJECT, p, ALICE)));
        SCENARIOS.put(
                RuleCode.VOTE_VALIDATOR, s -> s.commit(proposal("batch")).write(vote(VoteKind.APPROVE, p, MALLORY)));
        SCENARIOS.put(
                RuleCode.VOTE_SIGNATURE,
                s -> s.commit(proposal("batch"))
                        .write(ConsensusRecords.vote(VoteKind.APPROVE, p, ALICE, TIME, Optional.empty())));
        SCENARIOS.put(
                RuleCode.VOTE_KEY, s -> s.commit(proposal("batch")).write(signedAs(VoteKind.APPROVE, p, ALICE, BOB)));
        SCENARIOS.put(
                RuleCode.VOTE_STAKE,
                s -> s.commit(StakeRecords.rulesDeclared(MINIMUM_TEN, TIME))
                        .commit(proposal("batch"))
                        .write(vote(VoteKind.APPROVE, p, ALICE)));
        SCENARIOS.put(RuleCode.APPLY_PROPOSAL, s -> s.write(applied(p, ALICE, BOB)));
        SCENARIOS.put(
                RuleCode.DUPLICATE_APPLY,
                s -> approved(s).commit(applied(p, ALICE, BOB)).write(applied(p, ALICE, BOB)));
        SCENARIOS.put(
                RuleCode.APPLY_QUORUM,
                s -> s.commit(proposal("batch"), vote(VoteKind.APPROVE, p, ALICE))
                        .write(applied(p, ALICE)));
        SCENARIOS.put(RuleCode.APPLY_POLICY, s -> approved(s).write(update(p, "All", false, H0, Optional.empty())));
        SCENARIOS.put(RuleCode.APPLY_APPROVALS, s -> approved(s).write(applied(p, ALICE, CAROL)));
        SCENARIOS.put(RuleCode.APPLY_BASE, s -> approved(s).write(update(p, null, true, H2, Optional.empty())));
        SCENARIOS.put(RuleCode.APPLY_REBASED_FLAG, s -> {
            ProposalContent rebasable = new ProposalContent(List.of("rebasable"), 0.05, 0, H0, TIME, true);
            Sha256 r = rebasable.hash();
            s.commit(ConsensusRecords.proposal(r, rebasable), vote(VoteKind.APPROVE, r, ALICE))
                    .commit(vote(VoteKind.APPROVE, r, BOB))
                    .write(update(r, null, true, H0, Optional.empty()));
        });
        SCENARIOS.put(
                RuleCode.APPLY_SCORE,
                s -> approved(s.commit(StakeRecords.rulesDeclared(SLASHING, TIME)))
                        .write(applied(p, ALICE, BOB)));
        SCENARIOS.put(RuleCode.GOVERNANCE_PROPOSAL, s -> s.write(governed(p, "remove_validator", ALICE, BOB)));
        SCENARIOS.put(RuleCode.GOVERNANCE_INVALID, s -> {
            Sha256 g = governance(s, new GovernanceChange.AddValidator(ALICE, KEYS.publicKeyHex(ALICE), 1));
            s.write(governed(g, "add_validator", ALICE, BOB));
        });
        SCENARIOS.put(RuleCode.RULES_CHANGED_TWICE, s -> {
            Sha256 first = governance(s, new GovernanceChange.SetWeight(ALICE, 2));
            Sha256 second = governance(s, new GovernanceChange.SetWeight(BOB, 2));
            s.write(governed(first, "set_weight", ALICE, BOB)).write(governed(second, "set_weight", ALICE, BOB));
        });
        ProposalContent withdrawable = new ProposalContent(
                List.of("withdrawable"), 0.05, 0, H0, TIME, false, new ProposalTerms(null, null, pub(PROPOSER)));
        Sha256 w = withdrawable.hash();
        LedgerRecord proposeWithdrawable = ConsensusRecords.proposal(w, withdrawable);
        SCENARIOS.put(
                RuleCode.PROPOSAL_WITHDRAWN,
                s -> s.commit(proposeWithdrawable, withdrawal(w, PROPOSER)).write(vote(VoteKind.APPROVE, w, ALICE)));
        SCENARIOS.put(RuleCode.PROPOSAL_EXPIRED, s -> {
            ProposalContent expiring = new ProposalContent(
                    List.of("expiring"), 0.05, 0, H0, TIME, false, new ProposalTerms(1L, null, null));
            s.commit(ConsensusRecords.proposal(expiring.hash(), expiring))
                    .write(vote(VoteKind.APPROVE, expiring.hash(), ALICE));
        });
        SCENARIOS.put(RuleCode.WITHDRAW_PROPOSAL, s -> s.write(withdrawal(w, PROPOSER)));
        SCENARIOS.put(RuleCode.WITHDRAW_KEY, s -> s.commit(proposeWithdrawable).write(withdrawal(w, MALLORY)));
        SCENARIOS.put(
                RuleCode.WITHDRAW_SIGNATURE,
                s -> s.commit(proposeWithdrawable)
                        .write(ConsensusRecords.withdrawal(
                                w, pub(PROPOSER), sign(MALLORY, WithdrawalMessage.bytes(w.hex())), TIME)));
        SCENARIOS.put(
                RuleCode.WITHDRAW_CLOSED,
                s -> s.commit(proposeWithdrawable, withdrawal(w, PROPOSER)).write(withdrawal(w, PROPOSER)));
        SCENARIOS.put(
                RuleCode.POLICY_REDECLARED,
                s -> s.commit(ConsensusRecords.policyDeclared("Count(2)", TIME))
                        .write(ConsensusRecords.policyDeclared("Count(3)", TIME)));
        SCENARIOS.put(
                RuleCode.POLICY_DECLARED_LATE,
                s -> s.commit(proposal("batch")).write(ConsensusRecords.policyDeclared("Count(2)", TIME)));
        SCENARIOS.put(RuleCode.POLICY_INVALID, s -> s.write(ConsensusRecords.policyDeclared("Count(9)", TIME)));
        SCENARIOS.put(RuleCode.POLICY_BELOW_QUORUM, s -> s.write(ConsensusRecords.policyDeclared("Count(1)", TIME)));
        SCENARIOS.put(
                RuleCode.STAKE_RULES_REDECLARED,
                s -> s.commit(StakeRecords.rulesDeclared(MINIMUM_TEN, TIME))
                        .write(StakeRecords.rulesDeclared(SLASHING, TIME)));
        SCENARIOS.put(
                RuleCode.STAKE_RULES_DECLARED_LATE,
                s -> s.commit(proposal("batch")).write(StakeRecords.rulesDeclared(MINIMUM_TEN, TIME)));
        SCENARIOS.put(RuleCode.STAKE_RULES_INVALID, s -> {
            s.rules = VotingRules.open(1);
            s.write(StakeRecords.rulesDeclared(MINIMUM_TEN, TIME));
        });
        SCENARIOS.put(
                RuleCode.STAKE_VALIDATOR, s -> s.write(stake(RecordType.STAKE_BONDED, MALLORY, 5, 0, 5, MALLORY)));
        SCENARIOS.put(RuleCode.STAKE_SEQUENCE, s -> s.write(stake(RecordType.STAKE_BONDED, ALICE, 5, 3, 5, ALICE)));
        SCENARIOS.put(
                RuleCode.STAKE_AMOUNT,
                s -> s.write(stake(RecordType.STAKE_BONDED, ALICE, TOO_MUCH, 0, TOO_MUCH, ALICE)));
        SCENARIOS.put(
                RuleCode.STAKE_BALANCE,
                s -> s.commit(stake(RecordType.STAKE_BONDED, ALICE, 5, 0, 5, ALICE))
                        .write(stake(RecordType.STAKE_UNBONDED, ALICE, 6, 1, -1, ALICE)));
        SCENARIOS.put(
                RuleCode.STAKE_BALANCE_AFTER, s -> s.write(stake(RecordType.STAKE_BONDED, ALICE, 5, 0, 50, ALICE)));
        SCENARIOS.put(
                RuleCode.STAKE_KEY,
                s -> s.write(StakeRecords.signedChange(
                        RecordType.STAKE_BONDED,
                        ALICE,
                        5,
                        0,
                        5,
                        TIME,
                        sign(BOB, StakeMessage.bytes(StakeMessage.BOND, ALICE, 5, 0)),
                        pub(BOB))));
        SCENARIOS.put(
                RuleCode.STAKE_SIGNATURE,
                s -> s.write(StakeRecords.signedChange(
                        RecordType.STAKE_BONDED,
                        ALICE,
                        5,
                        0,
                        5,
                        TIME,
                        sign(BOB, StakeMessage.bytes(StakeMessage.BOND, ALICE, 5, 0)),
                        pub(ALICE))));
        // Alice approved "batch", still open: under slashing her stake stays bonded until it closes.
        SCENARIOS.put(
                RuleCode.STAKE_LOCKED,
                s -> s.commit(StakeRecords.rulesDeclared(SLASHING, TIME))
                        .commit(stake(RecordType.STAKE_BONDED, ALICE, 100, 0, 100, ALICE))
                        .commit(proposal("batch"), vote(VoteKind.APPROVE, p, ALICE))
                        .write(stake(RecordType.STAKE_UNBONDED, ALICE, 100, 1, 0, ALICE)));
        SCENARIOS.put(RuleCode.UNEXPECTED_SLASH, s -> s.write(slash(p, ALICE, 1, 0)));
        // Alice and Bob approved an update that made the held-out loss worse by 0.5: each loses half of 100.
        SCENARIOS.put(
                RuleCode.SLASH,
                s -> slashable(s)
                        .write(update(p, null, false, H0, worse()), slash(p, ALICE, 40, 60), slash(p, BOB, 50, 50)));
        SCENARIOS.put(RuleCode.MISSING_SLASH, s -> slashable(s).write(update(p, null, false, H0, worse())));
    }

    static Stream<RuleCode> codes() {
        return Stream.of(RuleCode.values());
    }

    @Test
    void shouldHaveAScenarioForEveryRuleCode() {
        assertThat(SCENARIOS.keySet()).containsExactlyInAnyOrder(RuleCode.values());
    }

    @ParameterizedTest
    @MethodSource("codes")
    void shouldRefuseLiveWhatReplayReportsWithTheMappedStatus(RuleCode code) {
        Scenario scenario = new Scenario();
        SCENARIOS
                .getOrDefault(code, s -> {
                    throw new AssertionError("no scenario for " + code);
                })
                .accept(scenario);
        TestChain chain = new TestChain();
        scenario.committed.forEach(records -> chain.append(records.toArray(LedgerRecord[]::new)));
        List<Block> prefix = List.copyOf(chain.blocks);

        // Live: the node loads the prefix and stages the block's writes one by one.
        LiveRules live = new LiveRules(scenario.rules);
        live.load(prefix);
        BlockAssembly assembly = new BlockAssembly(live, prefix.size());
        List<List<LedgerRecord>> writes = scenario.block;
        for (int i = 0; i < writes.size() - 1; i++) {
            assertThat(assembly.admit(writes.get(i)))
                    .as("write %d before the breaking one", i)
                    .isEmpty();
        }
        RuleBreach breach = assembly.admit(writes.get(writes.size() - 1))
                .orElseThrow(() -> new AssertionError("the live node accepted a write breaking " + code));
        assertThat(breach.code()).as(breach.evidence().message()).isEqualTo(code);
        Refusal refusal = breach.refusal();
        assertThat(refusal.kind()).isEqualTo(code.refusal());
        assertThat(refusal.getMessage()).contains("rule " + code.wireName());

        // Replay: the same block on the ledger is reported under the same code, at the same record.
        List<LedgerRecord> block = new ArrayList<>();
        writes.forEach(block::addAll);
        chain.append(block.toArray(LedgerRecord[]::new));
        VerificationFailure failure = new LedgerRules(scenario.rules)
                .check(chain.blocks)
                .orElseThrow(() -> new AssertionError("replay accepted a ledger breaking " + code));
        assertThat(failure.check()).as(failure.message()).isEqualTo(code.wireName());
        assertThat(failure.blockIndex()).isEqualTo(chain.last());
        assertThat(failure.recordIndex()).isEqualTo(breach.evidence().recordIndex());
    }

    // --- building records ----------------------------------------------------------------------

    private static ProposalContent content(String text) {
        return new ProposalContent(List.of(text), 0.05, 0, H0, TIME, false);
    }

    private static LedgerRecord proposal(String text) {
        return ConsensusRecords.proposal(content(text).hash(), content(text));
    }

    private static String pub(String id) {
        return KEYS.publicKeyHex(id);
    }

    private static String sign(String signer, byte[] message) {
        return HexFormat.of().formatHex(Ed25519.sign(KEYS.privateKey(signer), message));
    }

    private static LedgerRecord vote(VoteKind kind, Sha256 proposal, String validator) {
        return signedAs(kind, proposal, validator, validator);
    }

    /** A vote by {@code validator} signed by, and carrying the key of, {@code signer}. */
    private static LedgerRecord signedAs(VoteKind kind, Sha256 proposal, String validator, String signer) {
        String signature = sign(signer, VoteMessage.bytes(kind.wireName(), proposal.hex(), validator));
        return ConsensusRecords.vote(
                kind, proposal, validator, TIME, Optional.of(new VoteSignature(signature, pub(signer))));
    }

    /** The proposal "batch" with approvals by alice and bob committed. */
    private static Scenario approved(Scenario s) {
        Sha256 p = content("batch").hash();
        return s.commit(proposal("batch"), vote(VoteKind.APPROVE, p, ALICE)).commit(vote(VoteKind.APPROVE, p, BOB));
    }

    private static LedgerRecord applied(Sha256 proposal, String... approvals) {
        return ConsensusRecords.modelUpdate(proposal, 1, List.of(approvals), 2, false, TIME, RESULT, H0, H1);
    }

    private static LedgerRecord update(
            Sha256 proposal, String policy, boolean rebased, Sha256 before, Optional<UpdateScore> score) {
        return ConsensusRecords.modelUpdate(
                proposal, 1, List.of(ALICE, BOB), 2, policy, rebased, TIME, RESULT, before, H1, score);
    }

    private static Optional<UpdateScore> worse() {
        return Optional.of(new UpdateScore(EVALUATION, 0.5, 1.0));
    }

    /** Slashing declared, alice and bob bonded 100 each, and "batch" approved by both. */
    private static Scenario slashable(Scenario s) {
        s.commit(StakeRecords.rulesDeclared(SLASHING, TIME))
                .commit(
                        stake(RecordType.STAKE_BONDED, ALICE, 100, 0, 100, ALICE),
                        stake(RecordType.STAKE_BONDED, BOB, 100, 0, 100, BOB));
        return approved(s);
    }

    private static LedgerRecord slash(Sha256 proposal, String validator, long amount, long balanceAfter) {
        return StakeRecords.slashed(
                new SlashingRule.Slash(validator, SlashingRule.APPROVED_WORSENING, amount, balanceAfter),
                proposal,
                0.5,
                1.0,
                TIME);
    }

    private static LedgerRecord stake(
            RecordType type, String validator, long amount, long sequence, long balanceAfter, String signer) {
        String operation = type == RecordType.STAKE_BONDED ? StakeMessage.BOND : StakeMessage.UNBOND;
        return StakeRecords.signedChange(
                type,
                validator,
                amount,
                sequence,
                balanceAfter,
                TIME,
                sign(signer, StakeMessage.bytes(operation, validator, amount, sequence)),
                pub(validator));
    }

    private static LedgerRecord withdrawal(Sha256 proposal, String signer) {
        return ConsensusRecords.withdrawal(
                proposal, pub(signer), sign(signer, WithdrawalMessage.bytes(proposal.hex())), TIME);
    }

    /** Commits a governance proposal of {@code change} approved by alice and bob; returns its hash. */
    private static Sha256 governance(Scenario s, GovernanceChange change) {
        GovernanceProposal proposal = new GovernanceProposal(change, TIME, ProposalTerms.NONE);
        Sha256 g = proposal.hash();
        s.commit(
                ConsensusRecords.governanceProposal(g, proposal),
                vote(VoteKind.APPROVE, g, ALICE),
                vote(VoteKind.APPROVE, g, BOB));
        return g;
    }

    private static LedgerRecord governed(Sha256 proposal, String action, String... approvals) {
        return ConsensusRecords.governanceApplied(
                proposal, List.of(approvals), 2, SIGNED.policy().text(), action, TIME);
    }

    private static LedgerRecord without(LedgerRecord record, String field) {
        ObjectNode body = (ObjectNode) record.json();
        body.remove(field);
        return LedgerRecord.of(record.type(), body);
    }
}
