package ml.consensus.policy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Evaluation of each kind of policy: met, still possible after rejections, progress, and the fewest approvers. */
class ApprovalRuleTests {

    /** a (weight 3), b (2), c (1), d (1): total weight 7. */
    private static final Electorate FOUR =
            Electorate.of(List.of(member("a", 3), member("b", 2), member("c", 1), member("d", 1)));

    private static Electorate.Member member(String id, int weight) {
        return new Electorate.Member(id, weight, null);
    }

    @Test
    void shouldCountOnlyApprovalsOfValidatorsInTheElectorate() {
        CountRule two = new CountRule(2);
        assertThat(two.isMet(Set.of("a"), FOUR)).isFalse();
        assertThat(two.isMet(Set.of("a", "outsider"), FOUR)).isFalse();
        assertThat(two.isMet(Set.of("a", "c"), FOUR)).isTrue();
        assertThat(two.canBeMet(Set.of("a", "b"), FOUR)).isTrue();
        assertThat(two.canBeMet(Set.of("a", "b", "c"), FOUR)).isFalse();
        assertThat(two.minimumApprovers(FOUR)).isEqualTo(2);
    }

    @Test
    void shouldTakeTheSeedsOpenModeAsNEqualsM() {
        Electorate open = Electorate.open(2);
        CountRule two = new CountRule(2);
        assertThat(two.isMet(Set.of("anyone", "someone"), open)).isTrue();
        assertThat(two.canBeMet(Set.of(), open)).isTrue();
        assertThat(two.canBeMet(Set.of("anyone"), open)).isFalse();
    }

    @Test
    void shouldAddUpTheWeightsOfApprovers() {
        WeightRule four = new WeightRule(4);
        assertThat(four.isMet(Set.of("a"), FOUR)).isFalse();
        assertThat(four.isMet(Set.of("a", "c"), FOUR)).isTrue();
        assertThat(four.isMet(Set.of("b", "c", "d"), FOUR)).isTrue();
        // Without a (3) the rest weigh 4: still possible; without a and c only 3 remain.
        assertThat(four.canBeMet(Set.of("a"), FOUR)).isTrue();
        assertThat(four.canBeMet(Set.of("a", "c"), FOUR)).isFalse();
        assertThat(four.minimumApprovers(FOUR)).isEqualTo(2);
        assertThat(four.progress(Set.of("b"), FOUR))
                .isEqualTo(new PolicyProgress("Weight(4)", "weight", false, 2, 4, "weight", List.of()));
    }

    @Test
    void shouldEvaluateNestedExpressions() {
        ApprovalRule rule = PolicyParser.parse("OR('a',AND('b','c'))");
        assertThat(rule.isMet(Set.of("a"), FOUR)).isTrue();
        assertThat(rule.isMet(Set.of("b"), FOUR)).isFalse();
        assertThat(rule.isMet(Set.of("b", "c"), FOUR)).isTrue();
        assertThat(rule.canBeMet(Set.of("a"), FOUR)).isTrue();
        assertThat(rule.canBeMet(Set.of("a", "c"), FOUR)).isFalse();
        assertThat(rule.minimumApprovers(FOUR)).isEqualTo(1);
    }

    @Test
    void shouldCountOutOfOverItsOperands() {
        ApprovalRule rule = PolicyParser.parse("OutOf(2,'a','b',AND('c','d'))");
        assertThat(rule.isMet(Set.of("a", "c"), FOUR)).isFalse();
        assertThat(rule.isMet(Set.of("a", "c", "d"), FOUR)).isTrue();
        assertThat(rule.canBeMet(Set.of("a", "b"), FOUR)).isFalse();
        assertThat(rule.canBeMet(Set.of("a", "c"), FOUR)).isFalse();
        assertThat(rule.canBeMet(Set.of("a"), FOUR)).isTrue();
    }

    @Test
    void shouldNameValidatorsWhoseApprovalWouldMeetAnExpression() {
        ApprovalRule rule = PolicyParser.parse("AND('a',OutOf(2,'b','c','d'))");
        PolicyProgress progress = rule.progress(Set.of("b"), FOUR);
        assertThat(progress.met()).isFalse();
        assertThat(progress.have()).isEqualTo(1);
        assertThat(progress.missing()).hasSize(2).contains("a").containsAnyOf("c", "d");
        assertThat(progress.need()).isEqualTo(3);
        assertThat(rule.progress(Set.of("a", "b", "d"), FOUR).missing()).isEmpty();
        assertThat(rule.progress(Set.of("a", "b", "d"), FOUR).met()).isTrue();
    }

    @Test
    void shouldNeverCountAValidatorOutsideTheElectorate() {
        ApprovalRule rule = PolicyParser.parse("OR('a','ghost')");
        assertThat(rule.isMet(Set.of("ghost"), FOUR)).isFalse();
        assertThat(rule.canBeMet(Set.of("a"), FOUR)).isFalse();
        assertThatThrownBy(() -> PolicyParser.parse("AND('a','ghost')").checkSatisfiable(FOUR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("can never be met");
    }

    @Test
    void shouldRefuseAWeightNoElectorateCanReach() {
        assertThatThrownBy(() -> new WeightRule(8).checkSatisfiable(FOUR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Weight(8) can never be met");
        new WeightRule(7).checkSatisfiable(FOUR);
    }
}
