package ml.consensus.node;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the held-out evaluation (prefix {@code consensus.evaluation}).
 *
 * @param setFile a held-out set file (one text per line) to score updates on; none = the built-in
 *                set. Its hash goes into every update record, and a verifier must be given the
 *                same file ({@code --evaluation-set}) to replay the scores.
 */
@ConfigurationProperties(prefix = "consensus.evaluation")
public record EvaluationProperties(Path setFile) {}
