package ml.consensus.consensus;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import ml.consensus.stake.StakeProperties;
import ml.consensus.stake.StakeRules;

@Configuration(proxyBeanMethods = false)
class StakeConfiguration {

    /** The stake rules this node writes and verifies under, checked at start-up. */
    @Bean
    StakeRules stakeRules(StakeProperties properties) {
        return properties.rules();
    }
}
