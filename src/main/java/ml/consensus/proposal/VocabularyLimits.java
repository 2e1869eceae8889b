package ml.consensus.proposal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.Tokenizer;
import ml.consensus.refusal.Refusal;

/**
 * How far training may grow the vocabulary (prefix {@code consensus.vocabulary}). Every new word
 * costs two vectors in the served model and in every copy a dry run or an apply trains, so an
 * open-mode proposer sending batches of made-up words (46,000 new words per 256-text batch in
 * the attack of issue 15) could exhaust the heap. Checked when a batch is proposed and again
 * when it is applied (the model may have grown in between); a refusal writes nothing.
 *
 * @param maxNewWordsPerBatch most distinct words one batch may add (default 5,000)
 * @param maxSize             most words the vocabulary may reach (default 250,000; the base
 *                            model has 160)
 */
@Validated
@ConfigurationProperties(prefix = "consensus.vocabulary")
public record VocabularyLimits(
        @DefaultValue("5000") @Min(1) @Max(10_000_000) int maxNewWordsPerBatch,
        @DefaultValue("250000") @Min(1) @Max(100_000_000) int maxSize) {

    /** The distinct words of {@code texts} that {@code model} does not know yet, in first-seen order. */
    static Set<String> newWords(EmbeddingModel model, List<String> texts) {
        Set<String> unseen = new LinkedHashSet<>();
        for (String text : texts) {
            for (String token : Tokenizer.tokenize(text)) {
                if (!model.contains(token)) {
                    unseen.add(token);
                }
            }
        }
        return unseen;
    }

    /** Refuses (400) a batch that would add more than {@link #maxNewWordsPerBatch} words to {@code model}. */
    void checkBatch(EmbeddingModel model, List<String> texts) {
        int added = newWords(model, texts).size();
        if (added > maxNewWordsPerBatch) {
            throw Refusal.invalid("the batch would add " + added + " new words to the vocabulary; at most "
                    + maxNewWordsPerBatch + " per batch are allowed (consensus.vocabulary.max-new-words-per-batch)");
        }
        checkTotal(model, added);
    }

    /** Refuses (409) growing {@code model} by {@code added} words past {@link #maxSize}. */
    void checkTotal(EmbeddingModel model, int added) {
        long after = (long) model.vocabSize() + added;
        if (after > maxSize) {
            throw Refusal.conflict("the vocabulary has " + model.vocabSize() + " words and this batch would add "
                    + added + ", past the limit of " + maxSize + " (consensus.vocabulary.max-size); nothing was"
                    + " written");
        }
    }
}
