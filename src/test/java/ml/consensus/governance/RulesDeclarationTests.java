package ml.consensus.governance;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;

import ml.consensus.NodeProperties;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.SeededKeys;
import ml.consensus.rules.TestChain;
import ml.consensus.rules.VotingRules;
import ml.consensus.stake.StakeProperties;
import ml.consensus.writer.LiveRules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configured policy and stake rules are checked before the node starts, and declared on a new ledger only. */
class RulesDeclarationTests {

    private static final VotingRules ABC = VotingRules.listed(1, List.of("a", "b", "c"));

    private static NodeProperties properties(String policy) {
        return new NodeProperties(
                Path.of("unused"), 1, List.of("a", "b", "c"), null, null, 16, 256, 2000, 1 << 20, policy, 0, null);
    }

    private static final StakeProperties NO_STAKE = new StakeProperties(0, false, null, 0);

    private static RulesDeclaration declaration(String policy) {
        return declaration(policy, NO_STAKE, ABC);
    }

    private static RulesDeclaration declaration(String policy, StakeProperties stake, VotingRules rules) {
        // Refusals happen before anything is written, so no batcher or node state is needed.
        return new RulesDeclaration(
                properties(policy), stake, new LiveRules(rules), null, null, null, Clock.systemUTC());
    }

    @Test
    void shouldRefuseToStartWithAPolicyThatDoesNotParse() {
        assertThatThrownBy(() -> declaration("OutOf(2,'a')"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("consensus.approval-policy: at character 7")
                .hasMessageContaining("OutOf needs n between 1 and its 1 operands");
    }

    @Test
    void shouldRefuseToStartWithAPolicyTheValidatorsCanNeverMeet() {
        assertThatThrownBy(() -> declaration("AND('a','mallory')"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("can never be met");
        assertThatThrownBy(() -> declaration("Weight(4)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Weight(4) can never be met");
    }

    @Test
    void shouldRefuseToDeclareAPolicyOnALedgerThatHoldsProposals() {
        TestChain chain = new TestChain();
        chain.propose("I have a fever");
        assertThatThrownBy(() -> declaration("Count(2)").declareIfConfigured(chain.blocks))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already holds proposals made under Count(1)");
    }

    @Test
    void shouldDoNothingWithoutAConfiguredPolicy() {
        TestChain chain = new TestChain();
        chain.propose("I have a fever");
        assertThatCode(() -> declaration(null).declareIfConfigured(chain.blocks))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAMinimumStakeOnANodeWithoutValidatorKeys() {
        assertThatThrownBy(() -> declaration(null, new StakeProperties(10, false, null, 0), ABC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consensus.stake.minimum-to-vote needs a validator set file");
    }

    @Test
    void shouldRefuseToDeclareStakeRulesOnALedgerThatHoldsProposals() {
        TestChain chain = new TestChain();
        chain.propose("I have a fever");
        StakeProperties slashing = new StakeProperties(0, false, new java.math.BigDecimal("0.5"), 0);
        assertThatThrownBy(() -> declaration(null, slashing, ABC).declareIfConfigured(chain.blocks))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stake rules minimum 0, slash 0.5 beyond 0.0")
                .hasMessageContaining("already holds proposals made under minimum 0, no slashing");
    }

    @Test
    void shouldDoNothingWithoutConfiguredStakeRules() {
        TestChain chain = new TestChain();
        chain.propose("I have a fever");
        assertThatCode(() -> declaration(null, NO_STAKE, ABC).declareIfConfigured(chain.blocks))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseWeightFromStakeOnANodeWithoutValidatorKeys() {
        assertThatThrownBy(() -> declaration(null, new StakeProperties(0, true, null, 0), ABC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consensus.stake.weight-from-stake needs a validator set file");
    }

    // --- a weight policy in stake, on a signed set of three validators of weight 1 ----------------

    private static final SeededKeys V = new SeededKeys(List.of("v1", "v2", "v3"));
    private static final VotingRules SIGNED = VotingRules.signedBy(
            new ml.consensus.validator.ValidatorSet(2, List.of(V.key("v1"), V.key("v2"), V.key("v3"))));
    private static final StakeProperties WEIGHT_FROM_STAKE = new StakeProperties(0, true, null, 0);

    @Test
    void shouldDeclareAWeightPolicyInStakeOnlyWithWeightFromStake() {
        // Weight(150) is possible once weight may come from stake, so start-up goes on to read the ledger ...
        assertThatCode(() -> declaration("Weight(150)", NO_STAKE, SIGNED)).doesNotThrowAnyException();
        // ... where, declared without weight from stake, three validators of weight 1 could never meet it.
        assertThatThrownBy(
                        () -> declaration("Weight(150)", NO_STAKE, SIGNED).declareIfConfigured(new TestChain().blocks))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consensus.approval-policy: policy Weight(150) can never be met");
    }

    @Test
    void shouldRefuseToDeclareAPolicyBelowTheValidatorSetsQuorum() {
        // Issue 15.1: the ledger's rules refuse such a declaration (policy_below_quorum), so start-up
        // says why instead of running under other rules than configured.
        assertThatThrownBy(() -> declaration("Count(1)", NO_STAKE, SIGNED).declareIfConfigured(new TestChain().blocks))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consensus.approval-policy: Count(1) can be met by 1 approvals, fewer than the"
                        + " quorum of 2");
        assertThatThrownBy(() -> declaration("OR('v1',AND('v2','v3'))", NO_STAKE, SIGNED)
                        .declareIfConfigured(new TestChain().blocks))
                .hasMessageContaining("fewer than the quorum of 2");
    }

    @Test
    void shouldFollowTheLedgersStakeRulesWhenTheConfigurationNoLongerMatches() {
        // The ledger declared weight from stake and Weight(150); the node is now configured without weight from stake.
        TestChain chain = new TestChain();
        chain.append(
                ml.consensus.rules.StakeRecords.rulesDeclared(WEIGHT_FROM_STAKE.rules(), "2026-11-25T12:00:00Z"),
                ConsensusRecords.policyDeclared("Weight(150)", "2026-11-25T12:00:00Z"));
        chain.propose("I have a fever");
        LiveRules ledgerRules = new LiveRules(SIGNED);
        ledgerRules.load(chain.blocks);
        RulesDeclaration declaration = new RulesDeclaration(
                properties("Weight(150)"), NO_STAKE, ledgerRules, null, null, null, Clock.systemUTC());
        assertThatCode(() -> declaration.declareIfConfigured(chain.blocks)).doesNotThrowAnyException();
        assertThat(ledgerRules.stakeRules().weightFromStake()).isTrue();
    }
}
