package ml.consensus.operations;

import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counts refused requests by HTTP status and reason ({@code consensus_refusals_total}). Tags are
 * kept to a small, fixed set: a status outside 400-599 and a reason that is not a short
 * lower-case word are counted as {@code other}, so no request can mint new time series.
 */
@Component
public class RefusalMetrics {

    private static final Pattern REASON = Pattern.compile("[a-z_]{1,32}");

    private final MeterRegistry registry;

    RefusalMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one refusal answered with {@code status}, for {@code reason} (the problem's {@code reason}). */
    public void refused(int status, String reason) {
        String statusTag = status >= 400 && status <= 599 ? Integer.toString(status) : "other";
        String reasonTag = reason != null && REASON.matcher(reason).matches() ? reason : "other";
        Counter.builder("consensus.refusals")
                .tag("status", statusTag)
                .tag("reason", reasonTag)
                .description("Requests refused with a problem response, by status and reason")
                .register(registry)
                .increment();
    }
}
