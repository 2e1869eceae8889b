package ml.consensus.model;

/**
 * The logistic function as word2vec and gensim compute it in training: a table of 1,000 values
 * over [-6, 6), and exactly 0 or 1 outside. The table is filled with {@link StrictMath#exp}, so
 * it holds the same doubles on every JVM, and a lookup costs a few cycles where an exp call costs
 * tens of nanoseconds on every sample of every pair.
 */
final class Sigmoid {

    /** Beyond this the logistic function is within 0.25% of 0 or 1, and the table says 0 or 1. */
    static final double MAX_ARGUMENT = 6;
    /** Entries over [-MAX_ARGUMENT, MAX_ARGUMENT). */
    static final int TABLE_SIZE = 1000;

    private static final double SCALE = TABLE_SIZE / (2 * MAX_ARGUMENT);
    private static final double[] TABLE = new double[TABLE_SIZE];

    static {
        for (int i = 0; i < TABLE_SIZE; i++) {
            double e = StrictMath.exp((i / (double) TABLE_SIZE * 2 - 1) * MAX_ARGUMENT);
            TABLE[i] = e / (e + 1);
        }
    }

    private Sigmoid() {}

    /**
     * 0 for {@code x <= -6}, 1 for {@code x >= 6}, otherwise the entry
     * {@code (int) ((x + 6) * (1000 / 12.0))}; NaN maps to 0 (it cannot arise from finite vectors).
     */
    static double of(float x) {
        if (x >= MAX_ARGUMENT) {
            return 1;
        }
        if (!(x > -MAX_ARGUMENT)) {
            return 0;
        }
        return TABLE[(int) ((x + MAX_ARGUMENT) * SCALE)];
    }
}
