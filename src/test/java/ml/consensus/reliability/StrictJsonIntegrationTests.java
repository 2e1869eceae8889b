package ml.consensus.reliability;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The request bodies that a node of an earlier main bound leniently, each pinned down: a blank or
 * empty string where a number or a boolean belongs (Jackson read it as "absent", so the default
 * learning rate was proposed), a one-element array where a single value belongs, a string where a
 * list belongs, a key given twice, content after the object, and JSON that is not UTF-8 (UTF-16 and
 * UTF-32 were detected and decoded; a declared {@code charset=ISO-8859-1} was honoured). Each must
 * be a 4xx problem that names what was wrong and writes nothing.
 */
@TestPropertySource(properties = "spring.application.name=consensus-ml-strict-json")
@DirtiesContext
class StrictJsonIntegrationTests extends NodeIntegrationTest {

    private static final String PROPOSE = "/decentralized/propose-training";
    private static final String APPROVE = "/decentralized/approve-proposal";
    private static final String APPLY = "/decentralized/apply-training";
    private static final String GOVERN = "/decentralized/propose-governance";
    private static final String BOND = "/stake/bond";
    private static final String SIGNATURE = "\"" + "ab".repeat(64) + "\"";

    @LocalServerPort
    private int port;

    static Stream<Arguments> wronglyTypedFields() {
        return Stream.of(
                arguments(PROPOSE, "{\"texts\":[\"fever\"],\"learning_rate\":\"\"}", "learning_rate"),
                arguments(PROPOSE, "{\"texts\":[\"fever\"],\"learning_rate\":\" \"}", "learning_rate"),
                arguments(PROPOSE, "{\"texts\":[\"fever\"],\"learning_rate\":\"\\t\\n\"}", "learning_rate"),
                arguments(PROPOSE, "{\"texts\":[\"fever\"],\"learning_rate\":\"0.01\"}", "learning_rate"),
                arguments(PROPOSE, "{\"texts\":[\"fever\"],\"learning_rate\":[0.01]}", "learning_rate"),
                arguments(PROPOSE, "{\"texts\":[\"fever\"],\"learning_rate\":\"NaN\"}", "learning_rate"),
                arguments(APPLY, "{\"proposal_hash\":\"abcdef12\",\"learning_rate\":\"Infinity\"}", "learning_rate"),
                arguments(PROPOSE, "{\"texts\":[\"fever\"],\"learning_rate\":{}}", "learning_rate"),
                arguments(PROPOSE, "{\"texts\":[\"fever\"],\"learning_rate\":true}", "learning_rate"),
                arguments(PROPOSE, "{\"texts\":[\"fever\"],\"allow_rebase\":\"\"}", "allow_rebase"),
                arguments(PROPOSE, "{\"texts\":[\"fever\"],\"allow_rebase\":\"  \"}", "allow_rebase"),
                arguments(PROPOSE, "{\"texts\":[\"fever\"],\"allow_rebase\":\"true\"}", "allow_rebase"),
                arguments(PROPOSE, "{\"texts\":[\"fever\"],\"allow_rebase\":1}", "allow_rebase"),
                arguments(PROPOSE, "{\"texts\":[\"fever\"],\"allow_rebase\":[true]}", "allow_rebase"),
                arguments(PROPOSE, "{\"texts\":\"\"}", "texts"),
                arguments(PROPOSE, "{\"texts\":\" \"}", "texts"),
                arguments(PROPOSE, "{\"texts\":\"fever\"}", "texts"),
                arguments(PROPOSE, "{\"texts\":{}}", "texts"),
                arguments(PROPOSE, "{\"texts\":[\"fever\"],\"proposer_key\":[]}", "proposer_key"),
                arguments(PROPOSE, "{\"texts\":[\"fever\"],\"proposer_key\":{}}", "proposer_key"),
                arguments(
                        APPROVE, "{\"proposal_hash\":12345678,\"validator_id\":\"validator-alice\"}", "proposal_hash"),
                arguments(
                        APPROVE,
                        "{\"proposal_hash\":[\"abcdef12\"],\"validator_id\":\"validator-alice\"}",
                        "proposal_hash"),
                arguments(APPROVE, "{\"proposal_hash\":\"abcdef12\",\"validator_id\":true}", "validator_id"),
                arguments(APPLY, "{\"proposal_hash\":\"abcdef12\",\"learning_rate\":\" \"}", "learning_rate"),
                arguments(APPLY, "{\"proposal_hash\":\"abcdef12\",\"texts\":\"\"}", "texts"),
                arguments(GOVERN, "{\"action\":\"set_weight\",\"validator_id\":\"v-a\",\"weight\":\"\"}", "weight"),
                arguments(GOVERN, "{\"action\":\"set_weight\",\"validator_id\":\"v-a\",\"weight\":\" \"}", "weight"),
                arguments(GOVERN, "{\"action\":\"set_weight\",\"validator_id\":\"v-a\",\"weight\":\"2\"}", "weight"),
                arguments(GOVERN, "{\"action\":\"set_weight\",\"validator_id\":\"v-a\",\"weight\":2.0}", "weight"),
                arguments(GOVERN, "{\"action\":\"set_weight\",\"validator_id\":\"v-a\",\"weight\":[2]}", "weight"),
                arguments(GOVERN, "{\"action\":\"set_stake_rules\",\"weight_from_stake\":\"\"}", "weight_from_stake"),
                arguments(GOVERN, "{\"action\":\"set_stake_rules\",\"weight_from_stake\":\" \"}", "weight_from_stake"),
                arguments(GOVERN, "{\"action\":\"set_stake_rules\",\"minimum_to_vote\":\" \"}", "minimum_to_vote"),
                arguments(GOVERN, "{\"action\":\"set_stake_rules\",\"slash_fraction\":\"\"}", "slash_fraction"),
                arguments(GOVERN, "{\"action\":\"set_stake_rules\",\"slash_fraction\":\"0.5\"}", "slash_fraction"),
                arguments(GOVERN, "{\"action\":\"set_stake_rules\",\"slash_tolerance\":\" \"}", "slash_tolerance"),
                arguments(
                        GOVERN,
                        "{\"action\":\"set_stake_rules\",\"slash_tolerance\":\"-Infinity\"}",
                        "slash_tolerance"),
                arguments(GOVERN, "{\"action\":\"set_stake_rules\",\"slash_fraction\":\"NaN\"}", "slash_fraction"),
                arguments(
                        BOND,
                        "{\"validator_id\":\"v-a\",\"amount\":\"\",\"sequence\":0,\"signature\":" + SIGNATURE + "}",
                        "amount"),
                arguments(
                        BOND,
                        "{\"validator_id\":\"v-a\",\"amount\":\" \",\"sequence\":0,\"signature\":" + SIGNATURE + "}",
                        "amount"),
                arguments(
                        BOND,
                        "{\"validator_id\":\"v-a\",\"amount\":5,\"sequence\":\" \",\"signature\":" + SIGNATURE + "}",
                        "sequence"),
                arguments(
                        BOND,
                        "{\"validator_id\":\"v-a\",\"amount\":5.0,\"sequence\":0,\"signature\":" + SIGNATURE + "}",
                        "amount"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wronglyTypedFields")
    void shouldRefuseAValueOfTheWrongTypeNamingTheField(String path, String body, String field) {
        LedgerSnapshot before = snapshot();
        Answer answer = new RawClient(port).post(path, "application/json", body);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        RawClient.assertProblem(answer, body);
        assertThat(answer.json().get("detail").asString()).as(answer.raw()).contains("'" + field);
        assertThat(snapshot()).isEqualTo(before);
    }

    static Stream<Arguments> malformedDocuments() {
        return Stream.of(
                arguments("{\"texts\":[\"fever\"],\"texts\":[\"cough\"]}", "duplicate"),
                arguments("{\"texts\":[\"fever\"],\"learning_rate\":0.01,\"learning_rate\":0.02}", "duplicate"),
                arguments("{\"texts\":[\"fever\"]} {\"texts\":[\"cough\"]}", "trailing"),
                arguments("{\"texts\":[\"fever\"]}]", "malformed JSON"),
                arguments("{\"texts\":[\"fever\"]}x", "malformed JSON"),
                arguments("[{\"texts\":[\"fever\"]}]", "JSON object"),
                arguments("\"{\\\"texts\\\":[\\\"fever\\\"]}\"", "JSON object"),
                arguments("null", "JSON request body"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedDocuments")
    void shouldRefuseADocumentThatIsNotExactlyOneObjectWithDistinctKeys(String body, String named) {
        LedgerSnapshot before = snapshot();
        Answer answer = new RawClient(port).post(PROPOSE, "application/json", body);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        RawClient.assertProblem(answer, body);
        assertThat(answer.json().get("detail").asString()).as(answer.raw()).containsIgnoringCase(named);
        assertThat(snapshot()).isEqualTo(before);
    }

    static Stream<Arguments> notUtf8() {
        String body = "{\"texts\":[\"fi\u00e8vre strict encoding\"]}";
        return Stream.of(
                arguments("UTF-16BE", bytes(body, StandardCharsets.UTF_16BE), "application/json"),
                arguments("UTF-16LE", bytes(body, StandardCharsets.UTF_16LE), "application/json"),
                arguments("UTF-16 with BOM", bytes(body, StandardCharsets.UTF_16), "application/json"),
                arguments("UTF-32BE", bytes(body, Charset.forName("UTF-32BE")), "application/json"),
                arguments("UTF-32LE", bytes(body, Charset.forName("UTF-32LE")), "application/json"),
                arguments("Latin-1 undeclared", bytes(body, StandardCharsets.ISO_8859_1), "application/json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notUtf8")
    void shouldRefuseJsonThatIsNotUtf8(String encoding, byte[] body, String contentType) {
        LedgerSnapshot before = snapshot();
        Answer answer = new RawClient(port).send("POST", PROPOSE, contentType, body, false);
        assertThat(answer.status()).as(encoding + ": " + answer.raw()).isEqualTo(400);
        RawClient.assertProblem(answer, encoding);
        assertThat(answer.json().get("detail").asString()).as(answer.raw()).contains("UTF-8");
        assertThat(snapshot()).isEqualTo(before);
    }

    static Stream<Arguments> declaredCharsets() {
        String body = "{\"texts\":[\"fi\u00e8vre declared charset\"]}";
        return Stream.of(
                arguments("application/json;charset=ISO-8859-1", bytes(body, StandardCharsets.ISO_8859_1)),
                arguments("application/json; charset=windows-1252", bytes(body, Charset.forName("windows-1252"))),
                // Without a BOM: a leading FE is not UTF-8, and StrictUtf8Filter answers 400 for it first.
                arguments("application/json;charset=UTF-16", bytes(body, StandardCharsets.UTF_16BE)),
                arguments(
                        "application/json;charset=US-ASCII",
                        bytes("{\"texts\":[\"fever ascii\"]}", StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("declaredCharsets")
    void shouldRefuseABodyDeclaredInACharsetOtherThanUtf8(String contentType, byte[] body) {
        LedgerSnapshot before = snapshot();
        Answer answer = new RawClient(port).send("POST", PROPOSE, contentType, body, false);
        assertThat(answer.status()).as(contentType + ": " + answer.raw()).isEqualTo(415);
        RawClient.assertProblem(answer, contentType);
        assertThat(answer.json().get("detail").asString()).as(answer.raw()).contains("UTF-8");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void shouldAcceptUtf8JsonWithOrWithoutADeclaredCharset() {
        RawClient raw = new RawClient(port);
        for (String contentType :
                new String[] {"application/json", "application/json;charset=UTF-8", "application/json; charset=utf-8"
                }) {
            LedgerSnapshot before = snapshot();
            Answer answer = raw.send(
                    "POST",
                    PROPOSE,
                    contentType,
                    bytes(
                            "{\"texts\":[\"fi\u00e8vre " + contentType + "\"],\"learning_rate\":null}",
                            StandardCharsets.UTF_8),
                    false);
            assertThat(answer.status()).as(contentType + ": " + answer.raw()).isEqualTo(200);
            assertThat(snapshot().totalRecords()).isEqualTo(before.totalRecords() + 1);
        }
    }

    /**
     * The oracle fuzz: every write endpoint, with a body that is well-formed except for exactly one
     * seeded mutation that makes it ill-formed by construction (a field's value of another JSON type,
     * blank strings included; an unknown or repeated key; content after the object; a non-UTF-8
     * encoding or charset; another content type; random bytes). Each must be refused by the binding
     * itself (400 "Malformed request body" or 415), never by a later rule, and the ledger must not
     * move. Every 25th request is the unmutated proposal, which must be written: the templates are
     * really well-formed, so each refusal is the mutation's doing.
     */
    @Test
    void shouldWriteNothingForARequestThatIsIllFormedInAnyOneWay() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.printf("[strict-json fuzz] seed %d (rerun with -Dfuzz.seed=%d)%n", seed, seed);
        HostileBodies bodies =
                new HostileBodies(new java.util.Random(seed), propose(List.of("strict fuzz open"), 0.01));
        RawClient raw = new RawClient(port);
        LedgerSnapshot before = snapshot();
        int controls = 0;
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            if (i % 25 == 0) {
                Answer control = raw.post(PROPOSE, "application/json", bodies.wellFormedProposal());
                assertThat(control.status())
                        .as("seed %d, control: %s", seed, control.raw())
                        .isEqualTo(200);
                controls++;
                continue;
            }
            HostileBodies.Mutated request = bodies.next();
            Answer answer = raw.send("POST", request.path(), request.contentType(), request.body(), false);
            boolean refusedByBinding = answer.status() == 415
                    || (answer.status() == 400
                            && answer.json() != null
                            && "Malformed request body"
                                    .equals(answer.json().path("title").asString()));
            if (!refusedByBinding) {
                violations.add(
                        request.describe() + " -> " + answer.status() + " " + RawClient.abbreviate(answer.raw()));
            } else {
                RawClient.assertProblem(answer, request.describe());
            }
        }
        LedgerSnapshot after = snapshot();
        assertThat(violations)
                .as("seed %d: ill-formed requests not refused by the binding", seed)
                .isEmpty();
        assertThat(after.totalRecords()).as("seed %d", seed).isEqualTo(before.totalRecords() + controls);
        assertThat(after.modelHash()).isEqualTo(before.modelHash());
    }

    private static byte[] bytes(String text, Charset charset) {
        return text.getBytes(charset);
    }
}
