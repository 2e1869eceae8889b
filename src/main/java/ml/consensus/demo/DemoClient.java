package ml.consensus.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a node over HTTP exactly as {@code curl} would: JSON in, JSON out. Every call
 * expects HTTP 200 and throws a {@link DemoFailure} naming the call, the status and the
 * problem's {@code detail} otherwise.
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

    /** {@code GET path} with the query parameters given as name, value, name, value... */
    JsonNode get(String path, String... query) {
        StringBuilder target = new StringBuilder(path);
        for (int i = 0; i + 1 < query.length; i += 2) {
            target.append(i == 0 ? '?' : '&').append(query[i]).append('=')
                    .append(URLEncoder.encode(query[i + 1], StandardCharsets.UTF_8));
        }
        return send("GET " + path, HttpRequest.newBuilder(base.resolve(target.toString())).GET());
    }

    /** {@code POST path} with {@code body} written as JSON. */
    JsonNode post(String path, Object body) {
        return send("POST " + path, HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    }

    private JsonNode send(String call, HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.header("Accept", "application/json").timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DemoFailure(call + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure(call + " was interrupted", e);
        }
        JsonNode body = parse(call, response);
        if (response.statusCode() != 200) {
            throw new DemoFailure(call + " answered HTTP " + response.statusCode() + " "
                    + body.path("title").asString("") + ": " + body.path("detail").asString(response.body()));
        }
        return body;
    }

    private JsonNode parse(String call, HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (JacksonException e) {
            throw new DemoFailure(call + " answered HTTP " + response.statusCode() + " with a body that is not JSON: "
                    + response.body(), e);
        }
    }
}
