package ml.consensus.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import ml.consensus.ledger.StoredRecord;
import ml.consensus.ledger.VerificationFailure;

/**
 * Checks that the columns the node takes decisions from are what the hashed record bodies say:
 * every record row's {@code proposal_hash}, {@code validator_id} and {@code unique_key} against
 * {@link RecordKeys#of} of its body, and every {@code record_counts} row against a count of the
 * records. None of these columns is covered by a hash, so the chain verifier cannot see an edit
 * to them; a vote whose {@code proposal_hash} was moved would count for another proposal.
 */
@Component
public class LedgerIndexes {

    private final JdbcClient sql;

    LedgerIndexes(JdbcClient sql) {
        this.sql = sql;
    }

    /**
     * The first record row (in chain order) whose index columns disagree with its body, else the
     * first record type whose maintained count is wrong, else empty. {@code lastBlock} is the
     * highest block index of the chain checked; count failures are reported at that block.
     */
    @Transactional(readOnly = true)
    public Optional<VerificationFailure> check(long lastBlock) {
        return firstMismatchedRow().or(() -> firstWrongCount(lastBlock));
    }

    private Optional<VerificationFailure> firstMismatchedRow() {
        List<VerificationFailure> first = new ArrayList<>(1);
        sql.sql("select record_hash, block_index, record_position, record_type, proposal_hash, validator_id,"
                        + " unique_key, body from records order by block_index, record_position")
                .query(row -> {
                    if (!first.isEmpty()) {
                        return;
                    }
                    long block = row.getLong(2);
                    int position = row.getInt(3);
                    StoredRecord stored;
                    RecordKeys keys;
                    try {
                        stored = StoredRecord.fromColumns(
                                row.getString(1), block, position, row.getString(4), row.getString(8));
                        keys = RecordKeys.of(stored.record());
                    } catch (RuntimeException e) {
                        // An unreadable body or type is the chain verifier's to name; it runs first.
                        return;
                    }
                    String proposalColumn = row.getString(5);
                    String validatorColumn = row.getString(6);
                    String uniqueColumn = row.getString(7);
                    mismatch("proposal_hash", proposalColumn, keys.proposalHash())
                            .or(() -> mismatch("validator_id", validatorColumn, keys.validatorId()))
                            .or(() -> mismatch("unique_key", uniqueColumn, keys.uniqueKey()))
                            .map(column -> VerificationFailure.ofRecord(
                                    block,
                                    position,
                                    "record_index",
                                    column.stored(),
                                    column.fromBody(),
                                    "index column " + column.name() + " is " + column.stored()
                                            + " but the record's hashed body gives " + column.fromBody()))
                            .ifPresent(first::add);
                });
        return first.stream().findFirst();
    }

    private record Column(String name, String stored, String fromBody) {}

    private static Optional<Column> mismatch(String name, String stored, String fromBody) {
        return Objects.equals(stored, fromBody) ? Optional.empty() : Optional.of(new Column(name, stored, fromBody));
    }

    private Optional<VerificationFailure> firstWrongCount(long lastBlock) {
        // One statement, so both sides are read as of one snapshot while other nodes may append.
        return sql
                .sql("select t.record_type, c.record_count, coalesce(r.n, 0) from"
                        + " (select record_type from record_counts union select record_type from records) t"
                        + " left join record_counts c on c.record_type = t.record_type"
                        + " left join (select record_type, count(*) n from records group by record_type) r"
                        + " on r.record_type = t.record_type order by t.record_type")
                .query((row, n) -> {
                    long stored = row.getLong(2);
                    boolean missing = row.wasNull();
                    long counted = row.getLong(3);
                    if (!missing && stored == counted) {
                        return null;
                    }
                    String type = row.getString(1);
                    return VerificationFailure.ofBlock(
                            lastBlock,
                            "record_counts",
                            counted,
                            missing ? "no count" : stored,
                            "record_counts says " + (missing ? "nothing" : stored) + " for " + type
                                    + " but the ledger holds " + counted + " such records");
                })
                .list()
                .stream()
                .filter(Objects::nonNull)
                .findFirst();
    }
}
