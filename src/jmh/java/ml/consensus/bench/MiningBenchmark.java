package ml.consensus.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.BlockHeader;
import ml.consensus.ledger.ProofOfWork;

/**
 * Mining real block headers: a 24-character timestamp, as the node writes them, makes a
 * 108-byte header and a 137-byte hashed message (tag and header). The primary score is blocks
 * per second; the {@code nonces} counter is nonces searched per second, counting for each block
 * the nonces 0 to the one found, which the miner guarantees it has all tried.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class MiningBenchmark {

    /** Headers to cycle through: more than a run mines, so no block is mined twice. */
    private static final int TEMPLATES = 8192;

    /** Threads of the miner: 1, or {@code all} for one per available processor. */
    @Param({"1", "all"})
    public String threads;

    @Param({"16"})
    public int difficulty;

    private ProofOfWork miner;
    private BlockHeader[] templates;
    private int next;

    /** Nonces searched, reported per second next to the blocks. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Searched {
        public long nonces;

        @Setup(Level.Iteration)
        public void reset() {
            nonces = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        miner = "all".equals(threads) ? new ProofOfWork() : new ProofOfWork(Integer.parseInt(threads));
        templates = new BlockHeader[TEMPLATES];
        Sha256 previous = Sha256.digest("previous block".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < TEMPLATES; i++) {
            Sha256 merkleRoot =
                    Sha256.digest(ByteBuffer.allocate(Integer.BYTES).putInt(i).array());
            templates[i] = new BlockHeader(1000 + i, "2026-11-25T12:00:00.123Z", previous, merkleRoot, difficulty, 0);
        }
    }

    @Benchmark
    public BlockHeader mineBlock(Searched searched) {
        BlockHeader mined = miner.mine(templates[next++ % TEMPLATES]);
        searched.nonces += mined.nonce() + 1;
        return mined;
    }
}
