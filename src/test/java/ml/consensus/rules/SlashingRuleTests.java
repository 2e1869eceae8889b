package ml.consensus.rules;

import java.util.List;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.stake.StakeProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlashingRuleTests {

    private static final StakeRules.Slashing TEN_PERCENT = new StakeRules.Slashing(0.05, 100_000);

    private static StakeBalances balances(long alice, long bob, long carol) {
        StakeBalances balances = StakeBalances.empty();
        balances.apply(new StakeChange(RecordType.STAKE_BONDED, "alice", alice, 0, alice));
        balances.apply(new StakeChange(RecordType.STAKE_BONDED, "bob", bob, 0, bob));
        balances.apply(new StakeChange(RecordType.STAKE_BONDED, "carol", carol, 0, carol));
        return balances;
    }

    @Test
    void shouldSlashTheApproversOfAnUpdateThatWorsenedTheScoreBeyondTheTolerance() {
        List<SlashingRule.Slash> slashes = SlashingRule.slashes(
                TEN_PERCENT, 3.0, 3.06, List.of("bob", "alice"), List.of("carol"), balances(100, 55, 70));
        assertThat(slashes)
                .containsExactly(
                        new SlashingRule.Slash("bob", SlashingRule.APPROVED_WORSENING, 5, 50),
                        new SlashingRule.Slash("alice", SlashingRule.APPROVED_WORSENING, 10, 90));
    }

    @Test
    void shouldSlashTheRejectersOfAnUpdateThatImprovedTheScoreBeyondTheTolerance() {
        assertThat(SlashingRule.slashes(
                        TEN_PERCENT, 3.0, 2.9, List.of("alice"), List.of("carol"), balances(100, 55, 70)))
                .containsExactly(new SlashingRule.Slash("carol", SlashingRule.REJECTED_IMPROVING, 7, 63));
    }

    @Test
    void shouldSlashNobodyWithinTheToleranceEitherWay() {
        StakeBalances balances = balances(100, 55, 70);
        assertThat(SlashingRule.slashes(TEN_PERCENT, 3.0, 3.05, List.of("alice"), List.of("carol"), balances))
                .isEmpty();
        assertThat(SlashingRule.slashes(TEN_PERCENT, 3.0, 2.95, List.of("alice"), List.of("carol"), balances))
                .isEmpty();
    }

    @Test
    void shouldNotSlashAValidatorWhoseLossRoundsToZero() {
        assertThat(SlashingRule.slashes(
                        TEN_PERCENT, 3.0, 4.0, List.of("alice", "bob", "dave"), List.of(), balances(9, 10, 0)))
                .containsExactly(new SlashingRule.Slash("bob", SlashingRule.APPROVED_WORSENING, 1, 9));
    }

    @Test
    void shouldRefuseSlashingOutsideItsRanges() {
        assertThatThrownBy(() -> new StakeRules.Slashing(-0.1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StakeRules.Slashing(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StakeRules.Slashing(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StakeRules.Slashing(0, 1_000_001)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new StakeRules.Slashing(0, 1_000_000).amountOf(StakeBalances.MAX_BALANCE))
                .isEqualTo(StakeBalances.MAX_BALANCE);
    }

    @Test
    void shouldReadTheSlashFractionExactlyToTheMillionth() {
        assertThat(new StakeProperties(0, false, new java.math.BigDecimal("0.125"), 0.01)
                        .rules()
                        .slashing()
                        .orElseThrow())
                .isEqualTo(new StakeRules.Slashing(0.01, 125_000));
        assertThat(new StakeProperties(0, false, null, 0).rules()).isEqualTo(StakeRules.NONE);
        assertThatThrownBy(() -> new StakeProperties(0, false, new java.math.BigDecimal("0.0000001"), 0).rules())
                .hasMessageContaining("slash-fraction");
        assertThatThrownBy(() -> new StakeProperties(0, false, new java.math.BigDecimal("1.5"), 0).rules())
                .hasMessageContaining("slash-fraction");
        assertThatThrownBy(() -> new StakeProperties(-1, false, null, 0).rules())
                .hasMessageContaining("minimum-to-vote");
    }

    @Test
    void shouldFoldBalancesAndSequencesFromRecords() {
        StakeBalances balances = StakeBalances.empty();
        balances.apply(StakeRecords.signedChange(RecordType.STAKE_BONDED, "alice", 30, 0, 30, "t", "s", "k"));
        balances.apply(StakeRecords.signedChange(RecordType.STAKE_UNBONDED, "alice", 10, 1, 20, "t", "s", "k"));
        balances.apply(StakeRecords.slashed(
                new SlashingRule.Slash("alice", SlashingRule.APPROVED_WORSENING, 5, 15), Sha256.ZERO, 1, 2, "t"));
        // Records of other types change nothing.
        balances.apply(LedgerRecord.of(RecordType.CHECKPOINT_SAVED, ml.consensus.hashing.CanonicalJson.newObject()));
        assertThat(balances.balanceOf("alice")).isEqualTo(15);
        assertThat(balances.nextSequence("alice")).isEqualTo(2);
        assertThat(balances.balanceOf("bob")).isZero();
        assertThat(balances.nextSequence("bob")).isZero();
    }

    @Test
    void shouldGiveVotingWeightFromStakeOrTheSetAndNoneBelowTheMinimum() {
        StakeBalances balances = balances(100, 5, 0);
        StakeRules bySet = new StakeRules(10, false, java.util.Optional.empty());
        StakeRules byStake = new StakeRules(10, true, java.util.Optional.empty());
        assertThat(balances.votingWeight("alice", null, 3, bySet)).isEqualTo(3);
        assertThat(balances.votingWeight("alice", null, 3, byStake)).isEqualTo(100);
        assertThat(balances.votingWeight("bob", null, 3, bySet)).isZero();
        assertThat(balances.votingWeight("bob", null, 3, byStake)).isZero();
        assertThat(balances.votingWeight("carol", null, 1, StakeRules.NONE)).isEqualTo(1);
    }
}
