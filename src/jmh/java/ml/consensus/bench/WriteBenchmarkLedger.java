package ml.consensus.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import tools.jackson.databind.json.JsonMapper;

import ml.consensus.ledger.LedgerExport;

/**
 * Writes the benchmark ledger ({@link BenchmarkLedger}: proposals, signed 2-of-3 approvals and
 * applies, one record per block, difficulty 8) as an export, with the validator set that signed
 * it, so that a node can be started on it with {@code --consensus.restore-from} instead of being
 * grown request by request. bench/status-latency.sh uses it.
 *
 * <p>usage: WriteBenchmarkLedger BLOCKS EXPORT_FILE VALIDATOR_SET_FILE
 */
public final class WriteBenchmarkLedger {

    private WriteBenchmarkLedger() {}

    public static void main(String[] args) throws IOException {
        int blocks = Integer.parseInt(args[0]);
        BenchmarkLedger.Generated ledger = BenchmarkLedger.generate(blocks);
        Files.writeString(
                Path.of(args[1]),
                JsonMapper.builder()
                        .build()
                        .writeValueAsString(LedgerExport.write(
                                ledger.blocks(), Instant.now().toString())),
                StandardCharsets.UTF_8);
        Files.writeString(Path.of(args[2]), BenchmarkLedger.validatorSet().toJson(), StandardCharsets.UTF_8);
        System.out.printf(
                "wrote %s: %d blocks, %d model updates (difficulty %d); validator set %s%n",
                args[1], ledger.blocks().size(), ledger.updates(), BenchmarkLedger.DIFFICULTY, args[2]);
    }
}
