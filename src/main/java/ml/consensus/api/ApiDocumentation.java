package ml.consensus.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}). springdoc
 * derives paths, parameters and request schemas from the controllers; this adds what the code
 * cannot say: summaries, descriptions, the request and response examples kept in
 * {@code openapi/examples/} (answers of a real node, field for field), and the RFC 9457 problems
 * each endpoint can answer, from {@link ApiCatalogue}.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String PROBLEM_SCHEMA = "Problem";

    @Bean
    OpenAPI consensusOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Consensus ML")
                        .version("v1")
                        .description("Governed, auditable model training: clients propose training batches,"
                                + " validators approve or reject them on a SHA-256 proof-of-work ledger, and only"
                                + " approved updates reach the model. JSON in and out with snake_case fields; every"
                                + " refusal is an RFC 9457 problem (`application/problem+json`) with a `detail` and a"
                                + " `reason`, and writes nothing. Health, metrics and the Prometheus scrape are under"
                                + " `/actuator`."))
                .addTagsItem(new Tag()
                        .name(ApiCatalogue.CONSENSUS)
                        .description("The seed's flow: propose, vote, apply, status"))
                .addTagsItem(new Tag()
                        .name(ApiCatalogue.LEDGER)
                        .description("The ledger: history, blocks, records and proofs, verification, export"))
                .addTagsItem(new Tag()
                        .name(ApiCatalogue.MODEL)
                        .description("The served model and nearest-neighbour queries"));
    }

    /** Request schemas in the wire's snake_case: springdoc's own mapper does not read Spring's naming setting. */
    @Bean
    ModelConverter snakeCaseModels() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    /**
     * Controllers answer Jackson 3 nodes, which swagger's Jackson 2 cannot introspect (it logs a
     * stack trace); here they are plain objects, and each operation gets its documented example.
     */
    @Bean
    ModelConverter jsonNodesAsObjects() {
        return (type, context, chain) -> {
            Class<?> raw = Json.mapper().constructType(type.getType()).getRawClass();
            if (JsonNode.class.isAssignableFrom(raw)) {
                return new ObjectSchema();
            }
            return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        };
    }

    @Bean
    OpenApiCustomizer documentedEndpoints() {
        Map<String, Map<String, Object>> problems = readProblems();
        return openApi -> {
            Components components = Optional.ofNullable(openApi.getComponents()).orElseGet(Components::new);
            components.addSchemas(PROBLEM_SCHEMA, problemSchema());
            openApi.setComponents(components);
            for (DocumentedEndpoint endpoint : ApiCatalogue.ENDPOINTS) {
                document(operation(openApi, endpoint), endpoint, problems);
            }
        };
    }

    private static Operation operation(OpenAPI openApi, DocumentedEndpoint endpoint) {
        PathItem path = openApi.getPaths() == null ? null : openApi.getPaths().get(endpoint.path());
        Operation operation =
                path == null ? null : path.readOperationsMap().get(PathItem.HttpMethod.valueOf(endpoint.method()));
        if (operation == null) {
            throw new IllegalStateException("ApiCatalogue documents " + endpoint.key() + ", which no controller maps");
        }
        return operation;
    }

    private static void document(
            Operation operation, DocumentedEndpoint endpoint, Map<String, Map<String, Object>> problems) {
        operation.setTags(List.of(endpoint.tag()));
        operation.setSummary(endpoint.summary());
        operation.setDescription(endpoint.description());
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(p -> {
                String meaning = endpoint.parameters().get(p.getName());
                if (meaning != null) {
                    p.setDescription(meaning);
                }
            });
        }
        readExample(endpoint.example() + ".request").ifPresent(example -> {
            RequestBody body = Optional.ofNullable(operation.getRequestBody()).orElseGet(RequestBody::new);
            Content content = Optional.ofNullable(body.getContent()).orElseGet(Content::new);
            io.swagger.v3.oas.models.media.MediaType json = content.computeIfAbsent(
                    MediaType.APPLICATION_JSON_VALUE, k -> new io.swagger.v3.oas.models.media.MediaType());
            json.setExample(example);
            body.setContent(content);
            operation.setRequestBody(body);
        });
        Object answer = readExample(endpoint.example() + ".response")
                .orElseThrow(() -> new IllegalStateException("no response example for " + endpoint.key()));
        ApiResponses responses = new ApiResponses();
        responses.addApiResponse(
                "200",
                new ApiResponse()
                        .description("Success")
                        .content(new Content()
                                .addMediaType(
                                        MediaType.APPLICATION_JSON_VALUE,
                                        new io.swagger.v3.oas.models.media.MediaType()
                                                .schema(new ObjectSchema())
                                                .example(answer))));
        for (int status : endpoint.problems()) {
            Map<String, Object> problem = problems.get(Integer.toString(status));
            if (problem == null) {
                throw new IllegalStateException("openapi/problems.json has no example for status " + status);
            }
            responses.addApiResponse(
                    Integer.toString(status),
                    new ApiResponse()
                            .description((String) problem.get("summary"))
                            .content(new Content()
                                    .addMediaType(
                                            MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                            new io.swagger.v3.oas.models.media.MediaType()
                                                    .schema(new Schema<>()
                                                            .$ref("#/components/schemas/" + PROBLEM_SCHEMA))
                                                    .example(problem.get("example")))));
        }
        operation.setResponses(responses);
    }

    /** RFC 9457 problem details as this node writes them, with its {@code reason} extension. */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().description("Problem type URI; about:blank"))
                .addProperty("title", new StringSchema().description("Short summary of the kind of refusal"))
                .addProperty("status", new IntegerSchema().description("HTTP status"))
                .addProperty("detail", new StringSchema().description("What was wrong with this request"))
                .addProperty("instance", new StringSchema().description("The request path"))
                .addProperty(
                        "reason",
                        new StringSchema()
                                .description(
                                        "Machine-readable kind: invalid, unauthorized,"
                                                + " forbidden, not_found, conflict, ambiguous, mismatch, too_large, read_only, internal"));
    }

    private static Optional<Object> readExample(String name) {
        ClassPathResource resource = new ClassPathResource("openapi/examples/" + name + ".json");
        if (!resource.exists()) {
            return Optional.empty();
        }
        return Optional.of(read(resource, Object.class));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> readProblems() {
        return new LinkedHashMap<>(read(new ClassPathResource("openapi/problems.json"), Map.class));
    }

    /** Read with swagger's own mapper, the one that writes the document, so examples come out as written. */
    private static <T> T read(ClassPathResource resource, Class<T> type) {
        try (InputStream in = resource.getInputStream()) {
            return Json.mapper().readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource.getPath(), e);
        }
    }
}
