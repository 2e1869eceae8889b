package ml.consensus.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request body is read through a {@link Utf8Checker}: JSON bodies must be UTF-8 (RFC
 * 8259), and this node hashes and trains on exactly the text the bytes spell, so a byte
 * sequence that is not well-formed UTF-8 makes the read fail with
 * {@link Utf8Checker.InvalidUtf8Exception}, which {@link ApiExceptionHandler} answers 400. Runs
 * just inside {@link RequestSizeLimitFilter}, so the size limit still applies first.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class StrictUtf8Filter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new CheckedRequest(request), response);
    }

    /** True when reading a body failed because it was not UTF-8; the exception if so. */
    static Utf8Checker.InvalidUtf8Exception invalidUtf8(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Utf8Checker.InvalidUtf8Exception invalid) {
                return invalid;
            }
        }
        return null;
    }

    private static final class CheckedRequest extends HttpServletRequestWrapper {
        private ServletInputStream checked;

        CheckedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (checked == null) {
                checked = new CheckedInputStream(super.getInputStream());
            }
            return checked;
        }
    }

    private static final class CheckedInputStream extends ServletInputStream {
        private final ServletInputStream in;
        private final Utf8Checker checker = new Utf8Checker();

        CheckedInputStream(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                checker.finish();
            } else {
                checker.accept(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n < 0) {
                checker.finish();
            }
            for (int i = 0; i < n; i++) {
                checker.accept(buffer[offset + i] & 0xff);
            }
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
