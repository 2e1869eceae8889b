package ml.consensus.node;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

import ml.consensus.ledger.WorkProgress;

/**
 * Progress lines for a long pass over the ledger: nothing for work that ends within the first
 * interval (a second), then at most one INFO line per interval, so a short ledger logs nothing
 * and a long one shows it is moving. One instance per pass; used from one thread.
 */
final class ProgressLog implements WorkProgress {

    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Logger log;
    private final String work;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final long started;
    private long next;

    ProgressLog(Logger log, String work, LongSupplier nanoTime, Duration interval) {
        this.log = log;
        this.work = work;
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
        this.started = nanoTime.getAsLong();
        this.next = started + intervalNanos;
    }

    /** A pass starting now, on the system clock, reporting every {@link #INTERVAL}. */
    static ProgressLog start(Logger log, String work) {
        return new ProgressLog(log, work, System::nanoTime, INTERVAL);
    }

    @Override
    public void advanced(String step, long done, long total) {
        long now = nanoTime.getAsLong();
        if (now - next < 0) {
            return;
        }
        next = now + intervalNanos;
        long elapsedMs = (now - started) / 1_000_000;
        log.atInfo()
                .addKeyValue("step", step)
                .addKeyValue("done", done)
                .addKeyValue("total", total)
                .addKeyValue("elapsed_ms", elapsedMs)
                .log(
                        "{}: {} {} of {} blocks ({}%), {} s so far",
                        work,
                        step,
                        done,
                        total,
                        total == 0 ? 100 : done * 100 / total,
                        String.format(Locale.ROOT, "%.1f", elapsedMs / 1000.0));
    }
}
