package ml.consensus.ledger;

/**
 * Where and why verification failed: the first bad block, the record within it (or null for a
 * block-level check), the check's name, and the computed and expected values as evidence.
 */
public record VerificationFailure(
        long blockIndex, Integer recordIndex, String check, String computed, String expected, String message) {

    public static VerificationFailure ofBlock(
            long blockIndex, String check, Object computed, Object expected, String message) {
        return new VerificationFailure(
                blockIndex, null, check, str(computed), str(expected), "block " + blockIndex + ": " + message);
    }

    public static VerificationFailure ofRecord(
            long blockIndex, int recordIndex, String check, Object computed, Object expected, String message) {
        return new VerificationFailure(
                blockIndex,
                recordIndex,
                check,
                str(computed),
                str(expected),
                "block " + blockIndex + ", record " + recordIndex + ": " + message);
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }
}
