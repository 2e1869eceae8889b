package ml.consensus.api;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request body must arrive whole within {@code consensus.request-body-timeout} (default 10 s)
 * of its first read. Tomcat's {@code server.tomcat.connection-timeout} ends a connection that
 * sends nothing for that long, but a client sending one byte now and then resets it each time:
 * 200 such connections held every request thread (issue 15, item 8). Past the deadline the read
 * fails with {@link BodyTooSlowException}, which {@link ApiExceptionHandler} answers 408.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class BodyDeadlineFilter extends OncePerRequestFilter {

    private final long timeoutNanos;

    BodyDeadlineFilter(@Value("${consensus.request-body-timeout:10s}") Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("consensus.request-body-timeout must be positive, got " + timeout);
        }
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new WatchedRequest(request, () -> new Deadline(timeoutNanos)), response);
    }

    /** True when reading the body failed because it came too slowly (this deadline or Tomcat's read timeout). */
    static boolean isTooSlow(Throwable e) {
        return WatchedRequest.causeOfType(e, BodyTooSlowException.class) != null
                || WatchedRequest.causeOfType(e, SocketTimeoutException.class) != null;
    }

    static final class BodyTooSlowException extends IOException {

        private static final long serialVersionUID = 1L;

        BodyTooSlowException(long timeoutNanos) {
            super("the request body did not arrive within "
                    + Duration.ofNanos(timeoutNanos).toSeconds() + " s");
        }
    }

    /** Fails a read that starts or ends past the deadline, counted from the watch's creation (the first read). */
    private static final class Deadline implements WatchedRequest.BodyWatch {
        private final long timeoutNanos;
        private final long started = System.nanoTime();

        Deadline(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public void beforeRead() throws BodyTooSlowException {
            if (System.nanoTime() - started > timeoutNanos) {
                throw new BodyTooSlowException(timeoutNanos);
            }
        }

        @Override
        public void afterRead(byte[] buffer, int offset, int count) throws BodyTooSlowException {
            beforeRead();
        }
    }
}
