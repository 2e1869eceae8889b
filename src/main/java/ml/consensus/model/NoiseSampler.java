package ml.consensus.model;

/**
 * Draws negative samples from the noise distribution (count in batch + 1)^0.75 over the whole
 * vocabulary in constant time, by Walker's alias method as Vose builds it. One uniform draw picks
 * a column {@code i} and a fraction {@code f}; the sample is {@code i} when {@code f < keep[i]},
 * else {@code alias[i]}. The table is built by a fixed sequence of double operations (written out
 * in docs/model-format.md), so the same batch gives the same table, and the same seeded stream
 * the same samples, on every JVM.
 */
final class NoiseSampler {

    private final double[] keep;
    private final int[] alias;

    private NoiseSampler(double[] keep, int[] alias) {
        this.keep = keep;
        this.alias = alias;
    }

    /** The sampler for a batch: weight of word i = (occurrences of i in {@code ids} + 1)^power. */
    static NoiseSampler forBatch(int vocabSize, int[][] ids, double power) {
        int[] counts = new int[vocabSize];
        for (int[] sentence : ids) {
            for (int id : sentence) {
                counts[id]++;
            }
        }
        double[] weights = new double[vocabSize];
        for (int i = 0; i < vocabSize; i++) {
            weights[i] = StrictMath.pow(counts[i] + 1, power);
        }
        return forWeights(weights);
    }

    /**
     * Vose's construction. Requires at least one weight, all finite and positive. Scaled weights
     * {@code w[i] * n / total} below 1 go on the small stack, the others on the large one, each
     * pushed in index order; then, while both are non-empty, pop {@code s} from small and
     * {@code l} from large, set {@code keep[s] = scaled[s]}, {@code alias[s] = l},
     * {@code scaled[l] = (scaled[l] + scaled[s]) - 1} and push {@code l} back on small if it fell
     * below 1, else on large. Every column left on either stack keeps itself ({@code keep = 1}).
     */
    static NoiseSampler forWeights(double[] weights) {
        int n = weights.length;
        if (n == 0) {
            throw new IllegalArgumentException("the noise distribution needs at least one word");
        }
        double total = 0;
        for (double weight : weights) {
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("noise weights must be finite and positive, got " + weight);
            }
            total += weight;
        }
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int smallSize = 0;
        int largeSize = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / total;
            if (scaled[i] < 1) {
                small[smallSize++] = i;
            } else {
                large[largeSize++] = i;
            }
        }
        double[] keep = new double[n];
        int[] alias = new int[n];
        while (smallSize > 0 && largeSize > 0) {
            int less = small[--smallSize];
            int more = large[--largeSize];
            keep[less] = scaled[less];
            alias[less] = more;
            scaled[more] = (scaled[more] + scaled[less]) - 1;
            if (scaled[more] < 1) {
                small[smallSize++] = more;
            } else {
                large[largeSize++] = more;
            }
        }
        while (largeSize > 0) {
            int column = large[--largeSize];
            keep[column] = 1;
            alias[column] = column;
        }
        while (smallSize > 0) {
            int column = small[--smallSize];
            keep[column] = 1;
            alias[column] = column;
        }
        return new NoiseSampler(keep, alias);
    }

    /** One sample: {@code u = random.nextDouble() * n}, column {@code min((int) u, n - 1)}, fraction {@code u - column}. */
    int draw(SplitMix64 random) {
        int n = keep.length;
        double u = random.nextDouble() * n;
        int column = Math.min((int) u, n - 1);
        // Keep the column when u - column < keep[column], chosen without a branch: which way it goes is
        // random, and a mispredicted branch would throw away the work the trainer overlaps with it.
        // u - column is never -0.0 (u >= column), and for such doubles a - b is negative (sign bit
        // set) exactly when a < b: it is +0.0 when they are equal, and never rounds to 0 otherwise.
        int keepColumn = (int) (Double.doubleToRawLongBits((u - column) - keep[column]) >>> 63);
        int other = alias[column];
        return other + ((column - other) & -keepColumn);
    }

    /** The probability of drawing {@code word}, from the table (for tests). */
    double probability(int word) {
        int n = keep.length;
        double p = keep[word];
        for (int column = 0; column < n; column++) {
            if (alias[column] == word && column != word) {
                p += 1 - keep[column];
            }
        }
        return p / n;
    }
}
