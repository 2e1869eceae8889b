package ml.consensus.privacy;

/**
 * A model delta refused: malformed bytes, or a delta that does not fit the model it is applied
 * to. {@link #reason()} says which kind of refusal it is (for an HTTP status or a metric); the
 * message says exactly what is wrong, with the offset or the row where it is.
 */
public class InvalidDeltaException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Why a delta is refused. */
    public enum Reason {
        /** Not one encoding of a delta: wrong magic or version, truncated, trailing bytes, bad UTF-8, bad counts. */
        MALFORMED,
        /** Vectors of another dimension than the model's, or a base vocabulary size that is not the base model's. */
        WRONG_SHAPE,
        /** The delta names another base model hash than that of the model it is applied to. */
        WRONG_BASE,
        /** A changed row names a word index that the base vocabulary does not have. */
        UNKNOWN_WORD,
        /** An added word that the base vocabulary already has, or that the delta adds twice. */
        VOCABULARY_CONFLICT,
        /** A vector component that is NaN, infinite or beyond the model's bound of +/-64. */
        INVALID_COMPONENT,
        /** Not in canonical form: rows out of order or repeated, or a row equal to the base's. */
        NOT_CANONICAL,
        /** Applying the delta gives another model hash than the result hash it names. */
        RESULT_MISMATCH
    }

    private final Reason reason;

    InvalidDeltaException(Reason reason, String message) {
        this(reason, message, null);
    }

    InvalidDeltaException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
