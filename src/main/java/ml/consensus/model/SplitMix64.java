package ml.consensus.model;

import ml.consensus.hashing.Sha256;

/**
 * The SplitMix64 generator (Steele, Lea and Flood 2014), written out here so that its output is
 * fixed by this file and docs/model-format.md rather than by a JDK version. Not thread-safe.
 */
final class SplitMix64 {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** Seeded with the first 8 bytes of {@code seed}, read big-endian. */
    static SplitMix64 fromSeed(Sha256 seed) {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (seed.byteAt(i) & 0xFF);
        }
        return new SplitMix64(value);
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1): the top 53 bits of {@link #nextLong()} times 2^-53. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}
