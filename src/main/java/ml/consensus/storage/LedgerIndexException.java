package ml.consensus.storage;

/**
 * A row's index columns ({@code proposal_hash}, {@code validator_id}, {@code unique_key},
 * {@code record_type}) disagree with its hashed body: someone changed the database behind the
 * node. Thrown when such a row is read for a decision, so that the decision is not taken; the
 * whole-ledger check is {@link LedgerIndexes#check}.
 */
public class LedgerIndexException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    LedgerIndexException(String message) {
        super(message);
    }

    static LedgerIndexException of(String recordHash, String column, String stored, String fromBody) {
        return new LedgerIndexException("the ledger's index disagrees with record " + recordHash + ": its " + column
                + " column says " + stored + " but its hashed body says " + fromBody
                + "; the database was changed behind the node");
    }
}
