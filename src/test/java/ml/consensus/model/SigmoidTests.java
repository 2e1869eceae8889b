package ml.consensus.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SigmoidTests {

    @ParameterizedTest
    @ValueSource(floats = {-5.99f, -3f, -1f, -0.1f, 0f, 0.1f, 0.5f, 2f, 5.99f})
    void shouldBeWithinOneTableStepOfTheLogisticFunction(float x) {
        double exact = 1 / (1 + StrictMath.exp(-x));
        // One step is 12 / 1000 wide and the logistic function's slope is at most 1/4.
        assertThat(Sigmoid.of(x)).isCloseTo(exact, within(0.25 * 12 / 1000));
    }

    @Test
    void shouldSaturateOutsideTheTable() {
        assertThat(Sigmoid.of(6f)).isEqualTo(1.0);
        assertThat(Sigmoid.of(100f)).isEqualTo(1.0);
        assertThat(Sigmoid.of(Float.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(Sigmoid.of(-6f)).isEqualTo(0.0);
        assertThat(Sigmoid.of(-100f)).isEqualTo(0.0);
        assertThat(Sigmoid.of(Float.NaN)).isEqualTo(0.0);
    }

    @Test
    void shouldReadTheDocumentedEntry() {
        // x = 0 falls in entry (int) (6 * 1000 / 12) = 500, whose argument is (500 / 1000 * 2 - 1) * 6 = 0.
        assertThat(Sigmoid.of(0f)).isEqualTo(0.5);
        // The first entry holds the value at -6.
        double e = StrictMath.exp(-6);
        assertThat(Sigmoid.of(-5.999f)).isEqualTo(e / (e + 1));
    }

    @Test
    void shouldNeverDecrease() {
        double previous = 0;
        for (float x = -7f; x <= 7f; x += 0.001f) {
            double value = Sigmoid.of(x);
            assertThat(value).isGreaterThanOrEqualTo(previous);
            previous = value;
        }
    }
}
