package ml.consensus.writer;

import java.util.Objects;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;

/** The newest block a node has taken into its served model: its index and hash. */
public record ChainHead(long index, Sha256 hash) {

    public ChainHead {
        Objects.requireNonNull(hash);
        if (index < 0) {
            throw new IllegalArgumentException("block index must be 0 or more, got " + index);
        }
    }

    public static ChainHead of(Block block) {
        return new ChainHead(block.index(), block.hash());
    }

    /** The index the next block will have. */
    long nextIndex() {
        return index + 1;
    }
}
