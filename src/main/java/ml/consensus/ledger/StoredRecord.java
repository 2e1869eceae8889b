package ml.consensus.ledger;

/** A record together with where it sits on the chain. */
public record StoredRecord(LedgerRecord record, long blockIndex, int position) {
}
