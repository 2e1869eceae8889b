package ml.consensus.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Row of {@code record_counts}: how many records of one type the chain holds. */
@Entity
@Table(name = "record_counts")
class RecordCountEntity {

    @Id
    @Column(name = "record_type", length = 40)
    private String type;

    @Column(name = "record_count", nullable = false)
    private long count;

    protected RecordCountEntity() {
        // for JPA
    }

    RecordCountEntity(String type, long count) {
        this.type = type;
        this.count = count;
    }

    long count() {
        return count;
    }
}
