package ml.consensus.api;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
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
        chain.doFilter(new TimedRequest(request, timeoutNanos), response);
    }

    /** True when reading the body failed because it came too slowly (this deadline or Tomcat's read timeout). */
    static boolean isTooSlow(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyTooSlowException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static final class BodyTooSlowException extends IOException {

        private static final long serialVersionUID = 1L;

        BodyTooSlowException(long timeoutNanos) {
            super("the request body did not arrive within "
                    + Duration.ofNanos(timeoutNanos).toSeconds() + " s");
        }
    }

    private static final class TimedRequest extends HttpServletRequestWrapper {
        private final long timeoutNanos;
        private ServletInputStream timed;

        TimedRequest(HttpServletRequest request, long timeoutNanos) {
            super(request);
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (timed == null) {
                timed = new TimedInputStream(super.getInputStream(), timeoutNanos);
            }
            return timed;
        }
    }

    private static final class TimedInputStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long timeoutNanos;
        private final long started = System.nanoTime();

        TimedInputStream(ServletInputStream in, long timeoutNanos) {
            this.in = in;
            this.timeoutNanos = timeoutNanos;
        }

        private void checkDeadline() throws BodyTooSlowException {
            if (System.nanoTime() - started > timeoutNanos) {
                throw new BodyTooSlowException(timeoutNanos);
            }
        }

        @Override
        public int read() throws IOException {
            checkDeadline();
            int b = in.read();
            checkDeadline();
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            checkDeadline();
            int n = in.read(buffer, offset, length);
            checkDeadline();
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
