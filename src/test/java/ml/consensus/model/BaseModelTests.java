package ml.consensus.model;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BaseModelTests {

    /**
     * The genesis model hash. It is part of the ledger format: if this test fails, the corpus,
     * the seed, a hyper-parameter, the tokenizer or the encoding changed, and every existing
     * ledger no longer replays. Change it only together with a format version bump.
     */
    static final String BASE_MODEL_HASH = "0f4bee97f974ffb5f9dba9a68d4419cb5277012e610e50ca4c619cd5b09ee6ce";

    @Test
    void shouldHavePinnedHash() {
        assertThat(BaseModel.create().hash().hex()).isEqualTo(BASE_MODEL_HASH);
    }

    @Test
    void shouldBeTheSameOnEveryCall() {
        EmbeddingModel first = BaseModel.create();
        EmbeddingModel second = BaseModel.create();

        assertThat(second).isNotSameAs(first);
        assertThat(ModelCodec.encode(second)).isEqualTo(ModelCodec.encode(first));
        assertThat(second.hash()).isEqualTo(first.hash());
    }

    @Test
    void shouldBeRebuiltIdenticallyFromTheCorpus() {
        EmbeddingModel rebuilt = EmbeddingModel.empty();
        SkipGramTrainer.fit(
                rebuilt,
                BaseModel.CORPUS.stream().map(Tokenizer::tokenize).toList(),
                BaseModel.LEARNING_RATE,
                BaseModel.SEED,
                BaseModel.EPOCHS);

        assertThat(rebuilt.hash().hex()).isEqualTo(BASE_MODEL_HASH);
    }

    @Test
    void shouldHaveAMedicalVocabularyAndNoTrainingSteps() {
        EmbeddingModel model = BaseModel.create();

        assertThat(model.name()).isEqualTo("custom-medical-llm-v1");
        assertThat(model.dimensions()).isEqualTo(EmbeddingModel.DIMENSIONS);
        assertThat(model.trainingSteps()).isZero();
        assertThat(model.vocabSize()).isBetween(140, 180);
        assertThat(model.vocabulary())
                .startsWith("the", "patient", "has", "a", "high", "fever")
                .contains("i", "have", "cough", "headache", "diagnosis", "medication", "dosage");
    }

    @Test
    void shouldNotBeAffectedByTrainingAPreviousCopy() {
        EmbeddingModel first = BaseModel.create();
        new SkipGramTrainer().train(first, List.of("brand new words"), 0.5, BaseModel.SEED);

        assertThat(BaseModel.create().hash().hex()).isEqualTo(BASE_MODEL_HASH);
    }
}
