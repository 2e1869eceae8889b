package ml.consensus.storage;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface BlockRepository extends JpaRepository<BlockEntity, Long> {

    /** The block with the highest index: the head of the chain, empty before genesis. */
    Optional<BlockEntity> findTopByOrderByBlockIndexDesc();

    /** Blocks from {@code fromIndex} upwards, in index order. */
    List<BlockEntity> findByBlockIndexGreaterThanEqualOrderByBlockIndexAsc(long fromIndex, Pageable page);

    /** Blocks up to {@code lastIndex} inclusive, in index order. */
    List<BlockEntity> findByBlockIndexLessThanEqualOrderByBlockIndexAsc(long lastIndex);

    /** Every block in index order. */
    List<BlockEntity> findAllByOrderByBlockIndexAsc();
}
