package ml.consensus.history;

import java.util.List;

import org.springframework.stereotype.Component;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.MerkleTree;
import ml.consensus.ledger.StoredRecord;
import ml.consensus.refusal.Refusal;
import ml.consensus.storage.HashPrefixes;
import ml.consensus.storage.Ledger;

/** Finds a record by hash or unique prefix, and proves it is in its block (RFC 6962 inclusion proof). */
@Component
public class RecordLookup {

    /** A record, its block, and the audit path from its leaf to the block's Merkle root. */
    public record InclusionProof(StoredRecord record, Block block, Sha256 leafHash, List<Sha256> path) {
        public int treeSize() {
            return block.records().size();
        }
    }

    private final Ledger ledger;

    RecordLookup(Ledger ledger) {
        this.ledger = ledger;
    }

    /** The one record whose hash is or starts with {@code hashOrPrefix}; 400, 404 or 409 otherwise. */
    public StoredRecord find(String hashOrPrefix) {
        String prefix = HashPrefixes.normalise("record_hash", hashOrPrefix);
        List<StoredRecord> matches = ledger.findByRecordHashPrefix(prefix, 2);
        if (matches.isEmpty()) {
            throw Refusal.notFound("no record with hash " + (prefix.length() == 64 ? "" : "prefix ") + prefix);
        }
        if (matches.size() > 1) {
            throw Refusal.ambiguous("hash prefix " + prefix + " matches more than one record (for example "
                    + matches.get(0).record().recordHash() + " and "
                    + matches.get(1).record().recordHash()
                    + "); give more characters");
        }
        return matches.get(0);
    }

    public InclusionProof prove(String hashOrPrefix) {
        StoredRecord record = find(hashOrPrefix);
        Block block = ledger.block(record.blockIndex()).orElseThrow();
        List<Sha256> leaves = block.recordHashes();
        return new InclusionProof(
                record,
                block,
                MerkleTree.leafHash(record.record().recordHash().bytes()),
                MerkleTree.inclusionProof(leaves, record.position()));
    }
}
