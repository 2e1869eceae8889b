package ml.consensus.reliability;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ml.consensus.support.NodeClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP client that sends exactly what it is given: any method, any (or no) content type, any
 * bytes, with or without a Content-Length. Answers are {@link Answer}s; a body that claims to be
 * JSON but does not parse gives a null {@code json}, which the problem check then reports.
 */
final class RawClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    RawClient(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    /**
     * Sends {@code method pathAndQuery} (already percent-encoded) with {@code body} (null for none) as
     * {@code contentType} (null for no header); {@code chunked} sends the body without a length.
     */
    Answer send(String method, String pathAndQuery, String contentType, byte[] body, boolean chunked) {
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else if (chunked) {
            publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
        } else {
            publisher = HttpRequest.BodyPublishers.ofByteArray(body);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .method(method, publisher);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            return new Answer(response.statusCode(), type, response.body(), parse(type, response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + pathAndQuery + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    Answer post(String path, String contentType, String body) {
        return send("POST", path, contentType, body.getBytes(StandardCharsets.UTF_8), false);
    }

    Answer get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, null, false);
    }

    private static JsonNode parse(String type, String body) {
        if (body.isEmpty() || !type.contains("json")) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The one shape of every 4xx (and 5xx) answer: an RFC 9457 problem naming its status, with a detail. */
    static void assertProblem(Answer answer, String request) {
        assertThat(answer.contentType())
                .as("content type of %s answering %s: %s", answer.status(), request, abbreviate(answer.raw()))
                .startsWith("application/problem+json");
        assertThat(answer.json())
                .as("problem JSON of %s answering %s: %s", answer.status(), request, abbreviate(answer.raw()))
                .isNotNull();
        assertThat(answer.json().path("status").asInt())
                .as("problem status of %s", request)
                .isEqualTo(answer.status());
        JsonNode detail = answer.json().get("detail");
        assertThat(detail)
                .as("problem detail of %s answering %s: %s", answer.status(), request, abbreviate(answer.raw()))
                .isNotNull();
        assertThat(detail.isString() && !detail.asString().isBlank())
                .as("non-empty detail of %s answering %s: %s", answer.status(), request, abbreviate(answer.raw()))
                .isTrue();
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "…(" + text.length() + " chars)";
    }
}
