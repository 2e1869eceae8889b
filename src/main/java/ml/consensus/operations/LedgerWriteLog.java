package ml.consensus.operations;

import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import ml.consensus.ledger.Block;
import ml.consensus.ledger.MinedBlock;
import ml.consensus.ledger.RecordType;
import ml.consensus.writer.BlockWritten;

/**
 * One INFO line per block written, with what an operator needs to follow the ledger from the
 * logs alone: index, full hash, records by type, how many writes shared the block, and what its
 * proof of work cost. The same values go out as SLF4J key-value pairs, which the structured
 * console formats (ECS, Logstash; {@code --spring.profiles.active=json-logs}) turn into JSON fields.
 */
@Component
class LedgerWriteLog {

    private static final Logger log = LoggerFactory.getLogger(LedgerWriteLog.class);

    @EventListener
    void written(BlockWritten written) {
        MinedBlock mined = written.mined();
        Block block = written.block();
        String types = describe(written.recordsByType());
        long hashRate = Math.round(mined.hashesPerSecond());
        // Tenths of a millisecond, as a number so that structured logs can compare and sum it.
        double miningMs = Math.round(mined.miningMillis() * 10) / 10.0;
        log.atInfo()
                .addKeyValue("block_index", block.index())
                .addKeyValue("block_hash", block.hash().hex())
                .addKeyValue("record_count", block.records().size())
                .addKeyValue("record_types", types)
                .addKeyValue("writes", written.writes())
                .addKeyValue("difficulty", block.header().difficulty())
                .addKeyValue("mining_ms", miningMs)
                .addKeyValue("nonces_tried", mined.noncesTried())
                .addKeyValue("hash_rate", hashRate)
                .log(
                        "block {} written: hash {}, {} records ({}) from {} writes, mined in {} ms at {} hashes/s"
                                + " (difficulty {}, {} nonces)",
                        block.index(),
                        block.hash().hex(),
                        block.records().size(),
                        types,
                        written.writes(),
                        miningMs,
                        hashRate,
                        block.header().difficulty(),
                        mined.noncesTried());
    }

    private static String describe(Map<RecordType, Integer> byType) {
        return byType.entrySet().stream()
                .map(e -> e.getKey().wireName() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
