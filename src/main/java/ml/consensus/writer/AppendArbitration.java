package ml.consensus.writer;

import ml.consensus.storage.HeadMovedException;

/**
 * What a failed append means when several nodes append to one database. The database arbitrates
 * the next block: its primary key on the block index and the unique link to the previous block let
 * only one writer store block n. A writer that lost that race (or found the head already moved)
 * must catch up and try again on the new head; any other failure is the batch's own and is final.
 * Pure: decides from the failure and the head before and after.
 */
final class AppendArbitration {

    /** Attempts one batch gets before its writes are answered "busy"; each retry follows a block another node won. */
    static final int MAX_ATTEMPTS = 20;

    /** The decision after a failed append. */
    enum Verdict {
        /** Another node appended first: catch up, check the writes again, mine on the new head. */
        RETRY,
        /** The append failed for its own reasons: fail the writes of the batch. */
        FAIL
    }

    private AppendArbitration() {}

    /**
     * @param failure    what the append threw
     * @param headBefore the head index the batch was checked and mined against
     * @param headNow    the head index in the database after the failed transaction rolled back
     */
    static Verdict afterFailure(RuntimeException failure, long headBefore, long headNow) {
        if (failure instanceof HeadMovedException moved) {
            // Forward is another node's block; anything else (the head went back, or another block
            // stands at the same index) is a damaged ledger that no retry mends.
            return moved.actualHead() > moved.expectedHead() ? Verdict.RETRY : Verdict.FAIL;
        }
        // A uniqueness violation (block index, previous hash, or a record another node just stored)
        // is a lost race exactly when someone else's block has landed meanwhile.
        return headNow > headBefore ? Verdict.RETRY : Verdict.FAIL;
    }

    /** True while a batch that has made {@code attemptsMade} attempts may make another. */
    static boolean mayRetry(int attemptsMade) {
        return attemptsMade < MAX_ATTEMPTS;
    }
}
