package ml.consensus.replication;

import java.nio.charset.StandardCharsets;
import java.util.List;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerExport;

/**
 * A block as the bytes of one replicated-log entry: the canonical JSON of a one-block export
 * ({@link LedgerExport}, docs/ledger-format.md), so an entry can be read, and checked, by hand.
 */
final class BlockEntry {

    private BlockEntry() {}

    static byte[] encode(Block block) {
        return CanonicalJson.canonicalize(LedgerExport.write(List.of(block), "replicated-log"))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The block in {@code entry}; throws IllegalArgumentException when it is not exactly one well-formed block. */
    static Block decode(byte[] entry) {
        List<Block> blocks = LedgerExport.read(CanonicalJson.parse(new String(entry, StandardCharsets.UTF_8)));
        if (blocks.size() != 1) {
            throw new IllegalArgumentException("a log entry carries one block, this one " + blocks.size());
        }
        return blocks.get(0);
    }
}
