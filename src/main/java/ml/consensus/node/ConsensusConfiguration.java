package ml.consensus.node;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import ml.consensus.NodeProperties;
import ml.consensus.proposal.ValidatorRegistry;
import ml.consensus.rules.VotingRules;

@Configuration(proxyBeanMethods = false)
class ConsensusConfiguration {

    /**
     * The rules votes are taken and checked under: a signing validator set brings its own quorum;
     * otherwise M-of-N with N the listed validators, or N = M in open mode (so any rejection
     * before quorum rejects).
     */
    @Bean
    VotingRules votingRules(NodeProperties properties, ValidatorRegistry validators) {
        if (validators.signingSet().isPresent()) {
            return VotingRules.signedBy(validators.signingSet().get());
        }
        int required = properties.validatorsRequired();
        return validators.isOpen() ? VotingRules.open(required) : VotingRules.listed(required, validators.validators());
    }

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }
}
