package ml.consensus.ledger;

/**
 * A block just appended to the ledger and what its proof of work cost: the nonces tried by all
 * mining threads and the wall-clock time of the search.
 */
public record MinedBlock(Block block, long noncesTried, long miningNanos) {

    public double miningMillis() {
        return miningNanos / 1e6;
    }

    /** Nonces hashed per second while mining this block; 0 when mining took no measurable time. */
    public double hashesPerSecond() {
        return miningNanos <= 0 ? 0 : noncesTried * 1e9 / miningNanos;
    }
}
