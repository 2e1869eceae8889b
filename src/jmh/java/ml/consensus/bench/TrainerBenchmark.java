package ml.consensus.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import ml.consensus.hashing.Sha256;
import ml.consensus.model.BaseModel;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.SkipGramTrainer;
import ml.consensus.model.TrainingResult;

/**
 * {@link SkipGramTrainer} on one thread over {@code bench/corpus.txt}, the corpus that
 * {@code bench/gensim_baseline.py} gives gensim. Each operation trains a fresh copy of the base
 * model on the whole corpus (5 epochs, window 2, 5 negatives, 32 dimensions); the
 * {@code words} counter is tokens times epochs per second, gensim's "effective words".
 * Tokenizing and growing the vocabulary are inside the timing, gensim's build_vocab is not.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class TrainerBenchmark {

    /** gensim's default starting learning rate, which the baseline uses too. */
    static final double LEARNING_RATE = 0.025;

    private static final Sha256 SEED = Sha256.digest("trainer benchmark".getBytes(StandardCharsets.UTF_8));

    private final SkipGramTrainer trainer = new SkipGramTrainer();
    private List<String> corpus;
    private EmbeddingModel base;

    /** Words trained, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Trained {
        public long words;

        @Setup(Level.Iteration)
        public void reset() {
            words = 0;
        }
    }

    @Setup
    public void setUp() throws IOException {
        Path file = Path.of(System.getProperty("bench.corpus", "bench/corpus.txt"));
        corpus = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .toList();
        base = BaseModel.create();
    }

    @Benchmark
    public EmbeddingModel trainCorpus(Trained trained) {
        EmbeddingModel model = base.copy();
        TrainingResult result = trainer.train(model, corpus, LEARNING_RATE, SEED);
        trained.words += (long) result.tokensTrained() * SkipGramTrainer.EPOCHS;
        return model;
    }
}
