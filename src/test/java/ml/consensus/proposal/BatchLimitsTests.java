package ml.consensus.proposal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ml.consensus.refusal.Refusal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchLimitsTests {

    private final BatchLimits limits = new BatchLimits(3, 20);

    @Test
    void shouldAcceptABatchWithinTheLimits() {
        assertThatCode(() -> limits.checkTexts(List.of("I have a fever", "cough")))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldNameTheFirstBadText() {
        assertThatThrownBy(() -> limits.checkTexts(null)).hasMessageContaining("required");
        assertThatThrownBy(() -> limits.checkTexts(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> limits.checkTexts(List.of("a", "b", "c", "d"))).hasMessageContaining("at most 3");
        assertThatThrownBy(() -> limits.checkTexts(List.of("ok", "x".repeat(21))))
                .hasMessageContaining("texts[1]");
        assertThatThrownBy(() -> limits.checkTexts(List.of("ok", " \t"))).hasMessageContaining("texts[1] is blank");
        assertThatThrownBy(() -> limits.checkTexts(List.of("?!"))).hasMessageContaining("no words");
        assertThatThrownBy(() -> limits.checkTexts(Collections.singletonList(null)))
                .hasMessageContaining("texts[0] is null");
        assertThatThrownBy(() -> limits.checkTexts(new ArrayList<>(Arrays.asList("ok", null))))
                .isInstanceOf(Refusal.class);
    }

    @Test
    void shouldDefaultTheLearningRate() {
        assertThat(limits.checkLearningRate(null)).isEqualTo(BatchLimits.DEFAULT_LEARNING_RATE);
        assertThat(limits.checkLearningRate(1.0)).isEqualTo(1.0);
        assertThat(limits.checkLearningRate(Double.MIN_VALUE)).isEqualTo(Double.MIN_VALUE);
    }

    @ParameterizedTest
    @ValueSource(
            doubles = {0.0, -0.0, -0.01, 1.0000001, 2, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void shouldRefuseOutOfRangeLearningRates(double rate) {
        assertThatThrownBy(() -> limits.checkLearningRate(rate))
                .isInstanceOf(Refusal.class)
                .hasMessageContaining("learning_rate");
    }
}
