package ml.consensus.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one timestamp format of the ledger: UTC, ISO-8601, at most millisecond precision, written
 * the way {@link DateTimeFormatter#ISO_INSTANT} writes a millisecond instant (no fraction when it
 * is zero, else exactly three digits), e.g. {@code 2026-11-25T15:03:06.386Z}.
 */
public final class LedgerTime {

    /**
     * How far a block's timestamp may lie before its predecessor's and still verify. The node
     * itself never writes a block earlier than its predecessor ({@link #notBefore}); the tolerance
     * is for ledgers written before that rule, by nodes on one database whose clocks disagreed by
     * a little (docs/ledger-format.md).
     */
    public static final Duration STEP_BACK_TOLERANCE = Duration.ofMinutes(5);

    private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z");

    private LedgerTime() {}

    /** The clock's current time as the ledger writes it, e.g. {@code 2026-11-25T15:03:06.386Z}. */
    public static String now(Clock clock) {
        return format(Instant.now(clock));
    }

    /** {@code now}, unless that is before {@code previous} (a valid ledger time): then {@code previous}. */
    public static String notBefore(String now, String previous) {
        Optional<Instant> before = parse(previous);
        Optional<Instant> current = parse(now);
        if (before.isPresent() && current.isPresent() && current.get().isBefore(before.get())) {
            return previous;
        }
        return now;
    }

    /**
     * The instant {@code text} names, if it is in the ledger's exact format: the canonical
     * ISO-8601 UTC text of a millisecond instant between years 0000 and 9999. Anything else
     * (an offset other than Z, a lower-case t, a fraction of other than three digits, ".000",
     * a day that does not exist) is empty.
     */
    public static Optional<Instant> parse(String text) {
        if (text == null || !SHAPE.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            Instant instant = Instant.parse(text);
            return format(instant).equals(text) ? Optional.of(instant) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
