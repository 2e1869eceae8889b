package ml.consensus.model;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.Sha256;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class NoiseSamplerTests {

    private static SplitMix64 random() {
        return SplitMix64.fromSeed(Sha256.digest("noise".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldGiveEachWordItsShareOfTheTotalWeight() {
        double[] weights = {1, 2, 3, 4, 0.5, 9.5};
        NoiseSampler sampler = NoiseSampler.forWeights(weights);

        for (int word = 0; word < weights.length; word++) {
            assertThat(sampler.probability(word)).isCloseTo(weights[word] / 20, within(1e-12));
        }
    }

    @Test
    void shouldDrawWordsAtTheirFrequencies() {
        double[] weights = {1, 2, 3, 4};
        NoiseSampler sampler = NoiseSampler.forWeights(weights);
        SplitMix64 random = random();
        int[] seen = new int[weights.length];
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            seen[sampler.draw(random)]++;
        }

        for (int word = 0; word < weights.length; word++) {
            // 5 standard deviations of a binomial at n = 200,000 is below 0.005.
            assertThat(seen[word] / (double) draws).isCloseTo(weights[word] / 10, within(0.005));
        }
    }

    @Test
    void shouldUseTheBatchCountsPlusOneToThePower() {
        int[][] batch = {{0, 0, 2}, {2, 2}};
        NoiseSampler sampler = NoiseSampler.forBatch(4, batch, 0.75);
        double[] weights = {StrictMath.pow(3, 0.75), 1, StrictMath.pow(4, 0.75), 1};
        double total = weights[0] + weights[1] + weights[2] + weights[3];

        for (int word = 0; word < weights.length; word++) {
            assertThat(sampler.probability(word)).isCloseTo(weights[word] / total, within(1e-12));
        }
    }

    @Test
    void shouldDrawTheSameSequenceFromTheSameSeed() {
        NoiseSampler sampler = NoiseSampler.forWeights(new double[] {5, 1, 1, 7, 2});
        SplitMix64 first = random();
        SplitMix64 second = random();

        for (int i = 0; i < 1_000; i++) {
            assertThat(sampler.draw(second)).isEqualTo(sampler.draw(first));
        }
    }

    @Test
    void shouldAlwaysDrawTheOnlyWord() {
        NoiseSampler sampler = NoiseSampler.forWeights(new double[] {3});
        SplitMix64 random = random();

        for (int i = 0; i < 100; i++) {
            assertThat(sampler.draw(random)).isZero();
        }
    }

    @Test
    void shouldRefuseAnEmptyOrNonPositiveDistribution() {
        assertThatIllegalArgumentException().isThrownBy(() -> NoiseSampler.forWeights(new double[0]));
        assertThatIllegalArgumentException().isThrownBy(() -> NoiseSampler.forWeights(new double[] {1, 0}));
        assertThatIllegalArgumentException().isThrownBy(() -> NoiseSampler.forWeights(new double[] {1, -2}));
        assertThatIllegalArgumentException().isThrownBy(() -> NoiseSampler.forWeights(new double[] {Double.NaN}));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NoiseSampler.forWeights(new double[] {Double.POSITIVE_INFINITY}));
    }

    @Test
    void shouldDrawExactlyTheSequenceOfTheBranchingFormulation() throws Exception {
        // Pinned with draw() written as "u - column < keep[column] ? column : alias[column]": a million
        // draws from a skewed table of 257 words, two bytes each, hashed.
        double[] weights = new double[257];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = Math.pow(i + 1, -1.1) + (i % 7 == 0 ? 3 : 0);
        }
        NoiseSampler sampler = NoiseSampler.forWeights(weights);
        SplitMix64 random = SplitMix64.fromSeed(ml.consensus.hashing.Sha256.digest(new byte[] {7}));
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 1_000_000; i++) {
            int word = sampler.draw(random);
            digest.update(new byte[] {(byte) word, (byte) (word >> 8)});
        }
        assertThat(java.util.HexFormat.of().formatHex(digest.digest()))
                .isEqualTo("f057f04e1a900b24757b78a0dc572dd366ac15c48c413d42b6e7544390868c7b");
    }
}
