package ml.consensus.model;

import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class EmbeddingModelTests {

    private final EmbeddingModel model = BaseModel.create();

    @Test
    void shouldReturnTheKNearestWordsMostSimilarFirst() {
        List<Neighbour> nearest = model.nearestWords("fever", 10);

        assertThat(nearest)
                .hasSize(10)
                .isSortedAccordingTo(
                        Comparator.comparingDouble(Neighbour::similarity).reversed())
                .extracting(Neighbour::word)
                .doesNotContain("fever")
                .doesNotHaveDuplicates();
        assertThat(nearest).allSatisfy(n -> assertThat(n.similarity()).isBetween(-1.0, 1.0));
    }

    @Test
    void shouldRankEveryOtherWordWhenKExceedsTheVocabulary() {
        List<Neighbour> all = model.nearestWords("fever", 10_000);

        assertThat(all).hasSize(model.vocabSize() - 1);
        assertThat(all.subList(0, 5)).isEqualTo(model.nearestWords("fever", 5));
    }

    @Test
    void shouldReturnNothingForAnUnknownWordOrZeroK() {
        assertThat(model.nearestWords("xylophone", 5)).isEmpty();
        assertThat(model.nearestWords("Fever", 5)).isEmpty();
        assertThat(model.nearestWords("fever", 0)).isEmpty();
    }

    @Test
    void shouldRefuseNegativeK() {
        assertThatIllegalArgumentException().isThrownBy(() -> model.nearestWords("fever", -1));
        assertThatIllegalArgumentException().isThrownBy(() -> model.nearestToText("fever", -1));
    }

    @Test
    void shouldFindWordsNearATextExcludingItsOwnTokens() {
        List<Neighbour> nearest = model.nearestToText("I have a FEVER, and a headache!", 8);

        assertThat(nearest)
                .hasSize(8)
                .isSortedAccordingTo(
                        Comparator.comparingDouble(Neighbour::similarity).reversed())
                .extracting(Neighbour::word)
                .doesNotContain("i", "have", "a", "fever", "and", "headache");
    }

    @Test
    void shouldIgnoreUnknownTokensInAText() {
        assertThat(model.nearestToText("fever zzzunknown", 5)).isEqualTo(model.nearestToText("fever", 5));
    }

    @Test
    void shouldMatchNearestWordsForASingleKnownWord() {
        assertThat(model.nearestToText("Fever!", 5)).isEqualTo(model.nearestWords("fever", 5));
    }

    @Test
    void shouldReturnNothingForATextWithoutKnownTokens() {
        assertThat(model.nearestToText("zzz qqq", 5)).isEmpty();
        assertThat(model.nearestToText("   ", 5)).isEmpty();
    }

    @Test
    void shouldBreakTiesByVocabularyIndex() {
        EmbeddingModel tied =
                EmbeddingModel.of(List.of("query", "b", "c", "a"), vectors(1, 1, 1, 1), vectors(0, 0, 0, 0), 0);

        assertThat(tied.nearestWords("query", 3)).extracting(Neighbour::word).containsExactly("b", "c", "a");
    }

    @Test
    void shouldCallZeroVectorsUnrelated() {
        EmbeddingModel zero =
                EmbeddingModel.of(List.of("query", "nothing", "same"), vectors(1, 0, 1), vectors(0, 0, 0), 0);

        List<Neighbour> nearest = zero.nearestWords("query", 2);

        assertThat(nearest).extracting(Neighbour::word).containsExactly("same", "nothing");
        assertThat(nearest.get(0).similarity()).isCloseTo(1.0, within(1e-12));
        assertThat(nearest.get(1).similarity()).isZero();
    }

    @Test
    void shouldExposeAnUnmodifiableVocabularySnapshot() {
        List<String> vocabulary = model.vocabulary();

        assertThat(vocabulary).isUnmodifiable().hasSize(model.vocabSize());
        assertThat(model.contains(vocabulary.get(0))).isTrue();
        new SkipGramTrainer().train(model, List.of("hiccups"), 0.01, BaseModel.SEED);
        assertThat(vocabulary).hasSize(model.vocabSize() - 1);
    }

    @Test
    void shouldCopyDeeply() {
        EmbeddingModel copy = model.copy();

        assertThat(ModelCodec.encode(copy)).isEqualTo(ModelCodec.encode(model));
        new SkipGramTrainer().train(copy, List.of("I have a fever"), 0.5, BaseModel.SEED);
        assertThat(model.hash().hex()).isEqualTo(BaseModelTests.BASE_MODEL_HASH);
        assertThat(model.copy().hash().hex()).isEqualTo(BaseModelTests.BASE_MODEL_HASH);
    }

    /** One row per value: the value in every component. */
    private static float[] vectors(float... rows) {
        float[] table = new float[rows.length * EmbeddingModel.DIMENSIONS];
        for (int i = 0; i < table.length; i++) {
            table[i] = rows[i / EmbeddingModel.DIMENSIONS];
        }
        return table;
    }
}
