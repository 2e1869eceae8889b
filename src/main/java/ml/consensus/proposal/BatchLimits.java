package ml.consensus.proposal;

import java.util.List;

import ml.consensus.NodeProperties;
import ml.consensus.model.Tokenizer;
import ml.consensus.refusal.Refusal;

/**
 * What a training batch may hold: 1 to {@code maxTexts} texts of at most {@code maxTextLength}
 * characters, each with at least one word, and a finite learning rate in (0, 1].
 */
public record BatchLimits(int maxTexts, int maxTextLength) {

    public static final double DEFAULT_LEARNING_RATE = 0.01;
    public static final double MAX_LEARNING_RATE = 1.0;

    public static BatchLimits of(NodeProperties properties) {
        return new BatchLimits(properties.maxBatchTexts(), properties.maxTextLength());
    }

    /** Throws a {@link Refusal} naming the first thing wrong with {@code texts}. */
    public void checkTexts(List<String> texts) {
        if (texts == null) {
            throw Refusal.invalid("texts is required: a non-empty array of strings");
        }
        if (texts.isEmpty()) {
            throw Refusal.invalid("texts must hold at least one text");
        }
        if (texts.size() > maxTexts) {
            throw Refusal.invalid("texts holds " + texts.size() + " texts; at most " + maxTexts + " are allowed");
        }
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw Refusal.invalid("texts[" + i + "] is null; every text must be a string");
            }
            if (text.length() > maxTextLength) {
                throw Refusal.invalid("texts[" + i + "] has " + text.length() + " characters; at most " + maxTextLength
                        + " are allowed");
            }
            if (text.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
                // RFC 8785 hashes I-JSON: a lone surrogate has no UTF-8 form, so its hash could not bind it.
                throw Refusal.invalid("texts[" + i + "] holds a lone UTF-16 surrogate, which is not a character");
            }
            if (text.isBlank()) {
                throw Refusal.invalid("texts[" + i + "] is blank");
            }
            if (Tokenizer.tokenize(text).isEmpty()) {
                throw Refusal.invalid("texts[" + i + "] has no words to train on");
            }
        }
    }

    /** The learning rate to use: the default when absent; throws a {@link Refusal} when out of range. */
    public double checkLearningRate(Double learningRate) {
        if (learningRate == null) {
            return DEFAULT_LEARNING_RATE;
        }
        double rate = learningRate;
        if (Double.isNaN(rate) || Double.isInfinite(rate) || rate <= 0 || rate > MAX_LEARNING_RATE) {
            throw Refusal.invalid(
                    "learning_rate must be a number greater than 0 and at most " + MAX_LEARNING_RATE + ", got " + rate);
        }
        return rate;
    }
}
