package ml.consensus.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside any controller (the servlet container refusing a request, a filter)
 * reach {@code /error}; this answers them as RFC 9457 problems like every other refusal, instead
 * of Spring Boot's default JSON or HTML error page.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping(
            path = "/error",
            produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        String detail = status.is4xxClientError()
                ? "the request could not be read: " + status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT)
                        + " (check the URL, its parameters and its encoding)"
                : "the node failed to answer this request; nothing was written unless the ledger shows it";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            problem.setInstance(java.net.URI.create(path.replaceAll("[^A-Za-z0-9/._-]", "")));
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
