package ml.consensus.consensus;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import ml.consensus.NodeProperties;
import ml.consensus.validator.ValidatorRegistry;

@Configuration(proxyBeanMethods = false)
class ConsensusConfiguration {

    /** M-of-N; in open mode N is taken equal to M, so any rejection before quorum rejects. */
    @Bean
    ApprovalPolicy approvalPolicy(NodeProperties properties, ValidatorRegistry validators) {
        int required = properties.validatorsRequired();
        int count = validators.isOpen() ? required : validators.validators().size();
        return new ApprovalPolicy(required, count);
    }

    @Bean
    BatchLimits batchLimits(NodeProperties properties) {
        return BatchLimits.of(properties);
    }

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }
}
