package ml.consensus.privacy;

import java.util.List;

import ml.consensus.hashing.HashDomain;
import ml.consensus.model.BaseModel;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.SkipGramTrainer;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Models for the tests: real ones trained from the base model, and tiny hand-made ones. */
final class TestModels {

    static final int D = EmbeddingModel.DIMENSIONS;
    private static final SkipGramTrainer TRAINER = new SkipGramTrainer();

    private TestModels() {}

    /** A copy of {@code model} trained on {@code texts} at rate 0.05, seeded from the texts. */
    static EmbeddingModel trained(EmbeddingModel model, List<String> texts) {
        EmbeddingModel copy = model.copy();
        TRAINER.train(
                copy,
                texts,
                0.05,
                HashDomain.TRAINING_SEED.hash(String.join("\n", texts).getBytes(UTF_8)));
        return copy;
    }

    static EmbeddingModel trainedFromBase(String... texts) {
        return trained(BaseModel.create(), List.of(texts));
    }

    /**
     * A model with the given words, training steps, and vectors where component d of word i is
     * {@code (i + 1) * 0.125 + d / 64} in the input table and its negation in the output table.
     */
    static ModelState tinyState(long steps, String... words) {
        float[] input = new float[words.length * D];
        float[] output = new float[words.length * D];
        for (int i = 0; i < words.length; i++) {
            for (int d = 0; d < D; d++) {
                input[i * D + d] = (i + 1) * 0.125f + d / 64f;
                output[i * D + d] = -input[i * D + d];
            }
        }
        return new ModelState(steps, List.of(words), input, output);
    }

    static ModelState copy(ModelState state) {
        return new ModelState(state.trainingSteps, state.words, state.input.clone(), state.output.clone());
    }

    /** {@code state} with {@code word} appended, both its vectors filled with {@code value}. */
    static ModelState withWord(ModelState state, String word, float value) {
        ModelState grown = copy(state);
        grown.words.add(word);
        grown.input = java.util.Arrays.copyOf(grown.input, grown.words.size() * D);
        grown.output = java.util.Arrays.copyOf(grown.output, grown.words.size() * D);
        java.util.Arrays.fill(grown.input, (grown.words.size() - 1) * D, grown.words.size() * D, value);
        java.util.Arrays.fill(grown.output, (grown.words.size() - 1) * D, grown.words.size() * D, value);
        return grown;
    }
}
