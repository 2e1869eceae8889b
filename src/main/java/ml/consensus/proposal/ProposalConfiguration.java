package ml.consensus.proposal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import ml.consensus.NodeProperties;

/** The configured limits of a training batch and the lifetime of new proposals. */
@Configuration(proxyBeanMethods = false)
class ProposalConfiguration {

    @Bean
    ProposalLifetime proposalLifetime(NodeProperties properties) {
        return ProposalLifetime.of(properties);
    }

    @Bean
    BatchLimits batchLimits(NodeProperties properties) {
        return BatchLimits.of(properties);
    }
}
