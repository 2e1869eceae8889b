package ml.consensus.consensus;

/** Where a proposal stands. Only {@link #APPROVED} may be applied; APPLIED and REJECTED are final. */
public enum ProposalState {
    PROPOSED("proposed"),
    APPROVED("approved"),
    REJECTED("rejected"),
    APPLIED("applied");

    private final String wireName;

    ProposalState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
