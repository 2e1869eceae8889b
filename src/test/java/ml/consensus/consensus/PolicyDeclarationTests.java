package ml.consensus.consensus;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;

import ml.consensus.NodeProperties;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configured policy is checked before the node starts, and declared on a new ledger only. */
class PolicyDeclarationTests {

    private static final VotingRules ABC = VotingRules.listed(1, List.of("a", "b", "c"));

    private static NodeProperties properties(String policy) {
        return new NodeProperties(Path.of("unused"), 1, List.of("a", "b", "c"), null, null, 16, 256, 2000, 1 << 20,
                policy, 0, null);
    }

    private static PolicyDeclaration declaration(String policy) {
        // Refusals happen before anything is written, so no batcher or node state is needed.
        return new PolicyDeclaration(properties(policy), new LiveRules(ABC), null, null, Clock.systemUTC());
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
        assertThatCode(() -> declaration(null).declareIfConfigured(chain.blocks)).doesNotThrowAnyException();
    }
}
