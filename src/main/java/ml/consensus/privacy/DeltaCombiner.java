package ml.consensus.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ml.consensus.hashing.Sha256;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.privacy.ModelDelta.AddedWord;
import ml.consensus.privacy.ModelDelta.ChangedRow;
import ml.consensus.privacy.ModelDelta.Table;

import static ml.consensus.privacy.InvalidDeltaException.Reason.WRONG_BASE;

/**
 * Combines the deltas of one federated round, all made against the same base model, into one
 * {@link ModelDelta}, by a rule whose arithmetic is fixed to the bit (docs/privacy.md) so that
 * every verifier gets the same result hash:
 *
 * <ol>
 *   <li>Every delta must apply to {@code base} ({@link ModelDelta#apply}) and all must add the same
 *       number of training steps, which the combination adds too.</li>
 *   <li>The contributions are put in canonical order: ascending delta hash (unsigned bytes), then
 *       ascending tokens. All sums run in that order, so the order they are given in never matters.</li>
 *   <li>Each row (input or output vector of a base word) that at least one delta changes is
 *       combined component by component over all contributions, a contribution that leaves the
 *       row alone giving the base's value. Rows no delta changes keep the base's bits.</li>
 *   <li>Added words, in the order they first appear when the deltas are read in canonical order
 *       (each delta's words in its own order), are combined over the contributions that add them;
 *       the rule may leave a word out (trimmed mean, below).</li>
 * </ol>
 *
 * <p>Pure and stateless.
 */
public final class DeltaCombiner {

    private DeltaCombiner() {}

    /**
     * FedAvg weighted by tokens: each component is
     * {@code (float) (sum_k ((double) tokens_k * (double) value_k) / (double) sum_k tokens_k)}, the
     * sum in canonical order starting from the first term; for an added word, over the
     * contributions that add it. The tokens of
     * the round may total at most {@link Contribution#MAX_TOKENS}. A single contribution gives back
     * its own delta, and so do contributions of equal deltas, whatever their weights.
     *
     * @throws IllegalArgumentException (an {@link InvalidDeltaException} when a delta does not fit
     *         the base) as described in the class comment
     */
    public static ModelDelta federatedAverage(EmbeddingModel base, List<Contribution> contributions) {
        long total = 0;
        for (Contribution contribution : requireContributions(contributions)) {
            total += contribution.tokens();
        }
        if (total > Contribution.MAX_TOKENS) {
            throw new IllegalArgumentException(
                    "the round's contributions total " + total + " tokens, more than " + Contribution.MAX_TOKENS);
        }
        return combine(base, contributions, new FederatedAverage());
    }

    /**
     * Coordinate-wise trimmed mean, unweighted: for each component, the values of the contributions
     * are sorted ascending ({@link Float#compare}, so {@code -0.0} before {@code 0.0}), the
     * {@code trim} smallest and {@code trim} largest are dropped, and the rest is summed in double
     * in sorted order (starting from the first kept value), divided by their number and rounded to float. Withstands {@code trim}
     * contributions with arbitrary values in each component. An added word is kept only when more
     * than {@code 2 * trim} contributions add it (so {@code trim} contributions alone can never add
     * one), its components trimmed the same way over those contributions.
     *
     * @throws IllegalArgumentException if {@code trim < 0} or there are not more than
     *         {@code 2 * trim} contributions, and as described in the class comment
     */
    public static ModelDelta trimmedMean(EmbeddingModel base, List<Contribution> contributions, int trim) {
        int count = requireContributions(contributions).size();
        if (trim < 0) {
            throw new IllegalArgumentException("trim must be at least 0, got " + trim);
        }
        if (count <= 2L * trim) {
            throw new IllegalArgumentException("a trimmed mean dropping " + trim + " on each side needs more than "
                    + 2L * trim + " contributions, got " + count);
        }
        return combine(base, contributions, new TrimmedMean(trim));
    }

    /**
     * Coordinate-wise median: the trimmed mean with {@code trim = (n - 1) / 2} for n contributions
     * (the middle value for odd n, the mean of the two middle values for even n). An added word is
     * then kept only when all n (odd n) or n - 1 (even n) contributions add it.
     */
    public static ModelDelta median(EmbeddingModel base, List<Contribution> contributions) {
        return trimmedMean(
                base, contributions, (requireContributions(contributions).size() - 1) / 2);
    }

    private static List<Contribution> requireContributions(List<Contribution> contributions) {
        if (contributions == null || contributions.isEmpty()) {
            throw new IllegalArgumentException("a round needs at least one contribution");
        }
        for (int i = 0; i < contributions.size(); i++) {
            if (contributions.get(i) == null) {
                throw new IllegalArgumentException("contribution " + i + " is null");
            }
        }
        return contributions;
    }

    private static ModelDelta combine(EmbeddingModel base, List<Contribution> contributions, Rule rule) {
        Objects.requireNonNull(base, "base");
        List<Contribution> ordered = new ArrayList<>(contributions);
        ordered.sort(
                Comparator.comparing((Contribution c) -> c.delta().hash()).thenComparingLong(Contribution::tokens));
        int n = ordered.size();
        Sha256 baseHash = base.hash();
        long steps = ordered.get(0).delta().stepIncrement();
        ModelState[] results = new ModelState[n];
        long[] weights = new long[n];
        for (int k = 0; k < n; k++) {
            ModelDelta delta = ordered.get(k).delta();
            if (!delta.baseHash().equals(baseHash)) {
                throw new InvalidDeltaException(
                        WRONG_BASE,
                        "delta " + delta.hash().hex() + " is against model "
                                + delta.baseHash().hex() + ", the round's base is " + baseHash.hex());
            }
            if (delta.stepIncrement() != steps) {
                throw new IllegalArgumentException("the round's deltas add different numbers of training steps: "
                        + steps + " and " + delta.stepIncrement());
            }
            // Applying checks everything else a delta must satisfy against the base; the results give
            // each contribution's value of every row.
            results[k] = ModelState.of(delta.apply(base));
            weights[k] = ordered.get(k).tokens();
        }
        ModelState baseState = ModelState.of(base);
        ModelState combined = new ModelState(
                baseState.trainingSteps + steps, baseState.words, baseState.input.clone(), baseState.output.clone());
        combineRows(ordered, results, weights, combined, rule);
        addWords(ordered, weights, combined, rule);
        return ModelDelta.between(base, combined.toModel());
    }

    private static void combineRows(
            List<Contribution> ordered, ModelState[] results, long[] weights, ModelState combined, Rule rule) {
        int vocab = combined.vocabSize();
        boolean[][] changed = new boolean[Table.values().length][vocab];
        for (Contribution contribution : ordered) {
            for (ChangedRow row : contribution.delta().changedRows()) {
                changed[row.table().code][row.word()] = true;
            }
        }
        float[] values = new float[ordered.size()];
        for (Table table : Table.values()) {
            float[] target = combined.table(table);
            for (int word = 0; word < vocab; word++) {
                if (!changed[table.code][word]) {
                    continue;
                }
                for (int d = 0; d < ModelState.D; d++) {
                    int at = word * ModelState.D + d;
                    for (int k = 0; k < results.length; k++) {
                        values[k] = results[k].table(table)[at];
                    }
                    target[at] = rule.combine(values, weights, values.length);
                }
            }
        }
    }

    private static void addWords(List<Contribution> ordered, long[] weights, ModelState combined, Rule rule) {
        // Insertion order is first appearance in canonical order: the documented order of added words.
        Map<String, List<Integer>> adders = new LinkedHashMap<>();
        Map<String, List<AddedWord>> rows = new LinkedHashMap<>();
        for (int k = 0; k < ordered.size(); k++) {
            for (AddedWord added : ordered.get(k).delta().addedWordRows()) {
                adders.computeIfAbsent(added.word(), w -> new ArrayList<>()).add(k);
                rows.computeIfAbsent(added.word(), w -> new ArrayList<>()).add(added);
            }
        }
        List<String> kept = new ArrayList<>();
        List<float[]> keptInput = new ArrayList<>();
        List<float[]> keptOutput = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> entry : adders.entrySet()) {
            List<Integer> by = entry.getValue();
            if (!rule.keepsWord(by.size())) {
                continue;
            }
            List<AddedWord> vectors = rows.get(entry.getKey());
            long[] wordWeights = by.stream().mapToLong(k -> weights[k]).toArray();
            kept.add(entry.getKey());
            keptInput.add(combineVectors(vectors, true, wordWeights, rule));
            keptOutput.add(combineVectors(vectors, false, wordWeights, rule));
        }
        int vocab = combined.vocabSize();
        combined.input = Arrays.copyOf(combined.input, (vocab + kept.size()) * ModelState.D);
        combined.output = Arrays.copyOf(combined.output, (vocab + kept.size()) * ModelState.D);
        for (int i = 0; i < kept.size(); i++) {
            System.arraycopy(keptInput.get(i), 0, combined.input, (vocab + i) * ModelState.D, ModelState.D);
            System.arraycopy(keptOutput.get(i), 0, combined.output, (vocab + i) * ModelState.D, ModelState.D);
            combined.words.add(kept.get(i));
        }
    }

    private static float[] combineVectors(List<AddedWord> vectors, boolean input, long[] weights, Rule rule) {
        float[] result = new float[ModelState.D];
        float[] values = new float[vectors.size()];
        for (int d = 0; d < ModelState.D; d++) {
            for (int j = 0; j < values.length; j++) {
                values[j] = (input ? vectors.get(j).input() : vectors.get(j).output())[d];
            }
            result[d] = rule.combine(values, weights, values.length);
        }
        return result;
    }

    /** How the values of one component are combined, and which added words are kept. */
    private interface Rule {

        /** The combined value of {@code values[0..count)}, given in canonical order with their weights. */
        float combine(float[] values, long[] weights, int count);

        /** Whether an added word that {@code adders} contributions add is kept. */
        boolean keepsWord(int adders);
    }

    private static final class FederatedAverage implements Rule {

        @Override
        public float combine(float[] values, long[] weights, int count) {
            // The sum starts from the first term, not from 0.0: +0.0 + -0.0 is +0.0, which would turn a
            // component that is -0.0 in every contribution into +0.0.
            double sum = (double) weights[0] * (double) values[0];
            long total = weights[0];
            for (int k = 1; k < count; k++) {
                sum += (double) weights[k] * (double) values[k];
                total += weights[k];
            }
            return (float) (sum / (double) total);
        }

        @Override
        public boolean keepsWord(int adders) {
            return true;
        }
    }

    private static final class TrimmedMean implements Rule {

        private final int trim;

        TrimmedMean(int trim) {
            this.trim = trim;
        }

        @Override
        public float combine(float[] values, long[] weights, int count) {
            float[] sorted = Arrays.copyOf(values, count);
            // Arrays.sort(float[]) orders as Float.compare does: -0.0 before 0.0 (no NaN can occur).
            Arrays.sort(sorted);
            // From the first kept value, not from 0.0, for the same reason as in FederatedAverage.
            double sum = sorted[trim];
            for (int i = trim + 1; i < count - trim; i++) {
                sum += sorted[i];
            }
            return (float) (sum / (count - 2 * trim));
        }

        @Override
        public boolean keepsWord(int adders) {
            return adders > 2 * trim;
        }
    }
}
