package ml.consensus.proposal;

import java.util.List;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.Sha256;
import ml.consensus.refusal.Refusal;
import ml.consensus.rules.VotingRules;
import ml.consensus.stake.StakeLedger;
import ml.consensus.storage.Ledger;
import ml.consensus.writer.LiveRules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ProposalBookTests {

    private final Ledger ledger = mock(Ledger.class);
    private final ProposalBook book = new ProposalBook(
            ledger, new LiveRules(VotingRules.open(1)), new StakeLedger(ledger), java.time.Clock.systemUTC());

    @Test
    void shouldResolveAUniquePrefixToTheFullHash() {
        String full = "abcdef01" + "0".repeat(56);
        when(ledger.proposalHashesStartingWith(eq("abcdef01"), anyInt())).thenReturn(List.of(full));
        assertThat(book.resolveHash("ABCDEF01")).isEqualTo(Sha256.fromHex(full));
    }

    @Test
    void shouldRefuseAnAmbiguousPrefixNamingTwoCandidates() {
        String first = "abcdef01" + "0".repeat(56);
        String second = "abcdef01" + "1".repeat(56);
        when(ledger.proposalHashesStartingWith(eq("abcdef01"), anyInt())).thenReturn(List.of(first, second));
        assertThatThrownBy(() -> book.resolveHash("abcdef01"))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.AMBIGUOUS))
                .hasMessageContaining(first)
                .hasMessageContaining(second);
    }

    @Test
    void shouldRefuseAnUnknownHash() {
        when(ledger.proposalHashesStartingWith(eq("00000000"), anyInt())).thenReturn(List.of());
        assertThatThrownBy(() -> book.resolveHash("00000000"))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.NOT_FOUND));
    }

    @Test
    void shouldRefuseMalformedHashesBeforeAskingTheLedger() {
        for (String bad : new String[] {"abc", "abcdef0", "zzzzzzzz", "a".repeat(65), " ", "abcd-ef01"}) {
            assertThatThrownBy(() -> book.resolveHash(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            Refusal.class, r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.INVALID));
        }
        assertThatThrownBy(() -> book.resolveHash(null)).isInstanceOf(Refusal.class);
    }
}
