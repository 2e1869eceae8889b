package ml.consensus.ledger;

/**
 * Told how far a long pass over the ledger has got (verifying the chain, replaying the model).
 * Called once per block on the working thread, so an implementation must be cheap; one that
 * reports does its own throttling.
 */
@FunctionalInterface
public interface WorkProgress {

    /** Reports nothing. */
    WorkProgress NONE = (step, done, total) -> {};

    /** {@code done} of {@code total} blocks of {@code step} (e.g. "chain", "replay") are through. */
    void advanced(String step, long done, long total);
}
