package ml.consensus.storage;

import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface RecordRepository extends JpaRepository<RecordEntity, String> {

    /** The records of one block in Merkle order. */
    List<RecordEntity> findByBlockIndexOrderByPositionAsc(long blockIndex);

    /** The records of blocks {@code from..to} inclusive, in chain order. */
    List<RecordEntity> findByBlockIndexBetweenOrderByBlockIndexAscPositionAsc(long from, long to);

    /** Every record in chain order. */
    List<RecordEntity> findAllByOrderByBlockIndexAscPositionAsc();

    /** Records of one type in chain order, a page at a time. */
    List<RecordEntity> findByTypeOrderByBlockIndexAscPositionAsc(String type, Pageable page);

    /** Records in chain order, a page at a time. */
    List<RecordEntity> findByOrderByBlockIndexAscPositionAsc(Pageable page);

    /** Every record about one proposal (the proposal, its votes, its apply), in chain order. */
    List<RecordEntity> findByProposalHashOrderByBlockIndexAscPositionAsc(String proposalHash);

    /** Records whose hash starts with {@code prefix}; callers cap the page at 2. */
    List<RecordEntity> findByRecordHashStartingWithOrderByRecordHash(String prefix, Pageable page);

    /** Unique keys starting with {@code prefix}, in order; callers cap the page at 2. */
    @Query("select r.uniqueKey from RecordEntity r where r.uniqueKey like concat(:prefix, '%') order by r.uniqueKey")
    List<String> findUniqueKeysStartingWith(String prefix, Pageable page);
}
