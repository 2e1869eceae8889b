package ml.consensus.rules;

/**
 * Where a proposal stands. Only {@link #APPROVED} may be applied; APPLIED, REJECTED, EXPIRED and
 * WITHDRAWN are final: no vote, apply or withdrawal is accepted after them.
 */
public enum ProposalState {
    PROPOSED("proposed"),
    APPROVED("approved"),
    REJECTED("rejected"),
    APPLIED("applied"),
    /** Its lifetime (blocks or time, bound in the proposal) ran out before it was applied. */
    EXPIRED("expired"),
    /** Its proposer withdrew it with a signed record. */
    WITHDRAWN("withdrawn");

    private final String wireName;

    ProposalState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
