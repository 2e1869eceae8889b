package ml.consensus.rules;

/**
 * A proposal's state from everything the ledger says about it, in order of precedence: applied;
 * withdrawn by its proposer; rejected by the votes; expired (its terms have run out at the moment
 * asked about); otherwise approved or proposed as the votes make it. The same function serves a
 * write being checked (at the block and time it would be written) and a read (at the next block
 * and now), and LedgerRules applies the same precedence on replay.
 */
public final class ProposalLifecycle {

    /** Where and when a record would stand: the block index it goes into and its own timestamp. */
    public record Moment(long blockIndex, String timestamp) {}

    private ProposalLifecycle() {}

    public static ProposalState state(
            boolean applied, boolean withdrawn, ProposalState byVotes, ProposalTerms terms, Moment at) {
        if (applied) {
            return ProposalState.APPLIED;
        }
        if (withdrawn) {
            return ProposalState.WITHDRAWN;
        }
        if (byVotes == ProposalState.REJECTED) {
            return byVotes;
        }
        return terms.isExpiredAt(at.blockIndex(), at.timestamp()) ? ProposalState.EXPIRED : byVotes;
    }
}
