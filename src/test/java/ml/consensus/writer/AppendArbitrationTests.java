package ml.consensus.writer;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

import ml.consensus.storage.HeadMovedException;

import static org.assertj.core.api.Assertions.assertThat;

class AppendArbitrationTests {

    @Test
    void shouldRetryWhenTheHeadMovedBeforeTheAppend() {
        RuntimeException moved = new HeadMovedException(7, 8);
        assertThat(AppendArbitration.afterFailure(moved, 7, 8)).isEqualTo(AppendArbitration.Verdict.RETRY);
    }

    @Test
    void shouldFailWhenTheHeadWentBackOrWasReplaced() {
        // Blocks removed behind the node's back, or another block 7 than the one it had followed.
        assertThat(AppendArbitration.afterFailure(new HeadMovedException(7, 5), 7, 5))
                .isEqualTo(AppendArbitration.Verdict.FAIL);
        assertThat(AppendArbitration.afterFailure(new HeadMovedException(7, 7), 7, 7))
                .isEqualTo(AppendArbitration.Verdict.FAIL);
    }

    @Test
    void shouldRetryAUniquenessViolationWhenAnotherBlockLanded() {
        // Both nodes stored block 8; the database let the other one commit.
        RuntimeException duplicateIndex = new DataIntegrityViolationException("duplicate key blocks_pkey");
        assertThat(AppendArbitration.afterFailure(duplicateIndex, 7, 8)).isEqualTo(AppendArbitration.Verdict.RETRY);
    }

    @Test
    void shouldFailAUniquenessViolationWhenNoOtherBlockLanded() {
        // Nobody else wrote: the batch broke a rule on its own, and retrying would break it again.
        RuntimeException duplicateVote = new DataIntegrityViolationException("duplicate key records_key_unique");
        assertThat(AppendArbitration.afterFailure(duplicateVote, 7, 7)).isEqualTo(AppendArbitration.Verdict.FAIL);
    }

    @Test
    void shouldFailAStorageFailureWhenNoOtherBlockLanded() {
        RuntimeException storage = new IllegalStateException("disk full");
        assertThat(AppendArbitration.afterFailure(storage, 3, 3)).isEqualTo(AppendArbitration.Verdict.FAIL);
    }

    @Test
    void shouldRetryAnyFailureOnceAnotherBlockLanded() {
        // Whatever the failure, checks made against block 3 no longer hold once block 4 exists.
        RuntimeException timeout = new IllegalStateException("lock timeout");
        assertThat(AppendArbitration.afterFailure(timeout, 3, 4)).isEqualTo(AppendArbitration.Verdict.RETRY);
    }

    @Test
    void shouldStopRetryingAfterTheLastAttempt() {
        assertThat(AppendArbitration.mayRetry(1)).isTrue();
        assertThat(AppendArbitration.mayRetry(AppendArbitration.MAX_ATTEMPTS - 1))
                .isTrue();
        assertThat(AppendArbitration.mayRetry(AppendArbitration.MAX_ATTEMPTS)).isFalse();
    }
}
