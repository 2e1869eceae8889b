package ml.consensus.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import ml.consensus.model.BaseModel;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.privacy.InvalidDeltaException.Reason;

import static ml.consensus.privacy.TestModels.D;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeltaCombinerTests {

    private static final EmbeddingModel BASE = BaseModel.create();
    /** Four participants' local updates of the base model, some adding the same new words. */
    private static final List<Contribution> ROUND = List.of(
            contribution("The patient has malaria and a high fever.", "Malaria causes chills."),
            contribution("Dengue fever causes a rash and headache."),
            contribution("A cough at night with malaria.", "Take the tablet after meals."),
            contribution("Typhoid and dengue need a doctor."));

    private final ModelState tinyBase = TestModels.tinyState(0, "fever", "cough");
    private final EmbeddingModel tiny = tinyBase.toModel();

    private static Contribution contribution(String... texts) {
        EmbeddingModel after = TestModels.trained(BASE, List.of(texts));
        long tokens = TextCommitment.commit(List.of(texts), new java.util.SplittableRandom(1))
                .commitment()
                .tokenCount();
        return new Contribution(ModelDelta.between(BASE, after), tokens);
    }

    /** A delta of the tiny model that sets input component {@code d} of word 0 to {@code value}. */
    private Contribution tinyContribution(int d, float value, long tokens) {
        ModelState after = TestModels.copy(tinyBase);
        after.trainingSteps = 1;
        after.input[d] = value;
        return new Contribution(ModelDelta.between(tiny, after.toModel()), tokens);
    }

    private static float inputComponent(EmbeddingModel model, int word, int d) {
        return ModelState.of(model).input[word * D + d];
    }

    // ---- what every rule shares ----

    @Test
    void shouldGiveBackTheOnlyContributionsDeltaUnderEveryRule() {
        Contribution only = ROUND.get(0);

        assertThat(DeltaCombiner.federatedAverage(BASE, List.of(only))).isEqualTo(only.delta());
        assertThat(DeltaCombiner.trimmedMean(BASE, List.of(only), 0)).isEqualTo(only.delta());
        assertThat(DeltaCombiner.median(BASE, List.of(only))).isEqualTo(only.delta());
    }

    @Test
    void shouldGiveBackASingleDeltaWhoseChangedRowHoldsMinusZero() {
        ModelState base = TestModels.copy(tinyBase);
        base.input[5] = -0f;
        EmbeddingModel model = base.toModel();
        ModelState after = TestModels.copy(base);
        after.trainingSteps = 1;
        after.input[0] = 1f;
        Contribution only = new Contribution(ModelDelta.between(model, after.toModel()), 7);

        assertThat(DeltaCombiner.federatedAverage(model, List.of(only))).isEqualTo(only.delta());
        assertThat(DeltaCombiner.median(model, List.of(only))).isEqualTo(only.delta());
    }

    @Test
    void shouldSumInAscendingDeltaHashOrder() {
        // 64 * 2^27 and -64 * 2^27 cancel exactly when added together first; added to 0.001 first, the
        // small term is rounded at the scale of 2^33. So the order of the sum shows in the result.
        List<Contribution> round = new ArrayList<>(List.of(
                tinyContribution(0, 64f, 1L << 27),
                tinyContribution(0, -64f, 1L << 27),
                tinyContribution(0, 0.001f, 1)));
        Set<Float> results = new HashSet<>();
        for (List<Contribution> order : permutations(round)) {
            results.add(documentedAverage(order));
        }
        round.sort(Comparator.comparing(c -> c.delta().hash()));

        float combined =
                inputComponent(DeltaCombiner.federatedAverage(tiny, round).apply(tiny), 0, 0);

        assertThat(results).hasSizeGreaterThan(1);
        assertThat(combined).isEqualTo(documentedAverage(round));
        for (List<Contribution> order : permutations(round)) {
            assertThat(inputComponent(
                            DeltaCombiner.federatedAverage(tiny, order).apply(tiny), 0, 0))
                    .isEqualTo(combined);
        }
    }

    /** Input component 0 of word 0 by the documented FedAvg arithmetic, summed in the order given. */
    private static float documentedAverage(List<Contribution> order) {
        double sum = 0;
        long total = 0;
        for (int k = 0; k < order.size(); k++) {
            EmbeddingModel after = order.get(k)
                    .delta()
                    .apply(TestModels.tinyState(0, "fever", "cough").toModel());
            double term = (double) order.get(k).tokens() * (double) inputComponent(after, 0, 0);
            sum = k == 0 ? term : sum + term;
            total += order.get(k).tokens();
        }
        return (float) (sum / (double) total);
    }

    @Test
    void shouldNotDependOnTheOrderOfTheContributions() {
        ModelDelta average = DeltaCombiner.federatedAverage(BASE, ROUND);
        ModelDelta unweighted = DeltaCombiner.trimmedMean(BASE, ROUND, 0);
        ModelDelta median = DeltaCombiner.median(BASE, ROUND);
        for (List<Contribution> order : permutations(ROUND)) {
            assertThat(DeltaCombiner.federatedAverage(BASE, order)).isEqualTo(average);
            assertThat(DeltaCombiner.trimmedMean(BASE, order, 0)).isEqualTo(unweighted);
            assertThat(DeltaCombiner.median(BASE, order)).isEqualTo(median);
        }
        assertThat(Set.of(average.hash(), unweighted.hash(), median.hash())).hasSize(3);
        // With four contributions the median is the trimmed mean dropping one on each side.
        assertThat(DeltaCombiner.trimmedMean(BASE, ROUND, 1)).isEqualTo(median);
    }

    @Test
    void shouldGiveADeltaThatAppliesToTheBaseAndAddsTheRoundsSteps() {
        ModelDelta combined = DeltaCombiner.federatedAverage(BASE, ROUND);

        EmbeddingModel result = combined.apply(BASE);

        assertThat(result.hash()).isEqualTo(combined.resultHash());
        assertThat(result.trainingSteps()).isEqualTo(BASE.trainingSteps() + 1);
        assertThat(combined.stepIncrement()).isEqualTo(1);
    }

    @Test
    void shouldOrderAddedWordsByFirstAppearanceInDeltaHashOrder() {
        ModelState first = TestModels.withWord(TestModels.withWord(tinyBase, "zika", 0.25f), "dengue", 0.25f);
        ModelState second = TestModels.withWord(TestModels.withWord(tinyBase, "malaria", 0.5f), "zika", 0.5f);
        first.trainingSteps = 1;
        second.trainingSteps = 1;
        List<Contribution> round = new ArrayList<>(List.of(
                new Contribution(ModelDelta.between(tiny, first.toModel()), 1),
                new Contribution(ModelDelta.between(tiny, second.toModel()), 1)));
        round.sort(Comparator.comparing(c -> c.delta().hash()));
        List<String> expected = new ArrayList<>();
        for (Contribution c : round) {
            c.delta().addedWords().stream().filter(w -> !expected.contains(w)).forEach(expected::add);
        }

        ModelDelta combined = DeltaCombiner.federatedAverage(tiny, round);

        assertThat(combined.addedWords()).containsExactlyElementsOf(expected).hasSize(3);
        assertThat(DeltaCombiner.federatedAverage(tiny, List.of(round.get(1), round.get(0)))
                        .addedWords())
                .containsExactlyElementsOf(expected);
        // Each delta's own order is kept: the combination of one delta lists its words as it does.
        assertThat(DeltaCombiner.federatedAverage(tiny, List.of(round.get(1))).addedWords())
                .containsExactlyElementsOf(round.get(1).delta().addedWords());
    }

    @Test
    void shouldKeepTheBitsOfRowsAndComponentsNoDeltaChanges() {
        ModelState base = TestModels.copy(tinyBase);
        base.input[5] = -0f;
        base.output[D + 5] = -0f;
        EmbeddingModel model = base.toModel();
        ModelState a = TestModels.copy(base);
        ModelState b = TestModels.copy(base);
        a.trainingSteps = 1;
        b.trainingSteps = 1;
        a.input[0] = 1f;
        b.input[1] = 2f;
        List<Contribution> round = List.of(
                new Contribution(ModelDelta.between(model, a.toModel()), 3),
                new Contribution(ModelDelta.between(model, b.toModel()), 5));

        for (EmbeddingModel result : List.of(
                DeltaCombiner.federatedAverage(model, round).apply(model),
                DeltaCombiner.median(model, round).apply(model))) {
            ModelState state = ModelState.of(result);
            // Row 0 of the input table is combined; its component 5 (-0.0 everywhere) stays -0.0.
            assertThat(Float.floatToRawIntBits(state.input[5])).isEqualTo(Float.floatToRawIntBits(-0f));
            assertThat(Arrays.copyOfRange(state.input, D, 2 * D)).isEqualTo(base.row(ModelDelta.Table.INPUT, 1));
            assertThat(Float.floatToRawIntBits(state.output[D + 5])).isEqualTo(Float.floatToRawIntBits(-0f));
            assertThat(Arrays.copyOfRange(state.input, 2, D)).isEqualTo(Arrays.copyOfRange(base.input, 2, D));
        }
    }

    // ---- FedAvg ----

    @Test
    void shouldWeighEachContributionByItsTokens() {
        // Component 0: 1.0 with weight 1, 2.0 with weight 3; component 1: 4.0 with weight 1, the base's
        // value with weight 3 (the second delta leaves it alone).
        float base1 = tinyBase.input[1];
        Contribution a = tinyContribution(0, 1f, 1);
        ModelState bState = TestModels.copy(tinyBase);
        bState.trainingSteps = 1;
        bState.input[0] = 2f;
        ModelState aState = ModelState.of(a.delta().apply(tiny));
        aState.input[1] = 4f;
        Contribution a2 = new Contribution(ModelDelta.between(tiny, aState.toModel()), 1);
        Contribution b = new Contribution(ModelDelta.between(tiny, bState.toModel()), 3);

        EmbeddingModel result =
                DeltaCombiner.federatedAverage(tiny, List.of(a2, b)).apply(tiny);

        assertThat(inputComponent(result, 0, 0)).isEqualTo(1.75f);
        assertThat(inputComponent(result, 0, 1)).isEqualTo((float) ((1.0 * 4f + 3.0 * base1) / 4.0));
    }

    @Test
    void shouldGiveBackTheDeltaOfEqualContributionsWhateverTheirWeights() {
        ModelDelta delta = ROUND.get(1).delta();

        ModelDelta combined = DeltaCombiner.federatedAverage(
                BASE,
                List.of(new Contribution(delta, 1), new Contribution(delta, 7), new Contribution(delta, 100_000)));

        assertThat(combined).isEqualTo(delta);
    }

    @Test
    void shouldAverageAnAddedWordOverTheContributionsThatAddIt() {
        ModelState a = TestModels.withWord(tinyBase, "malaria", 1f);
        ModelState b = TestModels.withWord(tinyBase, "malaria", 3f);
        ModelState c = TestModels.copy(tinyBase);
        for (ModelState s : List.of(a, b, c)) {
            s.trainingSteps = 1;
            s.input[0] = 0.5f;
        }
        List<Contribution> round = List.of(
                new Contribution(ModelDelta.between(tiny, a.toModel()), 1),
                new Contribution(ModelDelta.between(tiny, b.toModel()), 3),
                new Contribution(ModelDelta.between(tiny, c.toModel()), 1000));

        EmbeddingModel result = DeltaCombiner.federatedAverage(tiny, round).apply(tiny);

        assertThat(result.vocabulary()).containsExactly("fever", "cough", "malaria");
        // (1 * 1 + 3 * 3) / 4: the third contribution does not have the word and does not weigh on it.
        assertThat(inputComponent(result, 2, 0)).isEqualTo(2.5f);
        assertThat(ModelState.of(result).output[2 * D + 31]).isEqualTo(2.5f);
    }

    @Test
    void shouldBePulledByAnOutlierUnlikeTheTrimmedMean() {
        List<Contribution> round = new ArrayList<>(ROUND);
        round.add(attacker());

        EmbeddingModel averaged = DeltaCombiner.federatedAverage(BASE, round).apply(BASE);
        EmbeddingModel trimmed = DeltaCombiner.trimmedMean(BASE, round, 1).apply(BASE);

        assertThat(countOutsideHonestRange(averaged)).isPositive();
        assertThat(countOutsideHonestRange(trimmed)).isZero();
    }

    // ---- trimmed mean and median ----

    @Test
    void shouldDropTheTrimmedValuesOnEachSideAndAverageTheRest() {
        float[] values = {60f, 0.1f, -50f, 0.3f, 0.2f};
        List<Contribution> round = new ArrayList<>();
        for (float value : values) {
            round.add(tinyContribution(0, value, 1));
        }

        EmbeddingModel result = DeltaCombiner.trimmedMean(tiny, round, 1).apply(tiny);

        // Sorted: -50, 0.1, 0.2, 0.3, 60; summed in double in that order, divided by 3, then float.
        assertThat(inputComponent(result, 0, 0)).isEqualTo((float) ((((double) 0.1f + 0.2f) + 0.3f) / 3));
        assertThat(inputComponent(DeltaCombiner.trimmedMean(tiny, round, 2).apply(tiny), 0, 0))
                .isEqualTo(0.2f);
    }

    @Test
    void shouldTakeTheMiddleValueOrTheMeanOfTheTwoMiddleValues() {
        List<Contribution> odd =
                List.of(tinyContribution(0, 1f, 1), tinyContribution(0, 100f / 4, 9), tinyContribution(0, 5f, 1));
        List<Contribution> even = List.of(
                tinyContribution(0, 1f, 1),
                tinyContribution(0, 2f, 1),
                tinyContribution(0, 10f, 1),
                tinyContribution(0, 20f, 1));

        assertThat(inputComponent(DeltaCombiner.median(tiny, odd).apply(tiny), 0, 0))
                .isEqualTo(5f);
        assertThat(inputComponent(DeltaCombiner.median(tiny, even).apply(tiny), 0, 0))
                .isEqualTo(6f);
    }

    @Test
    void shouldKeepAnAddedWordOnlyWhenMoreThanTwiceTheTrimAddIt() {
        List<Contribution> round = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            ModelState state = TestModels.withWord(tinyBase, "malaria", k + 1f);
            if (k == 0) {
                state = TestModels.withWord(state, "spam", 50f);
            }
            state.trainingSteps = 1;
            round.add(new Contribution(ModelDelta.between(tiny, state.toModel()), 1));
        }

        ModelDelta trimmed = DeltaCombiner.trimmedMean(tiny, round, 1);
        ModelDelta median = DeltaCombiner.median(tiny, round);
        ModelDelta average = DeltaCombiner.federatedAverage(tiny, round);

        assertThat(trimmed.addedWords()).containsExactly("malaria");
        assertThat(median).isEqualTo(trimmed);
        assertThat(inputComponent(trimmed.apply(tiny), 2, 0)).isEqualTo(2f);
        assertThat(DeltaCombiner.trimmedMean(tiny, round, 0).addedWords()).containsExactlyInAnyOrder("malaria", "spam");
        assertThat(average.addedWords()).containsExactlyInAnyOrder("malaria", "spam");
        // The median of two drops nothing (trim 0), so one contribution suffices to add a word.
        assertThat(DeltaCombiner.median(tiny, round.subList(0, 2)).addedWords())
                .containsExactlyInAnyOrder("malaria", "spam");
    }

    // ---- refusals ----

    @Test
    void shouldRefuseARoundWithoutContributionsOrWithANullOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> DeltaCombiner.federatedAverage(BASE, List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> DeltaCombiner.median(BASE, null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DeltaCombiner.trimmedMean(BASE, Arrays.asList(ROUND.get(0), null), 0))
                .withMessage("contribution 1 is null");
    }

    @Test
    void shouldRefuseDeltasAgainstAnotherBase() {
        List<Contribution> mixed = List.of(ROUND.get(0), tinyContribution(0, 1f, 1));

        for (BiFunction<EmbeddingModel, List<Contribution>, ModelDelta> rule : rules()) {
            assertThatThrownBy(() -> rule.apply(BASE, mixed))
                    .isInstanceOfSatisfying(
                            InvalidDeltaException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_BASE))
                    .hasMessageContaining("the round's base is " + BASE.hash().hex());
        }
    }

    @Test
    void shouldRefuseDeltasAddingDifferentNumbersOfSteps() {
        ModelState twoSteps = TestModels.copy(tinyBase);
        twoSteps.trainingSteps = 2;
        twoSteps.input[0] = 3f;
        List<Contribution> round =
                List.of(tinyContribution(0, 1f, 1), new Contribution(ModelDelta.between(tiny, twoSteps.toModel()), 1));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> DeltaCombiner.federatedAverage(tiny, round))
                .withMessageContaining("different numbers of training steps");
    }

    @Test
    void shouldRefuseADeltaThatDoesNotApplyToTheBase() {
        ModelDelta.ChangedRow unchanged =
                new ModelDelta.ChangedRow(ModelDelta.Table.INPUT, 1, tinyBase.row(ModelDelta.Table.INPUT, 1));
        ModelDelta padded = new ModelDelta(tiny.hash(), tiny.hash(), 2, 1, List.of(unchanged), List.of());

        assertThatThrownBy(() -> DeltaCombiner.federatedAverage(tiny, List.of(new Contribution(padded, 1))))
                .isInstanceOfSatisfying(
                        InvalidDeltaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_CANONICAL));
    }

    @Test
    void shouldRefuseBadWeightsAndTrims() {
        ModelDelta delta = ROUND.get(0).delta();

        assertThatIllegalArgumentException().isThrownBy(() -> new Contribution(delta, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Contribution(delta, Contribution.MAX_TOKENS + 1));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DeltaCombiner.federatedAverage(
                        BASE, List.of(new Contribution(delta, Contribution.MAX_TOKENS), new Contribution(delta, 1))))
                .withMessageContaining("total " + (Contribution.MAX_TOKENS + 1) + " tokens");
        assertThatIllegalArgumentException().isThrownBy(() -> DeltaCombiner.trimmedMean(BASE, ROUND, -1));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DeltaCombiner.trimmedMean(BASE, ROUND, 2))
                .withMessage("a trimmed mean dropping 2 on each side needs more than 4 contributions, got 4");
    }

    // ---- support ----

    /** A participant that sets every row the honest ones change to +64 or -64, alternating. */
    private static Contribution attacker() {
        ModelState state = ModelState.of(BASE);
        state.trainingSteps += 1;
        for (Contribution honest : ROUND) {
            for (ModelDelta.ChangedRow row : honest.delta().changedRows()) {
                float[] table = state.table(row.table());
                for (int d = 0; d < D; d++) {
                    table[row.word() * D + d] = d % 2 == 0 ? 64f : -64f;
                }
            }
        }
        return new Contribution(ModelDelta.between(BASE, state.toModel()), Contribution.MAX_TOKENS / 2);
    }

    /** How many base-vocabulary components of {@code model} lie outside the honest participants' range. */
    private static int countOutsideHonestRange(EmbeddingModel model) {
        List<ModelState> honest =
                ROUND.stream().map(c -> ModelState.of(c.delta().apply(BASE))).toList();
        ModelState state = ModelState.of(model);
        int outside = 0;
        for (ModelDelta.Table table : ModelDelta.Table.values()) {
            for (int i = 0; i < BASE.vocabSize() * D; i++) {
                float value = state.table(table)[i];
                float min = Float.POSITIVE_INFINITY;
                float max = Float.NEGATIVE_INFINITY;
                for (ModelState h : honest) {
                    min = Math.min(min, h.table(table)[i]);
                    max = Math.max(max, h.table(table)[i]);
                }
                if (value < min || value > max) {
                    outside++;
                }
            }
        }
        return outside;
    }

    private static List<BiFunction<EmbeddingModel, List<Contribution>, ModelDelta>> rules() {
        return List.of(
                DeltaCombiner::federatedAverage,
                DeltaCombiner::median,
                (base, round) -> DeltaCombiner.trimmedMean(base, round, 0));
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> result = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            if (!seen.add(i)) {
                continue;
            }
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> permutation = new ArrayList<>();
                permutation.add(head);
                permutation.addAll(tail);
                result.add(permutation);
            }
        }
        return result;
    }
}
