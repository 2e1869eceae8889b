package ml.consensus.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.BlockHeader;

/** Row of the {@code blocks} table. Written once, never updated. */
@Entity
@Table(name = "blocks")
class BlockEntity implements Persistable<Long> {

    @Id
    @Column(name = "block_index")
    private long blockIndex;

    @Column(name = "block_hash", nullable = false, length = 64)
    private String blockHash;

    @Column(name = "previous_hash", nullable = false, length = 64)
    private String previousHash;

    @Column(name = "merkle_root", nullable = false, length = 64)
    private String merkleRoot;

    @Column(name = "block_timestamp", nullable = false, length = 64)
    private String timestamp;

    @Column(name = "difficulty", nullable = false)
    private int difficulty;

    @Column(name = "nonce", nullable = false)
    private long nonce;

    @Column(name = "record_count", nullable = false)
    private int recordCount;

    /** Rows are only ever inserted: saving one is always an INSERT, never a merge that SELECTs first. */
    @Transient
    private boolean isNew = true;

    protected BlockEntity() {
        // for JPA: a loaded row is not new
        this.isNew = false;
    }

    @Override
    public Long getId() {
        return blockIndex;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    BlockEntity(BlockHeader header, Sha256 hash, int recordCount) {
        this.blockIndex = header.index();
        this.blockHash = hash.hex();
        this.previousHash = header.previousHash().hex();
        this.merkleRoot = header.merkleRoot().hex();
        this.timestamp = header.timestamp();
        this.difficulty = header.difficulty();
        this.nonce = header.nonce();
        this.recordCount = recordCount;
    }

    long blockIndex() {
        return blockIndex;
    }

    int recordCount() {
        return recordCount;
    }

    Sha256 hash() {
        return Sha256.fromHex(blockHash);
    }

    BlockHeader header() {
        return new BlockHeader(
                blockIndex, timestamp, Sha256.fromHex(previousHash), Sha256.fromHex(merkleRoot), difficulty, nonce);
    }
}
