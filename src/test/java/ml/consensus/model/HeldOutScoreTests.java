package ml.consensus.model;

import java.util.List;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.Sha256;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeldOutScoreTests {

    private static final EvaluationSet BUILT_IN = EvaluationSet.builtIn();
    private static final double LN_2 = StrictMath.log(2);

    @Test
    void shouldPinTheBuiltInSetAndTheBaseModelsScore() {
        // Part of the ledger format: every scored update names this set and replays this score.
        assertThat(BUILT_IN.hash().hex()).isEqualTo("bbc5802adeb637850bccd153fc0b0032849a9e06b21e3f6f32aa36946784f0b6");
        assertThat(BUILT_IN.texts()).hasSize(20);
        HeldOutScore score = new HeldOutScore(BUILT_IN);
        assertThat(score.pairs()).isEqualTo(568);
        assertThat(score.score(BaseModel.create())).isEqualTo(3.035293053850733);
    }

    @Test
    void shouldGiveTheSameScoreForTheSameModelAndSet() {
        HeldOutScore first = new HeldOutScore(BUILT_IN);
        HeldOutScore second = new HeldOutScore(EvaluationSet.parse(String.join("\n", BUILT_IN.texts())));
        EmbeddingModel model = BaseModel.create();
        assertThat(second.setHash()).isEqualTo(first.setHash());
        assertThat(Double.doubleToRawLongBits(second.score(model)))
                .isEqualTo(Double.doubleToRawLongBits(first.score(model.copy())));
    }

    @Test
    void shouldCountEveryTermOfAnUnknownWordAsLnTwo() {
        // No word of the set is in an empty model: every term is softplus(0).
        HeldOutScore score = new HeldOutScore(EvaluationSet.of(List.of("zzyzx qwerty")));
        double terms = score.score(EmbeddingModel.empty());
        assertThat(terms / LN_2).isBetween(1.0, 1.0 + SkipGramTrainer.NEGATIVES);
        assertThat(Math.rint(terms / LN_2)).isEqualTo(terms / LN_2, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void shouldImproveWhenTheModelLearnsTheHeldOutTextsAndWorsenWhenVectorsAreScrambled() {
        HeldOutScore score = new HeldOutScore(BUILT_IN);
        EmbeddingModel base = BaseModel.create();
        double before = score.score(base);

        EmbeddingModel learned = base.copy();
        new SkipGramTrainer().train(learned, BUILT_IN.texts(), 0.05, Sha256.ZERO);
        assertThat(score.score(learned)).isLessThan(before);

        EmbeddingModel scrambled = base.copy();
        new SkipGramTrainer()
                .train(scrambled, List.of("fever fever fever fever the the the the a a a a"), 1.0, Sha256.ZERO);
        assertThat(score.score(scrambled)).isGreaterThan(before);
    }

    @Test
    void shouldHashTheSetAsItsLinesEachEndedByANewline() {
        EvaluationSet crlf = EvaluationSet.parse("a fever\r\n\r\nhigh temperature\r\n");
        EvaluationSet lf = EvaluationSet.parse("a fever\nhigh temperature\n");
        assertThat(crlf).isEqualTo(lf);
        assertThat(lf.texts()).containsExactly("a fever", "high temperature");
        assertThat(lf.hash())
                .isEqualTo(ml.consensus.hashing.HashDomain.EVALUATION_SET.hash(
                        "a fever\nhigh temperature\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void shouldRefuseASetWithNothingToScore() {
        assertThatThrownBy(() -> EvaluationSet.parse("\n \n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one text");
        assertThatThrownBy(() -> new HeldOutScore(EvaluationSet.of(List.of("fever", "cough"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two or more words");
    }
}
