package ml.consensus.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The one timestamp format of the ledger: UTC, ISO-8601, at most millisecond precision. */
public final class LedgerTime {

    private LedgerTime() {}

    /** The clock's current time as the ledger writes it, e.g. {@code 2026-11-25T15:03:06.386Z}. */
    public static String now(Clock clock) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
    }
}
