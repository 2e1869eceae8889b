package ml.consensus.privacy;

import java.util.OptionalInt;

/**
 * Texts that do not match a {@link TextCommitment}. The message carries the evidence (which
 * check, the computed and the committed value) and, when the failure belongs to one text,
 * {@link #index()} names it; otherwise (a wrong count, a root that differs with no per-text
 * hashes to compare against) the index is empty.
 */
public class CommitmentMismatchException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int index;

    private CommitmentMismatchException(int index, String message) {
        super(message);
        this.index = index;
    }

    /** The index of the first text that does not match, when the failure is one text's. */
    public OptionalInt index() {
        return index < 0 ? OptionalInt.empty() : OptionalInt.of(index);
    }

    static CommitmentMismatchException ofText(int index, String message) {
        return new CommitmentMismatchException(index, "text " + index + ": " + message);
    }

    static CommitmentMismatchException ofBatch(String message) {
        return new CommitmentMismatchException(-1, message);
    }
}
