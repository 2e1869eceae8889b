package ml.consensus.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ml.consensus.NodeProperties;
import ml.consensus.proposal.ValidatorRegistry;
import ml.consensus.support.TestValidatorSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up line that says who may vote, in each of the three modes. */
class ServingLogTests {

    private static NodeProperties properties(List<String> validators, Path setFile) {
        return new NodeProperties(
                Path.of("data"), 1, validators, setFile, null, 16, 256, 2000, 1_048_576, null, 0, null);
    }

    @Test
    void shouldSayOpenModeWhenNoValidatorsAreConfigured() {
        ValidatorRegistry open = new ValidatorRegistry(properties(List.of(), null));

        assertThat(ServingLog.voters(open, Optional.empty()))
                .isEqualTo("open mode: any validator id votes, unsigned (no consensus.validator-set-file)");
    }

    @Test
    void shouldNameTheListedIds() {
        ValidatorRegistry listed = new ValidatorRegistry(properties(List.of("validator-alice", "validator-bob"), null));

        assertThat(ServingLog.voters(listed, Optional.empty()))
                .isEqualTo("unsigned, from the 2 ids of consensus.validators (validator-alice, validator-bob)");
    }

    @Test
    void shouldNameTheValidatorSetFileAndItsMembers() {
        TestValidatorSet set =
                TestValidatorSet.generate(2, List.of("validator-alice", "validator-bob", "validator-carol"));
        ValidatorRegistry signed = new ValidatorRegistry(properties(List.of(), set.file()));

        assertThat(ServingLog.voters(signed, Optional.of(set.file().toString())))
                .isEqualTo("signed by the 3 validators of " + set.file()
                        + " (validator-alice, validator-bob, validator-carol)");
    }
}
