package ml.consensus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a node over HTTP exactly as {@code curl} would: JSON in, JSON out. Every call says
 * which status it expects (200, or the refusal the demo provokes) and throws a
 * {@link DemoFailure} naming the call, the status and the problem's {@code detail} on any other.
 */
final class DemoClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final URI base;

    DemoClient(URI base) {
        this.base = base;
    }

    /** {@code GET path} with the query parameters given as name, value, name, value...; expects 200. */
    JsonNode get(String path, String... query) {
        StringBuilder target = new StringBuilder(path);
        for (int i = 0; i + 1 < query.length; i += 2) {
            target.append(i == 0 ? '?' : '&')
                    .append(query[i])
                    .append('=')
                    .append(URLEncoder.encode(query[i + 1], StandardCharsets.UTF_8));
        }
        String call = "GET " + path;
        return expect(
                call,
                200,
                send(
                        call,
                        HttpRequest.newBuilder(base.resolve(target.toString())).GET()));
    }

    /** {@code GET path} saved byte for byte to {@code file}, as {@code curl -o} would; expects 200. */
    void download(String path, Path file) {
        String call = "GET " + path;
        HttpResponse<String> response =
                send(call, HttpRequest.newBuilder(base.resolve(path)).GET());
        expect(call, 200, response);
        try {
            Files.writeString(file, response.body(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** {@code POST path} with {@code body} written as JSON; expects 200. */
    JsonNode post(String path, Object body) {
        return postExpecting(path, body, 200);
    }

    /**
     * {@code POST path} that the node must refuse with {@code status}; returns the problem
     * details. A 200 is a failure here: it means a rule did not hold.
     */
    JsonNode postRefused(String path, Object body, int status) {
        return postExpecting(path, body, status);
    }

    private JsonNode postExpecting(String path, Object body, int status) {
        String call = "POST " + path;
        return expect(
                call,
                status,
                send(
                        call,
                        HttpRequest.newBuilder(base.resolve(path))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))));
    }

    private HttpResponse<String> send(String call, HttpRequest.Builder request) {
        try {
            return http.send(
                    request.header("Accept", "application/json")
                            .timeout(TIMEOUT)
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DemoFailure(call + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure(call + " was interrupted", e);
        }
    }

    private JsonNode expect(String call, int status, HttpResponse<String> response) {
        JsonNode body = parse(call, response);
        if (response.statusCode() != status) {
            String title = body.path("title").asString("");
            throw new DemoFailure(call + " answered HTTP " + response.statusCode()
                    + (status == 200 ? "" : " (expected " + status + ")") + " "
                    + (title.isEmpty()
                            ? response.body()
                            : title + ": " + body.path("detail").asString("")));
        }
        return body;
    }

    private JsonNode parse(String call, HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (JacksonException e) {
            throw new DemoFailure(
                    call + " answered HTTP " + response.statusCode() + " with a body that is not JSON: "
                            + response.body(),
                    e);
        }
    }
}
