package ml.consensus.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.BlockHeader;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.MerkleTree;

/** The hashes verification recomputes, one at a time: record, block header, Merkle roots. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HashingBenchmark {

    /** A signed approval as the node stores it (canonical JSON, 421 bytes). */
    private static final String VOTE_BODY = "{\"proposal_hash\":\"" + "3f".repeat(32) + "\",\"public_key\":\""
            + "8a".repeat(32) + "\",\"signature\":\"" + "5c".repeat(64) + "\",\"signed\":true,"
            + "\"timestamp\":\"2026-11-25T12:00:01.123Z\",\"type\":\"validator_approval\","
            + "\"validator_id\":\"validator-alice\"}";

    private BlockHeader header;
    private List<Sha256> oneRecord;
    private List<Sha256> sixtyFourRecords;

    @Setup
    public void setUp() {
        header = new BlockHeader(
                4711,
                "2026-11-25T12:00:00.123Z",
                Sha256.digest("previous".getBytes(StandardCharsets.UTF_8)),
                Sha256.digest("root".getBytes(StandardCharsets.UTF_8)),
                16,
                123456);
        List<Sha256> records = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            records.add(Sha256.digest(("record " + i).getBytes(StandardCharsets.UTF_8)));
        }
        oneRecord = List.of(records.get(0));
        sixtyFourRecords = List.copyOf(records);
    }

    @Benchmark
    public Sha256 recordHash() {
        return LedgerRecord.hashOf(VOTE_BODY);
    }

    @Benchmark
    public Sha256 blockHeaderHash() {
        return header.hash();
    }

    @Benchmark
    public Sha256 merkleRootOf1() {
        return MerkleTree.root(oneRecord);
    }

    @Benchmark
    public Sha256 merkleRootOf64() {
        return MerkleTree.root(sixtyFourRecords);
    }
}
