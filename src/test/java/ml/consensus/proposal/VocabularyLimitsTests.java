package ml.consensus.proposal;

import java.util.List;

import org.junit.jupiter.api.Test;

import ml.consensus.model.BaseModel;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.refusal.Refusal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VocabularyLimitsTests {

    private static final EmbeddingModel BASE = BaseModel.create();

    @Test
    void shouldCountDistinctUnseenWordsOnly() {
        assertThat(VocabularyLimits.newWords(BASE, List.of("qqq zzz qqq", "zzz www")))
                .containsExactly("qqq", "zzz", "www");
    }

    @Test
    void shouldRefuseABatchAddingMoreWordsThanAllowed() {
        VocabularyLimits limits = new VocabularyLimits(2, 1_000_000);
        assertThatCode(() -> limits.checkBatch(BASE, List.of("qqq zzz"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> limits.checkBatch(BASE, List.of("qqq zzz www")))
                .isInstanceOf(Refusal.class)
                .hasMessageContaining("3 new words")
                .hasMessageContaining("max-new-words-per-batch");
    }

    @Test
    void shouldRefuseGrowingTheVocabularyPastItsLimit() {
        VocabularyLimits limits = new VocabularyLimits(100, BASE.vocabSize() + 1);
        assertThatCode(() -> limits.checkBatch(BASE, List.of("qqq"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> limits.checkBatch(BASE, List.of("qqq zzz")))
                .isInstanceOf(Refusal.class)
                .hasMessageContaining("max-size");
    }
}
