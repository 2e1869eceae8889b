package ml.consensus.ledger;

import java.util.List;
import java.util.Objects;

import ml.consensus.hashing.Sha256;

/** A block as stored: its header, the hash stored with it, and its records in Merkle order. */
public record Block(BlockHeader header, Sha256 hash, List<LedgerRecord> records) {

    public Block {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(hash, "hash");
        records = List.copyOf(records);
    }

    public long index() {
        return header.index();
    }

    /** The record hashes in block order: the leaves of the block's Merkle tree. */
    public List<Sha256> recordHashes() {
        return records.stream().map(LedgerRecord::recordHash).toList();
    }
}
