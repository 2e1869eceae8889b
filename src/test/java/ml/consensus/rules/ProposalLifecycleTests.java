package ml.consensus.rules;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import ml.consensus.proposal.ProposalLifetime;
import ml.consensus.rules.ProposalLifecycle.Moment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Expiry by block and by time, withdrawal, and which state wins. */
class ProposalLifecycleTests {

    private static final ProposalTerms BY_BLOCK = new ProposalTerms(12L, null, null);
    private static final ProposalTerms BY_TIME = new ProposalTerms(null, "2026-11-25T12:00:10Z", null);

    @Test
    void shouldStayOpenThroughItsLastBlockAndExpireAfterIt() {
        assertThat(BY_BLOCK.isExpiredAt(12, "2030-01-01T00:00:00Z")).isFalse();
        assertThat(BY_BLOCK.isExpiredAt(13, "2026-01-01T00:00:00Z")).isTrue();
    }

    @Test
    void shouldExpireAtTheInstantItNames() {
        assertThat(BY_TIME.isExpiredAt(1_000, "2026-11-25T12:00:09.999Z")).isFalse();
        assertThat(BY_TIME.isExpiredAt(1, "2026-11-25T12:00:10Z")).isTrue();
        assertThat(BY_TIME.isExpiredAt(1, "2026-11-25T12:00:10.001Z")).isTrue();
    }

    @Test
    void shouldNeverExpireWithoutTerms() {
        assertThat(ProposalTerms.NONE.isExpiredAt(Long.MAX_VALUE, "9999-01-01T00:00:00Z"))
                .isFalse();
    }

    @Test
    void shouldWriteTheNodesLifetimeIntoTheTerms() {
        ProposalLifetime lifetime = new ProposalLifetime(3, Duration.ofMinutes(10));
        assertThat(lifetime.termsFor(7, "2026-11-25T12:00:00.123Z", null))
                .isEqualTo(new ProposalTerms(10L, "2026-11-25T12:10:00.123Z", null));
        assertThat(ProposalLifetime.none().termsFor(7, "2026-11-25T12:00:00Z", null))
                .isEqualTo(ProposalTerms.NONE);
        assertThatThrownBy(() -> new ProposalLifetime(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRankAppliedThenWithdrawnThenRejectedThenExpired() {
        Moment late = new Moment(13, "2026-11-25T12:00:00Z");
        Moment early = new Moment(5, "2026-11-25T12:00:00Z");
        assertThat(ProposalLifecycle.state(true, true, ProposalState.APPROVED, BY_BLOCK, late))
                .isEqualTo(ProposalState.APPLIED);
        assertThat(ProposalLifecycle.state(false, true, ProposalState.REJECTED, BY_BLOCK, late))
                .isEqualTo(ProposalState.WITHDRAWN);
        assertThat(ProposalLifecycle.state(false, false, ProposalState.REJECTED, BY_BLOCK, late))
                .isEqualTo(ProposalState.REJECTED);
        assertThat(ProposalLifecycle.state(false, false, ProposalState.APPROVED, BY_BLOCK, late))
                .isEqualTo(ProposalState.EXPIRED);
        assertThat(ProposalLifecycle.state(false, false, ProposalState.APPROVED, BY_BLOCK, early))
                .isEqualTo(ProposalState.APPROVED);
    }

    @Test
    void shouldHashAProposalWithoutTermsAsTheSeedDoes() {
        ProposalContent seed =
                new ProposalContent(List.of("I have a fever"), 0.01, 0, TestChain.H0, "2026-11-25T12:00:00Z", false);
        assertThat(seed.toJson().propertyNames())
                .containsExactlyInAnyOrder(
                        "texts", "learning_rate", "model_version", "model_hash_before", "timestamp", "allow_rebase");
        ProposalContent withTerms = new ProposalContent(
                seed.texts(),
                0.01,
                0,
                TestChain.H0,
                seed.timestamp(),
                false,
                new ProposalTerms(4L, "2026-11-25T13:00:00Z", "ab".repeat(32)));
        assertThat(withTerms.hash()).isNotEqualTo(seed.hash());
        assertThat(ProposalContent.fromJson(withTerms.toJson())).isEqualTo(withTerms);
    }

    @Test
    void shouldReadTermsStrictly() {
        var json = new ProposalContent(List.of("x"), 0.01, 0, TestChain.H0, "2026-11-25T12:00:00Z", false).toJson();
        json.put("expires_after_block", "12");
        assertThatThrownBy(() -> ProposalContent.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expires_after_block must be a whole number");
        json.remove("expires_after_block");
        json.put("proposer_key", "not hex");
        assertThatThrownBy(() -> ProposalContent.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("proposer_key must be 64 lower-case hex");
    }
}
