package ml.consensus.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import ml.consensus.NodeProperties;
import ml.consensus.operations.RefusalMetrics;

/**
 * Refuses request bodies over {@code consensus.max-request-bytes} before anything parses them:
 * a declared Content-Length over the limit is answered 413 at once; a body of unknown length is
 * cut off at the limit, which the parser reports and {@link ApiExceptionHandler} answers 413.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    /** The problem's {@code reason} for a body over the limit, whoever refuses it. */
    static final String TOO_LARGE = "too_large";

    private final long maxBytes;
    private final RefusalMetrics refusals;

    RequestSizeLimitFilter(NodeProperties properties, RefusalMetrics refusals) {
        this.maxBytes = properties.maxRequestBytes();
        this.refusals = refusals;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refusals.refused(HttpStatus.CONTENT_TOO_LARGE.value(), TOO_LARGE);
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter()
                    .write("{\"type\":\"about:blank\",\"title\":\"Request body too large\",\"status\":413,"
                            + "\"reason\":\"" + TOO_LARGE + "\",\"detail\":\"the request body has " + declared
                            + " bytes; at most " + maxBytes + " are accepted\",\"instance\":\""
                            + request.getRequestURI().replace("\"", "") + "\"}");
            return;
        }
        chain.doFilter(new WatchedRequest(request, () -> new SizeLimit(maxBytes)), response);
    }

    /** True when reading a body failed because it passed the limit. */
    static boolean isTooLarge(Throwable e) {
        return WatchedRequest.causeOfType(e, BodyTooLargeException.class) != null;
    }

    static final class BodyTooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        BodyTooLargeException(long limit) {
            super("request body exceeds " + limit + " bytes");
        }
    }

    /** Fails the read that takes the body past the limit. */
    private static final class SizeLimit implements WatchedRequest.BodyWatch {
        private final long limit;
        private long read;

        SizeLimit(long limit) {
            this.limit = limit;
        }

        @Override
        public void afterRead(byte[] buffer, int offset, int count) throws BodyTooLargeException {
            if (count > 0) {
                read += count;
                if (read > limit) {
                    throw new BodyTooLargeException(limit);
                }
            }
        }
    }
}
