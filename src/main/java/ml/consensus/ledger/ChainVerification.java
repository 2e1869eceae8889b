package ml.consensus.ledger;

import java.util.Optional;

/** The outcome of verifying a chain: how much was checked and the first failure, if any. */
public record ChainVerification(long blocksChecked, long recordsChecked, Optional<VerificationFailure> failure) {

    public static ChainVerification valid(long blocks, long records) {
        return new ChainVerification(blocks, records, Optional.empty());
    }

    public static ChainVerification invalid(long blocks, long records, VerificationFailure failure) {
        return new ChainVerification(blocks, records, Optional.of(failure));
    }

    public boolean isValid() {
        return failure.isEmpty();
    }
}
