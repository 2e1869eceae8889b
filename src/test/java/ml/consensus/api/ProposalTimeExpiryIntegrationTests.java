package ml.consensus.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Proposals that expire after a duration: approved in time, then refused once the time has passed. */
class ProposalTimeExpiryIntegrationTests extends NodeIntegrationTest {

    private static final Duration LIFETIME = Duration.ofSeconds(3);

    @DynamicPropertySource
    static void lifetime(DynamicPropertyRegistry registry) {
        registry.add("consensus.proposal-expiry", LIFETIME::toString);
    }

    @Test
    void shouldRefuseToApplyAnApprovedProposalAfterItsTimeRanOut() throws InterruptedException {
        String proposal = propose(List.of("night sweats"), 0.02);
        Answer read = node.get("/decentralized/proposals/" + proposal);
        Instant proposedAt =
                Instant.parse(read.json().get("proposal").get("timestamp").asString());
        Instant expiresAt =
                Instant.parse(read.json().get("proposal").get("expires_at").asString());
        assertThat(expiresAt).isEqualTo(proposedAt.plus(LIFETIME));
        assertThat(approve(proposal, "validator-alice").text("approval", "proposal_state"))
                .isEqualTo("approved");

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 200);
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
