package ml.consensus.node;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import ml.consensus.model.EvaluationSet;
import ml.consensus.model.Evaluations;

@Configuration(proxyBeanMethods = false)
class EvaluationConfiguration {

    /** The held-out sets this node scores with: the configured file, else the built-in set. */
    @Bean
    Evaluations evaluations(EvaluationProperties properties) {
        return properties.setFile() == null
                ? Evaluations.builtIn()
                : Evaluations.scoringOn(EvaluationSet.read(properties.setFile()));
    }
}
