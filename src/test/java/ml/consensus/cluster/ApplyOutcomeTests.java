package ml.consensus.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApplyOutcomeTests {

    @Test
    void shouldReadBackEveryKindOfOutcome() {
        ApplyOutcome applied = ApplyOutcome.applied(17);
        ApplyOutcome stale = ApplyOutcome.stale(16);
        ApplyOutcome halted = ApplyOutcome.halted(new Halt(18, "block 9: previous_hash does not link — é"));

        assertThat(ApplyOutcome.parse(applied.toBytes())).isEqualTo(applied);
        assertThat(ApplyOutcome.parse(stale.toBytes())).isEqualTo(stale);
        assertThat(ApplyOutcome.parse(halted.toBytes())).isEqualTo(halted);
        assertThat(ApplyOutcome.parse(halted.toBytes()).halt())
                .isEqualTo(new Halt(18, "block 9: previous_hash does not link — é"));
    }

    @Test
    void shouldRefuseAnUnknownKindAndShortBytes() {
        byte[] bytes = ApplyOutcome.applied(1).toBytes();
        bytes[0] = 7;

        assertThatThrownBy(() -> ApplyOutcome.parse(bytes)).hasMessageContaining("kind 7");
        assertThatThrownBy(() -> ApplyOutcome.parse(new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldHaveNoHaltUnlessHalted() {
        assertThatThrownBy(() -> ApplyOutcome.applied(1).halt()).isInstanceOf(IllegalStateException.class);
    }
}
