package ml.consensus.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
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
        chain.doFilter(new WatchedRequest(request, Utf8Watch::new), response);
    }

    /** True when reading a body failed because it was not UTF-8; the exception if so. */
    static Utf8Checker.InvalidUtf8Exception invalidUtf8(Throwable e) {
        return WatchedRequest.causeOfType(e, Utf8Checker.InvalidUtf8Exception.class);
    }

    /** Feeds every byte read to a {@link Utf8Checker}, which throws at the first one that is not UTF-8. */
    private static final class Utf8Watch implements WatchedRequest.BodyWatch {
        private final Utf8Checker checker = new Utf8Checker();

        @Override
        public void afterRead(byte[] buffer, int offset, int count) throws IOException {
            if (count < 0) {
                checker.finish();
            }
            for (int i = 0; i < count; i++) {
                checker.accept(buffer[offset + i] & 0xff);
            }
        }
    }
}
