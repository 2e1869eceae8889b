package ml.consensus.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API documentation, fetched over HTTP as a newcomer would: every endpoint a controller maps
 * is in {@code /v3/api-docs} with a summary, examples and its problem responses; the documented
 * answers have exactly the fields a real node answers with; Swagger UI is served.
 */
class ApiDocumentationIntegrationTests extends NodeIntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @LocalServerPort
    private int port;

    /** An operation a controller of ours maps: method and path pattern. */
    private record Mapped(String method, String path) {}

    @Test
    void shouldDocumentEveryControllerMappingWithExamplesAndProblems() {
        JsonNode paths = apiDocs().get("paths");
        List<Mapped> mapped = controllerMappings();
        assertThat(mapped).hasSizeGreaterThanOrEqualTo(25);

        for (Mapped endpoint : mapped) {
            JsonNode operation =
                    paths.path(endpoint.path()).path(endpoint.method().toLowerCase(Locale.ROOT));
            String name = endpoint.method() + " " + endpoint.path();
            assertThat(operation.isObject()).as("%s is documented", name).isTrue();
            assertThat(operation.path("summary").asString())
                    .as("%s summary", name)
                    .isNotBlank();
            assertThat(operation.path("description").asString())
                    .as("%s description", name)
                    .isNotBlank();
            assertThat(operation.path("tags").get(0).asString())
                    .as("%s tag", name)
                    .isIn(ApiCatalogue.CONSENSUS, ApiCatalogue.LEDGER, ApiCatalogue.MODEL);
            if (operation.has("requestBody")) {
                assertThat(operation
                                .path("requestBody")
                                .path("content")
                                .path("application/json")
                                .path("example")
                                .isObject())
                        .as("%s request example", name)
                        .isTrue();
            }
            assertThat(operation
                            .path("responses")
                            .path("200")
                            .path("content")
                            .path("application/json")
                            .path("example")
                            .isObject())
                    .as("%s answer example", name)
                    .isTrue();
            List<String> problems = new ArrayList<>();
            operation.path("responses").propertyNames().forEach(status -> {
                if (!status.equals("200")) {
                    problems.add(status);
                    JsonNode problem = operation
                            .path("responses")
                            .path(status)
                            .path("content")
                            .path("application/problem+json");
                    assertThat(problem.path("schema").path("$ref").asString())
                            .as("%s %s schema", name, status)
                            .isEqualTo("#/components/schemas/Problem");
                    assertThat(problem.path("example").path("status").asInt())
                            .as("%s %s example", name, status)
                            .isEqualTo(Integer.parseInt(status));
                    assertThat(problem.path("example").path("detail").asString())
                            .isNotBlank();
                }
            });
            assertThat(problems).as("%s problem responses", name).isNotEmpty().contains("500");
        }
    }

    @Test
    void shouldDocumentTheRefusalsOfEachWrite() {
        JsonNode paths = apiDocs().get("paths");

        assertThat(statuses(paths, "/decentralized/propose-training"))
                .containsExactlyInAnyOrder("200", "400", "409", "413", "415", "500", "503");
        assertThat(statuses(paths, "/decentralized/approve-proposal"))
                .containsExactlyInAnyOrder("200", "400", "401", "403", "404", "409", "413", "415", "500", "503");
        assertThat(statuses(paths, "/decentralized/apply-training"))
                .containsExactlyInAnyOrder("200", "400", "404", "409", "413", "415", "422", "500", "503");
        assertThat(statuses(paths, "/decentralized/withdraw-proposal"))
                .containsExactlyInAnyOrder("200", "400", "401", "404", "409", "413", "415", "500", "503");
        assertThat(statuses(paths, "/decentralized/propose-governance"))
                .containsExactlyInAnyOrder("200", "400", "409", "413", "415", "500", "503");
        assertThat(statuses(paths, "/decentralized/apply-governance"))
                .containsExactlyInAnyOrder("200", "400", "404", "409", "413", "415", "500", "503");
        for (String stake : List.of("/stake/bond", "/stake/unbond")) {
            assertThat(statuses(paths, stake))
                    .as(stake)
                    .containsExactlyInAnyOrder("200", "400", "401", "403", "409", "413", "415", "500", "503");
        }
    }

    @Test
    void shouldNameRequestFieldsAsTheWireDoes() {
        JsonNode schemas = apiDocs().get("components").get("schemas");

        assertThat(schemas.get("ProposeTrainingRequest").get("properties").propertyNames())
                .containsExactlyInAnyOrder("texts", "learning_rate", "allow_rebase", "proposer_key");
        assertThat(schemas.get("VoteRequest").get("properties").propertyNames())
                .containsExactlyInAnyOrder("proposal_hash", "validator_id", "signature");
        assertThat(schemas.get("ApplyTrainingRequest").get("properties").propertyNames())
                .containsExactlyInAnyOrder("proposal_hash", "texts", "learning_rate");
        assertThat(schemas.get("WithdrawRequest").get("properties").propertyNames())
                .containsExactlyInAnyOrder("proposal_hash", "signature");
        assertThat(schemas.get("GovernanceRequest").get("properties").propertyNames())
                .containsExactlyInAnyOrder(
                        "action",
                        "validator_id",
                        "public_key",
                        "weight",
                        "policy",
                        "minimum_to_vote",
                        "weight_from_stake",
                        "slash_fraction",
                        "slash_tolerance",
                        "proposer_key");
        assertThat(schemas.get("ApplyGovernanceRequest").get("properties").propertyNames())
                .containsExactlyInAnyOrder("proposal_hash");
        assertThat(schemas.get("StakeRequest").get("properties").propertyNames())
                .containsExactlyInAnyOrder("validator_id", "amount", "sequence", "signature");
    }

    @Test
    void shouldDocumentAnswersWithExactlyTheFieldsTheNodeAnswersWith() {
        JsonNode paths = apiDocs().get("paths");
        String hash = propose(List.of("documented answers stay true"), 0.01);
        NodeClient.Answer approved = approve(hash, "validator-alice");
        NodeClient.Answer applied = apply(hash);

        assertSameFields(paths, "post", "/decentralized/approve-proposal", approved);
        assertSameFields(paths, "post", "/decentralized/apply-training", applied);
        assertSameFields(
                paths,
                "post",
                "/decentralized/propose-training",
                node.post(
                        "/decentralized/propose-training",
                        NodeClient.json(Map.of("texts", List.of("and stay complete")))));
        assertSameFields(paths, "get", "/decentralized/status", node.get("/decentralized/status"));
        assertSameFields(paths, "get", "/decentralized/proposals/{hash}", node.get("/decentralized/proposals/" + hash));
        assertSameFields(paths, "get", "/verify", node.get("/verify"));
        assertSameFields(paths, "get", "/model-info", node.get("/model-info"));
        assertSameFields(paths, "get", "/stake/{validatorId}", node.get("/stake/validator-alice"));
    }

    @Test
    void shouldDocumentTheKindFilterAndTheFieldsOfTheProposalList() {
        JsonNode list = apiDocs().get("paths").get("/decentralized/proposals").get("get");
        Map<String, String> parameters = new java.util.TreeMap<>();
        list.get("parameters")
                .forEach(p -> parameters.put(
                        p.get("name").asString(), p.path("description").asString()));

        assertThat(parameters).containsOnlyKeys("kind", "page", "size");
        assertThat(parameters.get("kind")).contains("training", "governance");
        assertThat(list.get("responses").propertyNames()).contains("400");
        JsonNode documented = list.get("responses")
                .get("200")
                .get("content")
                .get("application/json")
                .get("example");
        NodeClient.Answer real = node.get("/decentralized/proposals?kind=training");
        assertThat(real.status()).as(real.raw()).isEqualTo(200);
        assertThat(new TreeSet<>(documented.propertyNames()))
                .isEqualTo(new TreeSet<>(real.json().propertyNames()));
    }

    @Test
    void shouldServeSwaggerUi() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();

        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(uri("/swagger-ui.html")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/swagger-ui/index.html");
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("swagger-ui");

        HttpResponse<String> initializer = http.send(
                HttpRequest.newBuilder(uri("/swagger-ui/swagger-initializer.js"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(initializer.statusCode()).isEqualTo(200);
        assertThat(initializer.body()).contains("/v3/api-docs");
    }

    private JsonNode apiDocs() {
        NodeClient.Answer docs = node.get("/v3/api-docs");
        assertThat(docs.status()).as(docs.raw()).isEqualTo(200);
        assertThat(docs.json().get("openapi").asString()).startsWith("3.");
        return docs.json();
    }

    private List<Mapped> controllerMappings() {
        List<Mapped> mapped = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
                mappings.getHandlerMethods().entrySet()) {
            Class<?> controller = entry.getValue().getBeanType();
            // Every controller of this application, whatever its package; not springdoc's, not /error.
            if (!controller.getPackageName().startsWith("ml.consensus") || controller == ProblemErrorController.class) {
                continue;
            }
            RequestMappingInfo info = entry.getKey();
            info.getMethodsCondition()
                    .getMethods()
                    .forEach(method -> info.getPathPatternsCondition()
                            .getPatternValues()
                            .forEach(path -> mapped.add(new Mapped(method.name(), path))));
        }
        return mapped;
    }

    private static Set<String> statuses(JsonNode paths, String path) {
        return new TreeSet<>(paths.get(path).get("post").get("responses").propertyNames());
    }

    private static void assertSameFields(JsonNode paths, String method, String path, NodeClient.Answer real) {
        assertThat(real.status()).as(real.raw()).isEqualTo(200);
        JsonNode documented = paths.get(path)
                .get(method)
                .get("responses")
                .get("200")
                .get("content")
                .get("application/json")
                .get("example");
        assertThat(fields(documented, ""))
                .as("fields of the documented answer of %s %s", method, path)
                .isEqualTo(fields(real.json(), ""));
    }

    /** Every field path of a JSON value: "a.b" for objects, "a[]" for array elements. */
    private static Set<String> fields(JsonNode node, String prefix) {
        Set<String> paths = new TreeSet<>();
        if (node.isObject()) {
            node.properties().forEach(field -> {
                String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                paths.add(path);
                paths.addAll(fields(field.getValue(), path));
            });
        } else if (node.isArray() && !node.isEmpty()) {
            paths.addAll(fields(node.get(0), prefix + "[]"));
        }
        return paths;
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
