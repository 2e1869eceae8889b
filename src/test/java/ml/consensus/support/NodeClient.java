package ml.consensus.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for a running node, as curl would use it: JSON in, status and JSON out. */
public final class NodeClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public NodeClient(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    /** An answer: status, content type and the body parsed as JSON (null when empty or not JSON). */
    public record Answer(int status, String contentType, String raw, JsonNode json) {
        public String text(String... path) {
            JsonNode node = json;
            for (String field : path) {
                node = node.get(field);
            }
            return node.asString();
        }

        public long number(String... path) {
            JsonNode node = json;
            for (String field : path) {
                node = node.get(field);
            }
            return node.asLong();
        }
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public Answer post(String path, String jsonBody) {
        return post(path, "application/json", jsonBody);
    }

    public Answer post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Serialises a value (maps, lists, strings, numbers) as a JSON request body. */
    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode body = null;
            if (!response.body().isEmpty() && type.contains("json")) {
                body = JSON.readTree(response.body());
            }
            return new Answer(response.statusCode(), type, response.body(), body);
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
