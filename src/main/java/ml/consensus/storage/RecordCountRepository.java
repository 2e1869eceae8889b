package ml.consensus.storage;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RecordCountRepository extends JpaRepository<RecordCountEntity, String> {

    /** Adds {@code delta} to a type's count; returns 0 when the type has no row yet. */
    @Modifying
    @Query("update RecordCountEntity c set c.count = c.count + :delta where c.type = :type")
    int increment(String type, long delta);

    /** The count of one type, read from the table (never a cached entity); empty before its first record. */
    @Query("select c.count from RecordCountEntity c where c.type = :type")
    Optional<Long> countOf(String type);

    /** Every record on the chain. */
    @Query("select coalesce(sum(c.count), 0) from RecordCountEntity c")
    long total();
}
