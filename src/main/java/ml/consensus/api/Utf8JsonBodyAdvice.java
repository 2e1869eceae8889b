package ml.consensus.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Request bodies are JSON in UTF-8 and nothing else (RFC 8259 §8.1). Left alone, Jackson detects
 * UTF-16 and UTF-32 from the first bytes and decodes them, and Spring decodes a body in whatever
 * {@code charset} the Content-Type names (ISO-8859-1, windows-1252...): each such body was
 * accepted and written, so the same proposal had several byte forms on the wire. Here a declared
 * charset other than UTF-8 is refused (415, {@link NotUtf8Exception}), and a body holding a NUL
 * byte is refused (400): every UTF-16 or UTF-32 encoding of a JSON text holds one, and JSON itself
 * never does (a NUL in a string is written {@code \u0000}). Well-formed UTF-8 itself is
 * {@link StrictUtf8Filter}'s check, made as the bytes are read.
 *
 * <p>The body is read once into memory; {@link RequestSizeLimitFilter} has already bounded it.
 */
@ControllerAdvice
class Utf8JsonBodyAdvice extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(
            HttpInputMessage message,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType)
            throws IOException {
        MediaType type = message.getHeaders().getContentType();
        Charset declared = type == null ? null : type.getCharset();
        if (declared != null && !declared.equals(StandardCharsets.UTF_8)) {
            throw NotUtf8Exception.declared(declared);
        }
        byte[] body = message.getBody().readAllBytes();
        refuseNul(body, message);
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return message.getHeaders();
            }
        };
    }

    private static void refuseNul(byte[] body, HttpInputMessage message) {
        for (byte b : body) {
            if (b == 0) {
                throw new NotUtf8BodyException(
                        "the request body must be JSON in UTF-8; it holds a NUL byte, as UTF-16 or UTF-32 text does"
                                + " (a NUL inside a JSON string is written \\u0000)",
                        null,
                        message);
            }
        }
    }

    /** Bytes that are not UTF-8 JSON text: answered 400 with this message as the detail. */
    static final class NotUtf8BodyException extends HttpMessageNotReadableException {

        private static final long serialVersionUID = 1L;

        NotUtf8BodyException(String detail, Throwable cause, HttpInputMessage message) {
            super(detail, cause, message);
        }
    }

    /** A body declared in a charset other than UTF-8: answered 415, nothing read. */
    static final class NotUtf8Exception extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private NotUtf8Exception(String message) {
            super(message);
        }

        static NotUtf8Exception declared(Charset charset) {
            return new NotUtf8Exception("the request body is declared as charset=" + charset.name()
                    + "; JSON is accepted in UTF-8 only: send UTF-8 bytes with no charset or charset=UTF-8");
        }
    }
}
