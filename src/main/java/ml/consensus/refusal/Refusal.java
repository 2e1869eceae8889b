package ml.consensus.refusal;

/**
 * A request the node refuses, and why. Thrown before anything is written, so a refused request
 * leaves the ledger and the model as they were. The web layer turns the {@link Kind} into an
 * HTTP status and the message into the problem's {@code detail}.
 */
public final class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a request is refused; each maps to one HTTP status. */
    public enum Kind {
        /** The request is malformed or a value is out of range (400). */
        INVALID("Invalid request"),
        /** A vote's signature is missing, malformed or does not verify (401). */
        UNAUTHORIZED("Vote signature not accepted"),
        /** The validator may not vote here (403). */
        FORBIDDEN("Validator not allowed"),
        /** Nothing matches the given hash, index or word (404). */
        NOT_FOUND("Not found"),
        /** The request conflicts with the ledger's state (409). */
        CONFLICT("Conflict with ledger state"),
        /** A hash prefix matches more than one proposal (409). */
        AMBIGUOUS("Ambiguous hash prefix"),
        /** The request contradicts the content it refers to (422). */
        MISMATCH("Content does not match the proposal"),
        /** The node accepts no writes: its ledger failed verification (503). */
        READ_ONLY("Node is read-only"),
        /** Other nodes on the same database kept winning the next block; nothing was written (503). */
        BUSY("Ledger busy"),
        /**
         * Cluster mode: no leader is known, or the leader cannot reach a majority, or a write's
         * commit could not be confirmed in time (503, with Retry-After).
         */
        NO_QUORUM("No leader or quorum");

        private final String title;

        Kind(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final Kind kind;

    private Refusal(Kind kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** A refusal of the given kind; where the kind comes from a table (a broken rule's code). */
    public static Refusal of(Kind kind, String detail) {
        return new Refusal(kind, detail);
    }

    public static Refusal invalid(String detail) {
        return new Refusal(Kind.INVALID, detail);
    }

    public static Refusal unauthorized(String detail) {
        return new Refusal(Kind.UNAUTHORIZED, detail);
    }

    public static Refusal forbidden(String detail) {
        return new Refusal(Kind.FORBIDDEN, detail);
    }

    public static Refusal notFound(String detail) {
        return new Refusal(Kind.NOT_FOUND, detail);
    }

    public static Refusal conflict(String detail) {
        return new Refusal(Kind.CONFLICT, detail);
    }

    public static Refusal ambiguous(String detail) {
        return new Refusal(Kind.AMBIGUOUS, detail);
    }

    public static Refusal mismatch(String detail) {
        return new Refusal(Kind.MISMATCH, detail);
    }

    public static Refusal busy(String detail) {
        return new Refusal(Kind.BUSY, detail);
    }

    public static Refusal noQuorum(String detail) {
        return new Refusal(Kind.NO_QUORUM, detail);
    }

    public static Refusal readOnly(String detail) {
        return new Refusal(Kind.READ_ONLY, detail);
    }
}
