package ml.consensus.rules;

import java.util.List;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.policy.CountRule;
import ml.consensus.policy.Electorate;
import ml.consensus.policy.PolicyParser;
import ml.consensus.policy.PolicySyntaxException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each governance change against the rules in force: what it leaves, and when it does not apply. */
class GovernanceChangeTests {

    private static final String KEY = "ab".repeat(32);
    private static final ApprovalPolicy TWO_OF_ABC = new ApprovalPolicy(
            new CountRule(2),
            Electorate.of(List.of(
                    new Electorate.Member("a", 1, null),
                    new Electorate.Member("b", 1, null),
                    new Electorate.Member("c", 1, null))));

    @Test
    void shouldAddAValidatorWithItsWeight() {
        ApprovalPolicy after = new GovernanceChange.AddValidator("d", null, 3).applyTo(TWO_OF_ABC, false);
        assertThat(after.electorate().find("d")).contains(new Electorate.Member("d", 3, null));
        assertThat(after.validatorCount()).isEqualTo(4);
        assertThat(after.rule()).isEqualTo(TWO_OF_ABC.rule());
    }

    @Test
    void shouldRefuseToAddAMemberAgainOrAKeyThatDoesNotFitTheSigningMode() {
        assertThatThrownBy(() -> new GovernanceChange.AddValidator("a", null, 1).applyTo(TWO_OF_ABC, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already in the validator set");
        assertThatThrownBy(() -> new GovernanceChange.AddValidator("d", null, 1).applyTo(TWO_OF_ABC, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs public_key");
        assertThatThrownBy(() -> new GovernanceChange.AddValidator("d", KEY, 1).applyTo(TWO_OF_ABC, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("omit public_key");
        assertThatThrownBy(() -> new GovernanceChange.AddValidator("d", "xyz", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("public_key");
        assertThatThrownBy(() -> new GovernanceChange.AddValidator("d", null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight must be between 1");
    }

    @Test
    void shouldRemoveAValidatorOnlyWhileThePolicyCanStillBeMet() {
        ApprovalPolicy after = new GovernanceChange.RemoveValidator("c").applyTo(TWO_OF_ABC, false);
        assertThat(after.electorate().mayVote("c")).isFalse();
        assertThatThrownBy(() -> new GovernanceChange.RemoveValidator("b").applyTo(after, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Count(2) could no longer be met without b");
        assertThatThrownBy(() -> new GovernanceChange.RemoveValidator("zed").applyTo(TWO_OF_ABC, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not in the validator set");
    }

    @Test
    void shouldRefuseToRemoveAValidatorTheExpressionNames() {
        ApprovalPolicy expression = new ApprovalPolicy(PolicyParser.parse("AND('a','b')"), TWO_OF_ABC.electorate());
        assertThatThrownBy(() -> new GovernanceChange.RemoveValidator("a").applyTo(expression, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("change the policy first");
        assertThat(new GovernanceChange.RemoveValidator("c")
                        .applyTo(expression, false)
                        .validatorCount())
                .isEqualTo(2);
    }

    @Test
    void shouldChangeAWeightAndThePolicy() {
        ApprovalPolicy weighted = new GovernanceChange.SetWeight("a", 5).applyTo(TWO_OF_ABC, false);
        assertThat(weighted.electorate().weightOf("a")).isEqualTo(5);
        ApprovalPolicy byWeight = new GovernanceChange.SetPolicy("Weight(6)").applyTo(weighted, false);
        assertThat(byWeight.text()).isEqualTo("Weight(6)");
        assertThat(byWeight.required()).isEqualTo(2);
        assertThatThrownBy(() -> new GovernanceChange.SetPolicy("Weight(8)").applyTo(weighted, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could no longer be met");
        assertThatThrownBy(() -> new GovernanceChange.SetPolicy("Count(2)").applyTo(TWO_OF_ABC, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already in force");
        assertThatThrownBy(() -> new GovernanceChange.SetPolicy("OR('a'"))
                .isInstanceOf(PolicySyntaxException.class)
                .hasMessageContaining("at character 7");
    }

    @Test
    void shouldRefuseGovernanceInTheSeedsOpenMode() {
        assertThatThrownBy(() -> new GovernanceChange.SetPolicy("Count(2)").applyTo(new ApprovalPolicy(1, 1), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("governance needs a validator set");
    }

    @Test
    void shouldReadAGovernanceProposalBackStrictly() {
        GovernanceProposal proposal = new GovernanceProposal(
                new GovernanceChange.AddValidator("d", KEY, 2),
                "2026-11-25T12:00:00Z",
                new ProposalTerms(9L, null, null));
        assertThat(GovernanceProposal.fromJson(proposal.toJson())).isEqualTo(proposal);
        var json = proposal.toJson();
        json.put("policy", "Count(1)");
        assertThatThrownBy(() -> GovernanceProposal.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add_validator takes no field 'policy'");
    }

    // --- set_stake_rules ---------------------------------------------------------------------------

    private static final StakeRules SLASHING =
            new StakeRules(10, true, java.util.Optional.of(new StakeRules.Slashing(0.25, 500_000)));

    @Test
    void shouldReadSetStakeRulesBackExactlyAsWritten() {
        tools.jackson.databind.node.ObjectNode json = CanonicalJson.newObject();
        new GovernanceChange.SetStakeRules(SLASHING).writeTo(json);
        assertThat(CanonicalJson.canonicalize(json))
                .isEqualTo("{\"action\":\"set_stake_rules\",\"minimum_to_vote\":10,"
                        + "\"slash_fraction_ppm\":500000,\"slash_tolerance\":0.25,\"weight_from_stake\":true}");
        assertThat(GovernanceChange.fromJson(json, java.util.Set.of()))
                .isEqualTo(new GovernanceChange.SetStakeRules(SLASHING));
    }

    @Test
    void shouldRefuseMalformedStakeRules() {
        tools.jackson.databind.node.ObjectNode json = CanonicalJson.newObject();
        new GovernanceChange.SetStakeRules(SLASHING).writeTo(json);
        assertThatThrownBy(() -> GovernanceChange.fromJson(
                        json.deepCopy().put("slash_fraction_ppm", 2_000_000), java.util.Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fraction");
        assertThatThrownBy(() ->
                        GovernanceChange.fromJson(json.deepCopy().put("slash_fraction_ppm", 0), java.util.Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slash_tolerance must be 0 when slash_fraction_ppm is 0");
        assertThatThrownBy(() ->
                        GovernanceChange.fromJson(json.deepCopy().put("weight_from_stake", "yes"), java.util.Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight_from_stake must be true or false");
        assertThatThrownBy(
                        () -> GovernanceChange.fromJson(json.deepCopy().put("policy", "Count(1)"), java.util.Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set_stake_rules takes no field 'policy'");
        json.remove("minimum_to_vote");
        assertThatThrownBy(() -> GovernanceChange.fromJson(json, java.util.Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minimum_to_vote");
    }

    @Test
    void shouldChangeStakeRulesOnlyToOthersTheSetCanMeetAndThatNeedNoKeysItLacks() {
        GovernanceChange change = new GovernanceChange.SetStakeRules(SLASHING);
        assertThat(change.stakeRulesAfter(StakeRules.NONE, TWO_OF_ABC, true)).isEqualTo(SLASHING);
        assertThat(change.applyTo(TWO_OF_ABC, true)).isEqualTo(TWO_OF_ABC);
        assertThatThrownBy(() -> change.stakeRulesAfter(SLASHING, TWO_OF_ABC, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already in force");
        assertThatThrownBy(() -> change.stakeRulesAfter(StakeRules.NONE, TWO_OF_ABC, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("need signed votes");
        // Weight(150) over three validators of weight 1 is met only in stake.
        ApprovalPolicy inStake = new ApprovalPolicy(new ml.consensus.policy.WeightRule(150), TWO_OF_ABC.electorate());
        assertThatThrownBy(() ->
                        new GovernanceChange.SetStakeRules(StakeRules.NONE).stakeRulesAfter(SLASHING, inStake, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Weight(150) could no longer be met under these stake rules");
        // -0.0 and 0.0 are the same tolerance.
        assertThat(new StakeRules.Slashing(-0.0, 1)).isEqualTo(new StakeRules.Slashing(0.0, 1));
    }
}
