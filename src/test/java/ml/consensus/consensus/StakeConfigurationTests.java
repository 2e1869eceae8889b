package ml.consensus.consensus;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import ml.consensus.NodeProperties;
import ml.consensus.stake.StakeProperties;
import ml.consensus.stake.StakeRules;
import ml.consensus.validator.ValidatorRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StakeConfigurationTests {

    private static final ValidatorRegistry OPEN_MODE = new ValidatorRegistry(new NodeProperties(Path.of("data"), 1,
            List.of(), null, null, 16, 256, 2000, 1_048_576, null, 0, null));

    @Test
    void shouldRefuseAMinimumStakeOnANodeWithoutValidatorKeys() {
        assertThatThrownBy(() -> new StakeConfiguration().stakeRules(new StakeProperties(10, false, null, 0),
                OPEN_MODE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consensus.stake.minimum-to-vote needs a validator set file");
    }

    @Test
    void shouldRunTheSeedsRulesByDefault() {
        assertThat(new StakeConfiguration().stakeRules(new StakeProperties(0, false, null, 0), OPEN_MODE))
                .isEqualTo(StakeRules.NONE);
    }
}
