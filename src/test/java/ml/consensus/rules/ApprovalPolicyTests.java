package ml.consensus.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalPolicyTests {

    @ParameterizedTest(name = "{0}-of-{1} after {2} approvals and {3} rejections: {4}")
    @CsvSource({
        "1, 1, 0, 0, PROPOSED",
        "1, 1, 1, 0, APPROVED",
        "1, 1, 0, 1, REJECTED",
        "2, 3, 1, 0, PROPOSED",
        "2, 3, 2, 0, APPROVED",
        "2, 3, 1, 1, PROPOSED",
        "2, 3, 0, 2, REJECTED",
        "2, 3, 2, 1, APPROVED",
        "3, 3, 2, 0, PROPOSED",
        "3, 3, 2, 1, REJECTED",
        "3, 5, 0, 2, PROPOSED",
        "3, 5, 0, 3, REJECTED",
    })
    void shouldDeriveTheStateFromTheVotes(
            int required, int validators, int approvals, int rejections, ProposalState expected) {
        assertThat(new ApprovalPolicy(required, validators).stateAfter(approvals, rejections))
                .isEqualTo(expected);
    }

    @Test
    void shouldKeepAnApprovalOnceTheQuorumIsMet() {
        ApprovalPolicy policy = new ApprovalPolicy(2, 3);
        assertThat(policy.stateAfter(2, 1)).isEqualTo(ProposalState.APPROVED);
    }

    @Test
    void shouldRefuseAPolicyThatCanNeverBeMet() {
        assertThatThrownBy(() -> new ApprovalPolicy(3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never");
        assertThatThrownBy(() -> new ApprovalPolicy(0, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
