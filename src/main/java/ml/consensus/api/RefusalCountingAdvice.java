package ml.consensus.api;

import java.util.Locale;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import ml.consensus.operations.RefusalMetrics;

/**
 * Counts every problem response as it is written: those of {@link ApiExceptionHandler}, of
 * Spring's own refusals (unsupported media type, unknown path...) and of
 * {@link ProblemErrorController}. One place, so no refusal path can be forgotten; the request
 * size filter, which answers before Spring MVC, counts its own.
 */
@ControllerAdvice
class RefusalCountingAdvice implements ResponseBodyAdvice<Object> {

    private final RefusalMetrics refusals;

    RefusalCountingAdvice(RefusalMetrics refusals) {
        this.refusals = refusals;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem) {
            refusals.refused(problem.getStatus(), reason(problem));
        }
        return body;
    }

    /** Our problems carry a {@code reason}; Spring's are named after their status. */
    private static String reason(ProblemDetail problem) {
        if (problem.getProperties() != null && problem.getProperties().get("reason") instanceof String reason) {
            return reason;
        }
        HttpStatus status = HttpStatus.resolve(problem.getStatus());
        return status == null ? null : status.name().toLowerCase(Locale.ROOT);
    }
}
