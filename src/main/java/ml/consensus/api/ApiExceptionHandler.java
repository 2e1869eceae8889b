package ml.consensus.api;

import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import ml.consensus.refusal.Refusal;
import ml.consensus.storage.LedgerIndexException;

/**
 * Turns every refusal into an RFC 9457 problem ({@code application/problem+json}) with a
 * {@code detail} that says what was wrong. Spring's own errors (unsupported media type, missing
 * parameter, unknown path...) come through the base class as problems too.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** A problem with its status, title, a machine-readable reason, and a detail saying what was wrong. */
    private static ProblemDetail problem(HttpStatus status, String title, String reason, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setProperty("reason", reason);
        return problem;
    }

    /** Seconds a client is asked to wait before it sends a write refused for want of a leader again. */
    static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler(Refusal.class)
    ResponseEntity<ProblemDetail> refused(Refusal refusal) {
        HttpStatus status = switch (refusal.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT, AMBIGUOUS -> HttpStatus.CONFLICT;
            case MISMATCH -> HttpStatus.UNPROCESSABLE_CONTENT;
            case READ_ONLY, BUSY, NO_QUORUM -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        ProblemDetail problem = problem(
                status,
                refusal.kind().title(),
                refusal.kind().name().toLowerCase(java.util.Locale.ROOT),
                refusal.getMessage());
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
        if (refusal.kind() == Refusal.Kind.BUSY || refusal.kind() == Refusal.Kind.NO_QUORUM) {
            // Transient: another attempt soon may well succeed (a leader elected, a race lost).
            answer.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return answer.body(problem);
    }

    /** Two writers raced for the same unique slot (vote, apply, block); the loser is told so. */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail raced(DataIntegrityViolationException e) {
        log.info(
                "write refused by a ledger uniqueness rule: {}",
                e.getMostSpecificCause().getMessage());
        return problem(
                HttpStatus.CONFLICT,
                "Conflict with ledger state",
                "conflict",
                "the write conflicts with a record already on the ledger (a repeated vote, a second apply or a"
                        + " duplicate proposal); nothing was written");
    }

    /**
     * A row read for a decision disagrees with its hashed body (the database was edited behind
     * the node): the decision is not taken; the node's own audit (GET /verify) names the row.
     */
    @ExceptionHandler(LedgerIndexException.class)
    ProblemDetail tamperedIndex(LedgerIndexException e) {
        log.error("refused a request on a tampered ledger index: {}", e.getMessage());
        return problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Ledger index tampered",
                "read_only",
                e.getMessage() + "; nothing was written, and GET /verify reports the ledger invalid");
    }

    /** Tomcat refusing a query string it cannot parse (a parameter without a name, bad encoding). */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ProblemDetail unreadableParameters(Exception e) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "Invalid request",
                "invalid",
                "the query string could not be read: every parameter needs a name, and values must be valid"
                        + " percent-encoded UTF-8");
    }

    /** Anything unexpected: a 500 problem that says nothing was written unless the ledger shows it. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected failure answering a request", e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal error",
                "internal",
                "the node failed to answer this request (" + e.getClass().getSimpleName() + "); a write that fails"
                        + " this way is not on the ledger, as GET /blockchain-history shows");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail wrongParameterType(MethodArgumentTypeMismatchException e) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "Invalid request",
                "invalid",
                "parameter '" + e.getName() + "' has the wrong type: '" + e.getValue() + "'");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpStatus answer = HttpStatus.BAD_REQUEST;
        String detail = unreadableDetail(e);
        String reason = "invalid";
        if (RequestSizeLimitFilter.isTooLarge(e)) {
            answer = HttpStatus.CONTENT_TOO_LARGE;
            detail = "the request body is larger than this node accepts";
            reason = RequestSizeLimitFilter.TOO_LARGE;
        } else if (BodyDeadlineFilter.isTooSlow(e)) {
            answer = HttpStatus.REQUEST_TIMEOUT;
            detail = "the request body did not arrive in time (consensus.request-body-timeout); send it whole,"
                    + " without pauses";
            reason = "too_slow";
        } else if (StrictUtf8Filter.invalidUtf8(e) != null) {
            detail = StrictUtf8Filter.invalidUtf8(e).getMessage();
        }
        ProblemDetail problem = problem(
                answer,
                switch (answer) {
                    case BAD_REQUEST -> "Malformed request body";
                    case REQUEST_TIMEOUT -> "Request body too slow";
                    default -> "Request body too large";
                },
                reason,
                detail);
        return handleExceptionInternal(e, problem, headers, answer, request);
    }

    /** A JSON body declared in another charset than UTF-8. */
    @ExceptionHandler(Utf8JsonBodyAdvice.NotUtf8Exception.class)
    ProblemDetail notUtf8(Utf8JsonBodyAdvice.NotUtf8Exception e) {
        return problem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", "unsupported_charset", e.getMessage());
    }

    private static String unreadableDetail(HttpMessageNotReadableException e) {
        if (e instanceof Utf8JsonBodyAdvice.NotUtf8BodyException notUtf8) {
            return notUtf8.getMessage();
        }
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        if (cause instanceof InvalidFormatException invalid) {
            return "field '" + path(invalid) + "' has a value of the wrong type or format: " + invalid.getValue();
        }
        if (cause instanceof MismatchedInputException mismatched) {
            String path = path(mismatched);
            if (path.isEmpty()
                    && String.valueOf(mismatched.getOriginalMessage()).startsWith("Trailing token")) {
                return "trailing content after the JSON object: send exactly one JSON object";
            }
            return path.isEmpty()
                    ? "the request body must be a JSON object"
                    : "field '" + path + "' has the wrong type (expected " + simpleTypeName(mismatched.getTargetType())
                            + ")";
        }
        if (cause instanceof StreamReadException malformed) {
            return "malformed JSON: " + firstLine(malformed.getOriginalMessage());
        }
        if (cause instanceof JacksonException jackson) {
            return "unreadable JSON: " + firstLine(jackson.getOriginalMessage());
        }
        return "a JSON request body is required";
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String simpleTypeName(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
