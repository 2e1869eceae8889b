package ml.consensus.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.StoredRecord;

/**
 * Row of the {@code records} table. Written once, never updated. {@code proposal_hash},
 * {@code validator_id} and {@code unique_key} are copies of body fields kept for indexed look-ups
 * and for the database's uniqueness rules; the body is the only source of truth.
 */
@Entity
@Table(name = "records")
class RecordEntity implements Persistable<String> {

    @Id
    @Column(name = "record_hash", length = 64)
    private String recordHash;

    @Column(name = "block_index", nullable = false)
    private long blockIndex;

    @Column(name = "record_position", nullable = false)
    private int position;

    @Column(name = "record_type", nullable = false, length = 40)
    private String type;

    @Column(name = "proposal_hash", length = 64)
    private String proposalHash;

    @Column(name = "validator_id", length = 128)
    private String validatorId;

    @Column(name = "unique_key", length = 300)
    private String uniqueKey;

    @Column(name = "body", nullable = false, length = 1_000_000)
    private String body;

    /** Rows are only ever inserted: saving one is always an INSERT, never a merge that SELECTs first. */
    @Transient
    private boolean isNew = true;

    protected RecordEntity() {
        // for JPA: a loaded row is not new
        this.isNew = false;
    }

    @Override
    public String getId() {
        return recordHash;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    RecordEntity(LedgerRecord record, long blockIndex, int position, RecordKeys keys) {
        this.recordHash = record.recordHash().hex();
        this.blockIndex = blockIndex;
        this.position = position;
        this.type = record.type().wireName();
        this.proposalHash = keys.proposalHash();
        this.validatorId = keys.validatorId();
        this.uniqueKey = keys.uniqueKey();
        this.body = record.body();
    }

    StoredRecord toStoredRecord() {
        return StoredRecord.fromColumns(recordHash, blockIndex, position, type, body);
    }

    long blockIndex() {
        return blockIndex;
    }
}
