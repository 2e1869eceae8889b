package ml.consensus.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SkipGramTrainerTests {

    private static final List<String> FEVER_BATCH = List.of("I have a fever", "High temperature");
    private static final Sha256 SEED = HashDomain.PROPOSAL.hash("proposal 1".getBytes(UTF_8));

    /** The base model trained on FEVER_BATCH at 0.01 with SEED: pins the training algorithm itself. */
    private static final String FEVER_BATCH_HASH = "f2b19cd0a29b10e3d32ab61b9f83d9e3a172860e0efc5d6d073e051f543b6a56";

    private final SkipGramTrainer trainer = new SkipGramTrainer();

    private EmbeddingModel trained(List<String> texts, double learningRate, Sha256 seed) {
        EmbeddingModel model = BaseModel.create();
        trainer.train(model, texts, learningRate, seed);
        return model;
    }

    @Test
    void shouldReproduceTheSameBytesWhenReplayed() {
        EmbeddingModel first = trained(FEVER_BATCH, 0.01, SEED);
        EmbeddingModel second = trained(FEVER_BATCH, 0.01, SEED);

        assertThat(ModelCodec.encode(second)).isEqualTo(ModelCodec.encode(first));
        assertThat(second.hash()).isEqualTo(first.hash());
    }

    @Test
    void shouldHavePinnedHashForAKnownUpdate() {
        assertThat(trained(FEVER_BATCH, 0.01, SEED).hash().hex()).isEqualTo(FEVER_BATCH_HASH);
    }

    @Test
    void shouldGiveADifferentModelForAnyDifferentInput() {
        Sha256 reference = trained(FEVER_BATCH, 0.01, SEED).hash();

        assertThat(trained(List.of("I have a fever", "Low temperature"), 0.01, SEED)
                        .hash())
                .isNotEqualTo(reference);
        assertThat(trained(FEVER_BATCH, 0.02, SEED).hash()).isNotEqualTo(reference);
        assertThat(trained(FEVER_BATCH, 0.01, HashDomain.PROPOSAL.hash("proposal 2".getBytes(UTF_8)))
                        .hash())
                .isNotEqualTo(reference);
        List<String> reversed = new ArrayList<>(FEVER_BATCH);
        Collections.reverse(reversed);
        assertThat(trained(reversed, 0.01, SEED).hash()).isNotEqualTo(reference);
    }

    @Test
    void shouldChangeTheHashAndCountOneStepPerUpdate() {
        EmbeddingModel model = BaseModel.create();
        Sha256 before = model.hash();

        trainer.train(model, FEVER_BATCH, 0.01, SEED);
        Sha256 afterOne = model.hash();
        trainer.train(model, FEVER_BATCH, 0.01, SEED);

        assertThat(model.trainingSteps()).isEqualTo(2);
        assertThat(afterOne).isNotEqualTo(before);
        assertThat(model.hash()).isNotEqualTo(afterOne).isEqualTo(HashDomain.MODEL.hash(ModelCodec.encode(model)));
    }

    @Test
    void shouldAddNoWordsWhenAllAreKnown() {
        EmbeddingModel model = BaseModel.create();
        int vocab = model.vocabSize();

        TrainingResult result = trainer.train(model, List.of("I have a fever"), 0.01, SEED);

        assertThat(result).isEqualTo(new TrainingResult(1, 4, vocab, vocab, List.of()));
        assertThat(model.vocabSize()).isEqualTo(vocab);
        assertThat(model.trainingSteps()).isEqualTo(1);
    }

    @Test
    void shouldAddExactlyTheNewWordsInFirstOccurrenceOrder() {
        EmbeddingModel model = BaseModel.create();
        int vocab = model.vocabSize();
        assertThat(model.contains("rhinovirus")).isFalse();

        TrainingResult result = trainer.train(
                model, List.of("I have a fever with RHINOVIRUS", "rhinovirus and sinusitis, fever"), 0.01, SEED);

        assertThat(result.newWords()).containsExactly("rhinovirus", "sinusitis");
        assertThat(result.vocabBefore()).isEqualTo(vocab);
        assertThat(result.vocabAfter()).isEqualTo(vocab + 2);
        assertThat(result.batchSize()).isEqualTo(2);
        assertThat(result.tokensTrained()).isEqualTo(10);
        assertThat(model.vocabSize()).isEqualTo(vocab + 2);
        assertThat(model.vocabulary()).endsWith("rhinovirus", "sinusitis");
        assertThat(model.nearestWords("rhinovirus", 3)).hasSize(3);
    }

    @Test
    void shouldCountATokenlessBatchAsAStep() {
        EmbeddingModel model = BaseModel.create();
        Sha256 before = model.hash();

        TrainingResult result = trainer.train(model, List.of("?!", ""), 0.01, SEED);

        assertThat(result.tokensTrained()).isZero();
        assertThat(model.trainingSteps()).isEqualTo(1);
        assertThat(model.hash()).isNotEqualTo(before);
    }

    @Test
    void shouldLeaveTheOriginalUntouchedWhenTrainingACopy() {
        EmbeddingModel original = BaseModel.create();
        byte[] before = ModelCodec.encode(original);
        Sha256 hashBefore = original.hash();

        EmbeddingModel copy = original.copy();
        trainer.train(copy, List.of("a brand new symptom: hiccups", "I have a fever"), 0.5, SEED);

        assertThat(ModelCodec.encode(original)).isEqualTo(before);
        assertThat(original.hash()).isEqualTo(hashBefore);
        assertThat(original.contains("hiccups")).isFalse();
        assertThat(original.trainingSteps()).isZero();
        assertThat(copy.contains("hiccups")).isTrue();
        assertThat(copy.hash()).isNotEqualTo(hashBefore);
    }

    @ParameterizedTest
    @ValueSource(
            doubles = {0, -0.0, -0.01, 1.0000001, 2, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void shouldRejectLearningRateOutsideZeroToOne(double learningRate) {
        EmbeddingModel model = BaseModel.create();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> trainer.train(model, FEVER_BATCH, learningRate, SEED))
                .withMessageContaining("learning rate");
        assertThat(model.hash().hex()).isEqualTo(BaseModelTests.BASE_MODEL_HASH);
    }

    @Test
    void shouldAcceptTheBoundsOfTheLearningRate() {
        assertThat(trained(FEVER_BATCH, 1, SEED).trainingSteps()).isEqualTo(1);
        assertThat(trained(FEVER_BATCH, Double.MIN_VALUE, SEED).trainingSteps()).isEqualTo(1);
    }

    @Test
    void shouldRejectEmptyOrNullTextsAndMissingSeed() {
        EmbeddingModel model = BaseModel.create();
        List<String> withNull = new ArrayList<>();
        withNull.add("fever");
        withNull.add(null);

        assertThatIllegalArgumentException().isThrownBy(() -> trainer.train(model, List.of(), 0.01, SEED));
        assertThatIllegalArgumentException().isThrownBy(() -> trainer.train(model, null, 0.01, SEED));
        assertThatIllegalArgumentException().isThrownBy(() -> trainer.train(model, withNull, 0.01, SEED));
        assertThatIllegalArgumentException().isThrownBy(() -> trainer.train(model, FEVER_BATCH, 0.01, null));
        assertThat(model.hash().hex()).isEqualTo(BaseModelTests.BASE_MODEL_HASH);
        assertThat(model.contains("null")).isFalse();
    }

    @Test
    void shouldBringWordsThatShareContextsCloser() {
        EmbeddingModel model = BaseModel.create();
        double before = similarity(model, "thermometer", "cholesterol");
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add("the thermometer reading and the cholesterol reading");
        }

        for (int update = 0; update < 5; update++) {
            trainer.train(model, batch, 0.05, HashDomain.PROPOSAL.hash(new byte[] {(byte) update}));
        }

        assertThat(similarity(model, "thermometer", "cholesterol")).isGreaterThan(before + 0.2);
    }

    @Test
    void shouldKeepEveryComponentBoundedAtTheHighestLearningRate() {
        EmbeddingModel model = BaseModel.create();
        List<String> batch = Collections.nCopies(200, "fever fever fever cough fever");

        for (int update = 0; update < 5; update++) {
            trainer.train(model, batch, 1, HashDomain.PROPOSAL.hash(new byte[] {(byte) update}));
        }

        // decode re-checks the invariant: finite and within +/-MAX_ABS_COMPONENT
        assertThat(ModelCodec.decode(ModelCodec.encode(model)).hash()).isEqualTo(model.hash());
        // Pinned with the trainer that looked at every component after every update (160 components
        // end clamped at +/-64): looking only where the magnitude bound allows an outlier changes nothing.
        assertThat(model.hash().hex()).isEqualTo("27418ffad11263418dd1eb3f8c5e0804f6c418ab1131264790739608564a0334");
    }

    @Test
    void shouldTrainEveryTokenOfALargeBatchAndAddEachNewWordOnce() {
        // Speed is measured by the TrainerBenchmark (docs/performance.md), not asserted here.
        EmbeddingModel model = BaseModel.create();
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add("Patient " + i + " reports a fever, a dry cough and a severe headache since yesterday");
        }
        int tokensPerText = Tokenizer.tokenize(batch.get(0)).size();
        List<String> unseen = batch.stream()
                .flatMap(text -> Tokenizer.tokenize(text).stream())
                .distinct()
                .filter(word -> model.indexOf(word) < 0)
                .toList();

        TrainingResult result = trainer.train(model, batch, 0.01, SEED);

        assertThat(result.tokensTrained()).isEqualTo(100 * tokensPerText);
        assertThat(result.newWords()).containsExactlyElementsOf(unseen);
        assertThat(model.vocabSize()).isEqualTo(result.vocabBefore() + unseen.size());
    }

    static double similarity(EmbeddingModel model, String word, String other) {
        return model.nearestWords(word, model.vocabSize()).stream()
                .filter(neighbour -> neighbour.word().equals(other))
                .findFirst()
                .orElseThrow()
                .similarity();
    }
}
