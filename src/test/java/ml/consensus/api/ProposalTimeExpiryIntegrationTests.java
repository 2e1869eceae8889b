package ml.consensus.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

import ml.consensus.support.MutableClock;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proposals that expire after a duration: approved in time, then refused once the time has passed.
 * The node's clock is a {@link MutableClock} the test moves past the expiry, instead of sleeping.
 */
class ProposalTimeExpiryIntegrationTests extends NodeIntegrationTest {

    private static final Duration LIFETIME = Duration.ofHours(6);
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

    @TestBean
    private Clock clock;

    /** The node's clock, for {@code @TestBean}. */
    static Clock clock() {
        return CLOCK;
    }

    @DynamicPropertySource
    static void lifetime(DynamicPropertyRegistry registry) {
        registry.add("consensus.proposal-expiry", LIFETIME::toString);
    }

    @Test
    void shouldRefuseToApplyAnApprovedProposalAfterItsTimeRanOut() {
        assertThat(clock).isSameAs(CLOCK);
        String proposal = propose(List.of("night sweats"), 0.02);
        Answer read = node.get("/decentralized/proposals/" + proposal);
        Instant proposedAt =
                Instant.parse(read.json().get("proposal").get("timestamp").asString());
        Instant expiresAt =
                Instant.parse(read.json().get("proposal").get("expires_at").asString());
        assertThat(proposedAt).isEqualTo(CLOCK.instant());
        assertThat(expiresAt).isEqualTo(proposedAt.plus(LIFETIME));
        CLOCK.advance(LIFETIME.minusMinutes(1));
        assertThat(approve(proposal, "validator-alice").text("approval", "proposal_state"))
                .isEqualTo("approved");

        CLOCK.advance(Duration.ofMinutes(2));
        assertThat(node.get("/decentralized/proposals/" + proposal).text("state"))
                .isEqualTo("expired");
        LedgerSnapshot before = snapshot();
        Answer late = apply(proposal);
        assertThat(late.status()).as(late.raw()).isEqualTo(409);
        assertThat(late.text("detail")).contains("has expired and can never be applied");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(node.get("/verify").json().get("valid").asBoolean()).isTrue();
    }
}
