package ml.consensus.model;

import java.util.List;

/**
 * What one applied training update did.
 *
 * @param batchSize     number of texts in the batch
 * @param tokensTrained number of tokens in the batch (one pass; each is trained
 *                      {@link SkipGramTrainer#EPOCHS} times)
 * @param vocabBefore   vocabulary size before the update
 * @param vocabAfter    vocabulary size after it: {@code vocabBefore + newWords.size()}
 * @param newWords      the words the update added, in first-occurrence order (unmodifiable)
 */
public record TrainingResult(int batchSize, int tokensTrained, int vocabBefore, int vocabAfter, List<String> newWords) {

    public TrainingResult {
        newWords = List.copyOf(newWords);
    }
}
