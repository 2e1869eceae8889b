package ml.consensus.ledger;

import ml.consensus.hashing.Sha256;

/** A record together with where it sits on the chain. */
public record StoredRecord(LedgerRecord record, long blockIndex, int position) {

    /** A record read back from the columns of its row; throws on a type this code does not know. */
    public static StoredRecord fromColumns(String recordHash, long blockIndex, int position, String type, String body) {
        RecordType recordType = RecordType.fromWireName(type)
                .orElseThrow(() -> new IllegalStateException("unknown record type in database: " + type));
        return new StoredRecord(new LedgerRecord(recordType, body, Sha256.fromHex(recordHash)), blockIndex, position);
    }
}
