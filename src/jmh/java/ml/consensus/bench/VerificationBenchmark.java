package ml.consensus.bench;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import ml.consensus.ledger.Block;
import ml.consensus.ledger.ChainVerification;
import ml.consensus.ledger.ChainVerifier;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.rules.LedgerRules;
import ml.consensus.verification.ModelReplay;

/**
 * Verifying a 10,000-block ledger ({@link BenchmarkLedger}: proposals, signed approvals and
 * applies, one record per block; 5,000 signatures): the chain (indices, links, canonical bodies,
 * record hashes, Merkle roots, block hashes, proof of work), the consensus rules (proposal
 * hashes, votes, Ed25519 signatures, quorum, applies), and both, which is full verification but
 * for the model replay. The replay of the same ledger's 2,499 updates is timed on its own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class VerificationBenchmark {

    public static final int BLOCKS = 10_000;

    private BenchmarkLedger.Generated ledger;
    private List<Block> blocks;
    private ChainVerifier chainVerifier;
    private LedgerRules rules;
    private ModelReplay replay;

    @Setup
    public void setUp() {
        ledger = BenchmarkLedger.generate(BLOCKS);
        blocks = ledger.blocks();
        chainVerifier = ledger.chainVerifier();
        rules = ledger.ledgerRules();
        replay = new ModelReplay();
    }

    @Benchmark
    public ChainVerification chain() {
        return requireValid(chainVerifier.verify(blocks));
    }

    @Benchmark
    public Optional<VerificationFailure> rules() {
        return requireValid(rules.check(blocks));
    }

    @Benchmark
    public Optional<VerificationFailure> chainAndRules() {
        requireValid(chainVerifier.verify(blocks));
        return requireValid(rules.check(blocks));
    }

    @Benchmark
    public ModelReplay.Outcome modelReplay() {
        ModelReplay.Outcome outcome = replay.replay(blocks, -1, ledger.base());
        if (!outcome.isValid()) {
            throw new IllegalStateException("replay failed: " + outcome.failure());
        }
        return outcome;
    }

    /** Fails the run rather than timing the short path of an early failure. */
    private static ChainVerification requireValid(ChainVerification verification) {
        if (!verification.isValid()) {
            throw new IllegalStateException("chain verification failed: " + verification);
        }
        return verification;
    }

    private static Optional<VerificationFailure> requireValid(Optional<VerificationFailure> failure) {
        failure.ifPresent(f -> {
            throw new IllegalStateException("rule check failed: " + f);
        });
        return failure;
    }
}
