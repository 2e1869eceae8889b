package ml.consensus.consensus;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import ml.consensus.stake.StakeProperties;
import ml.consensus.stake.StakeRules;
import ml.consensus.validator.ValidatorRegistry;

@Configuration(proxyBeanMethods = false)
class StakeConfiguration {

    /**
     * The stake rules this node writes and verifies under, checked at start-up. A minimum stake
     * needs a validator set: stake is bonded with signed records, so without keys nobody could
     * ever reach the minimum and no vote would be taken.
     */
    @Bean
    StakeRules stakeRules(StakeProperties properties, ValidatorRegistry validators) {
        StakeRules rules = properties.rules();
        if (rules.minimumToVote() > 0 && !validators.signaturesRequired()) {
            throw new IllegalArgumentException("consensus.stake.minimum-to-vote needs a validator set file"
                    + " (consensus.validator-set-file): stake is bonded with signed records");
        }
        return rules;
    }
}
