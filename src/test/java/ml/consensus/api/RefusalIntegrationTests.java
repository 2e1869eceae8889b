package ml.consensus.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every refusal of the HTTP API, one per test: the exact status, an RFC 9457 problem with a
 * {@code detail} that names what was wrong, and a ledger and model left exactly as they were.
 *
 * <p>The Spring context (and so the ledger) is shared by all tests of this class and possibly by
 * other classes with the same configuration, so every assertion is relative to a snapshot taken
 * just before the refused request.
 *
 * <p>Ambiguous hash prefixes (409) are not tested here: proposal hashes cannot be chosen and the
 * shortest accepted prefix is 8 hex characters, so two proposals sharing one cannot be made over
 * HTTP in a test's time. The ambiguity rule belongs in a unit test of {@code ProposalBook}.
 */
class RefusalIntegrationTests extends NodeIntegrationTest {

    private static final String PROPOSE = "/decentralized/propose-training";
    private static final String APPROVE = "/decentralized/approve-proposal";
    private static final String REJECT = "/decentralized/reject-proposal";
    private static final String APPLY = "/decentralized/apply-training";

    private static final int MAX_BATCH_TEXTS = 256;
    private static final int MAX_TEXT_LENGTH = 2000;
    private static final int MAX_REQUEST_BYTES = 1_048_576;

    /** A hash no proposal has: proposals are SHA-256 outputs, so this is 2^-256 likely to collide. */
    private static final String UNKNOWN_HASH = "f".repeat(64);

    private static final String UNKNOWN_PREFIX = "ffffffff";

    private static final AtomicInteger BATCH = new AtomicInteger();

    @LocalServerPort
    private int port;

    // ---------------------------------------------------------------- propose: malformed bodies

    static Stream<Arguments> malformedProposals() {
        return Stream.of(
                arguments("truncated JSON", "{\"texts\": [\"I have a fever\"", "malformed JSON"),
                arguments("trailing garbage", "{\"texts\": [\"I have a fever\"]} garbage", "malformed JSON"),
                arguments("trailing comma", "{\"texts\": [\"I have a fever\"],}", "malformed JSON"),
                arguments(
                        "a second value after the object",
                        "{\"texts\": [\"I have a fever\"]} {\"texts\": [\"cough\"]}",
                        "trailing"),
                arguments("single quotes", "{'texts': ['I have a fever']}", "malformed JSON"),
                arguments("an array", "[]", "must be a JSON object"),
                arguments("an array of objects", "[{\"texts\": [\"I have a fever\"]}]", "must be a JSON object"),
                // A literal null binds to no request at all, so it is refused as a missing body.
                arguments("null", "null", "request body is required"),
                arguments("a string", "\"x\"", "must be a JSON object"),
                arguments("a number", "42", "must be a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedProposals")
    void shouldRefuseAProposalWhoseBodyIsNotAJsonObject(String description, String body, String detail) {
        LedgerSnapshot before = snapshot();
        assertRefused(before, node.post(PROPOSE, body), 400, detail);
    }

    // ---------------------------------------------------------------- propose: wrong types

    static Stream<Arguments> wronglyTypedProposals() {
        return Stream.of(
                arguments("texts a string", "{\"texts\": \"I have a fever\"}", "texts"),
                arguments("texts an object", "{\"texts\": {\"a\": \"fever\"}}", "texts"),
                arguments("texts a number", "{\"texts\": 7}", "texts"),
                arguments("texts with a number", "{\"texts\": [\"fever\", 1]}", "texts[1]"),
                arguments("texts with a decimal", "{\"texts\": [1.5]}", "texts[0]"),
                arguments("texts with a boolean", "{\"texts\": [true]}", "texts[0]"),
                arguments("texts with an object", "{\"texts\": [{\"text\": \"fever\"}]}", "texts[0]"),
                // Jackson 3.1.4 mis-reads a nested array in a List<String> and reports only a trailing
                // token, without a path; the detail must still name the field.
                arguments("texts with an array", "{\"texts\": [[\"fever\"]]}", "texts[0]"),
                arguments("texts with an array after a string", "{\"texts\": [\"fever\", [\"cough\"]]}", "texts[1]"),
                arguments(
                        "learning_rate a string",
                        "{\"texts\": [\"fever\"], \"learning_rate\": \"0.1\"}",
                        "learning_rate"),
                arguments(
                        "learning_rate a boolean",
                        "{\"texts\": [\"fever\"], \"learning_rate\": true}",
                        "learning_rate"),
                arguments(
                        "learning_rate an array",
                        "{\"texts\": [\"fever\"], \"learning_rate\": [0.1]}",
                        "learning_rate"),
                arguments(
                        "allow_rebase a string",
                        "{\"texts\": [\"fever\"], \"allow_rebase\": \"true\"}",
                        "allow_rebase"),
                arguments("allow_rebase a number", "{\"texts\": [\"fever\"], \"allow_rebase\": 1}", "allow_rebase"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wronglyTypedProposals")
    void shouldRefuseAProposalWithAFieldOfTheWrongType(String description, String body, String field) {
        LedgerSnapshot before = snapshot();
        assertRefused(before, node.post(PROPOSE, body), 400, "'" + field + "'");
    }

    @Test
    void shouldRefuseAProposalWithAnUnknownField() {
        LedgerSnapshot before = snapshot();
        Answer answer = node.post(PROPOSE, "{\"texts\": [\"I have a fever\"], \"learnin_rate\": 0.01}");
        assertRefused(before, answer, 400, "unknown field 'learnin_rate'");
    }

    // ---------------------------------------------------------------- propose: batch content

    static Stream<Arguments> invalidBatches() {
        return Stream.of(
                arguments("no texts field", "{\"learning_rate\": 0.01}", "texts is required"),
                arguments("empty object", "{}", "texts is required"),
                arguments("texts null", "{\"texts\": null}", "texts is required"),
                arguments("empty texts", "{\"texts\": []}", "at least one text"),
                arguments("empty text", "{\"texts\": [\"\"]}", "texts[0] is blank"),
                arguments("blank text second", "{\"texts\": [\"I have a fever\", \" \\t \"]}", "texts[1] is blank"),
                arguments("text without words", "{\"texts\": [\"!!!\"]}", "texts[0] has no words"),
                arguments(
                        "text of punctuation and symbols",
                        "{\"texts\": [\"fever\", \"-- ... ?! $\"]}",
                        "texts[1] has no words"),
                arguments("null text", "{\"texts\": [null]}", "texts[0] is null"),
                arguments("null text after a good one", "{\"texts\": [\"fever\", null]}", "texts[1] is null"),
                arguments(
                        "too many texts",
                        proposalBody(Collections.nCopies(MAX_BATCH_TEXTS + 1, "fever")),
                        "at most " + MAX_BATCH_TEXTS),
                arguments(
                        "text too long",
                        proposalBody(List.of("fever", "a".repeat(MAX_TEXT_LENGTH + 1))),
                        "texts[1] has " + (MAX_TEXT_LENGTH + 1) + " characters; at most " + MAX_TEXT_LENGTH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBatches")
    void shouldRefuseAnInvalidBatch(String description, String body, String detail) {
        LedgerSnapshot before = snapshot();
        assertRefused(before, node.post(PROPOSE, body), 400, detail);
    }

    @ParameterizedTest(name = "learning_rate {0}")
    @ValueSource(strings = {"0", "0.0", "-0.0", "-0.01", "-1", "1.0000001", "1.5", "100", "1e999", "-1e999"})
    void shouldRefuseALearningRateOutOfRange(String learningRate) {
        LedgerSnapshot before = snapshot();
        Answer answer =
                node.post(PROPOSE, "{\"texts\": [\"I have a fever\"], \"learning_rate\": " + learningRate + "}");
        assertRefused(before, answer, 400, "learning_rate must be a number greater than 0 and at most 1");
    }

    @ParameterizedTest(name = "learning_rate {0}")
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
    void shouldRefuseANonNumericLearningRateLiteral(String literal) {
        LedgerSnapshot before = snapshot();
        Answer answer = node.post(PROPOSE, "{\"texts\": [\"I have a fever\"], \"learning_rate\": " + literal + "}");
        assertRefused(before, answer, 400, literal);
    }

    @Test
    void shouldAcceptABatchExactlyAtTheLimits() {
        // The counterpart of the limits above: 256 texts and a 2000-character text are allowed.
        LedgerSnapshot before = snapshot();
        List<String> texts = new ArrayList<>(Collections.nCopies(MAX_BATCH_TEXTS - 1, "fever"));
        texts.add(("limit" + BATCH.incrementAndGet() + " ")
                .repeat(MAX_TEXT_LENGTH)
                .substring(0, MAX_TEXT_LENGTH));
        Answer answer = node.post(PROPOSE, proposalBody(texts, 1.0));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(snapshot().chainLength()).isEqualTo(before.chainLength() + 1);
    }

    // ---------------------------------------------------------------- propose: transport

    @Test
    void shouldRefuseAProposalThatIsNotJson() {
        LedgerSnapshot before = snapshot();
        Answer answer = node.post(PROPOSE, "text/plain", "{\"texts\": [\"I have a fever\"]}");
        assertRefused(before, answer, 415, "text/plain");
    }

    @Test
    void shouldRefuseAProposalWithoutABody() {
        LedgerSnapshot before = snapshot();
        assertRefused(before, node.post(PROPOSE, ""), 400, "request body is required");
    }

    @Test
    void shouldRefuseABodyOverTheSizeLimitAnnouncedByContentLength() {
        LedgerSnapshot before = snapshot();
        String body = oversizedProposal();
        Answer answer = node.post(PROPOSE, body);
        assertRefused(before, answer, 413, "at most " + MAX_REQUEST_BYTES);
        assertThat(answer.text("detail")).contains(String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void shouldRefuseABodyOverTheSizeLimitSentWithoutContentLength() throws Exception {
        LedgerSnapshot before = snapshot();
        byte[] body = oversizedProposal().getBytes(StandardCharsets.UTF_8);
        // An input-stream publisher has no known length, so the body goes out chunked.
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + PROPOSE))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> response = send(request);
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode json = type.contains("json") ? JsonMapper.builder().build().readTree(response.body()) : null;
        Answer answer = new Answer(response.statusCode(), type, response.body(), json);
        assertRefused(before, answer, 413, "larger than this node accepts");
    }

    // ---------------------------------------------------------------- votes and apply: the hash

    static Stream<Arguments> badProposalHashes() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String endpoint : List.of(APPROVE, REJECT, APPLY)) {
            cases.add(arguments(endpoint, null, 400, "proposal_hash is required"));
            cases.add(arguments(endpoint, "", 400, "proposal_hash is required"));
            cases.add(arguments(endpoint, "   ", 400, "proposal_hash is required"));
            cases.add(arguments(endpoint, "zzzzzzzz", 400, "proposal_hash must be 8 to 64 hex characters"));
            cases.add(arguments(endpoint, "0x12345678", 400, "proposal_hash must be 8 to 64 hex characters"));
            cases.add(arguments(endpoint, "1234567", 400, "proposal_hash must be 8 to 64 hex characters"));
            cases.add(arguments(endpoint, "a".repeat(65), 400, "proposal_hash must be 8 to 64 hex characters"));
            cases.add(arguments(endpoint, UNKNOWN_HASH, 404, "no proposal with hash " + UNKNOWN_HASH));
            cases.add(arguments(endpoint, UNKNOWN_PREFIX, 404, "no proposal with hash prefix " + UNKNOWN_PREFIX));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} with proposal_hash \"{1}\" -> {2}")
    @MethodSource("badProposalHashes")
    void shouldRefuseAMissingMalformedOrUnknownProposalHash(String endpoint, String hash, int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (hash != null) {
            body.put("proposal_hash", hash);
        }
        if (!endpoint.equals(APPLY)) {
            body.put("validator_id", "validator-alice");
        }
        LedgerSnapshot before = snapshot();
        assertRefused(before, node.post(endpoint, NodeClient.json(body)), status, detail);
    }

    @Test
    void shouldRefuseAWronglyTypedProposalHash() {
        LedgerSnapshot before = snapshot();
        assertRefused(before, node.post(APPLY, "{\"proposal_hash\": 12345678}"), 400, "'proposal_hash'");
    }

    @Test
    void shouldRefuseVotesAndApplyThatAreNotJsonObjects() {
        LedgerSnapshot before = snapshot();
        assertRefused(before, node.post(APPROVE, "{\"proposal_hash\": \"abcdef12\""), 400, "malformed JSON");
        assertRefused(before, node.post(REJECT, "[]"), 400, "must be a JSON object");
        assertRefused(before, node.post(APPLY, "\"abcdef12\""), 400, "must be a JSON object");
        assertRefused(before, node.post(APPLY, ""), 400, "request body is required");
        assertRefused(before, node.post(APPROVE, "text/plain", "{}"), 415, "text/plain");
    }

    @Test
    void shouldRefuseAnUnknownFieldInAVote() {
        String hash = propose(batch("unknown field vote"), 0.01);
        LedgerSnapshot before = snapshot();
        Answer answer =
                node.post(APPROVE, NodeClient.json(Map.of("proposal_hash", hash, "validator", "validator-alice")));
        assertRefused(before, answer, 400, "unknown field 'validator'");
    }

    // ---------------------------------------------------------------- votes: the validator

    static Stream<Arguments> badValidatorIds() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String endpoint : List.of(APPROVE, REJECT)) {
            cases.add(arguments(endpoint, "missing", null, "validator_id is required"));
            cases.add(arguments(endpoint, "empty", "", "validator_id is required"));
            cases.add(arguments(endpoint, "blank", "   ", "validator_id is required"));
            cases.add(arguments(endpoint, "with spaces", "validator alice", "validator_id must be 1 to 128"));
            cases.add(arguments(endpoint, "200 characters", "v".repeat(200), "validator_id must be 1 to 128"));
            cases.add(arguments(endpoint, "leading dash", "-validator", "validator_id must be 1 to 128"));
            cases.add(arguments(endpoint, "slash", "validator/alice", "validator_id must be 1 to 128"));
            cases.add(arguments(endpoint, "newline", "validator-alice\n", "validator_id must be 1 to 128"));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} with a validator_id {1}")
    @MethodSource("badValidatorIds")
    void shouldRefuseAMissingOrMalformedValidatorId(
            String endpoint, String description, String validatorId, String detail) {
        String hash = propose(batch("validator id " + description), 0.01);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("proposal_hash", hash);
        if (validatorId != null) {
            body.put("validator_id", validatorId);
        }
        LedgerSnapshot before = snapshot();
        assertRefused(before, node.post(endpoint, NodeClient.json(body)), 400, detail);
        assertThat(proposal(hash).get("votes")).as("no vote was counted").isEmpty();
    }

    @Test
    void shouldRefuseAValidatorIdThatIsNotAString() {
        String hash = propose(batch("numeric validator"), 0.01);
        LedgerSnapshot before = snapshot();
        Answer answer = node.post(APPROVE, "{\"proposal_hash\": \"" + hash + "\", \"validator_id\": 42}");
        assertRefused(before, answer, 400, "'validator_id'");
        assertThat(proposal(hash).get("votes")).isEmpty();
    }

    // ---------------------------------------------------------------- votes: the proposal's state

    @Test
    void shouldRefuseASecondApprovalByTheSameValidator() {
        String hash = propose(batch("double approval"), 0.01);
        assertThat(approve(hash, "validator-alice").status()).isEqualTo(200);
        LedgerSnapshot before = snapshot();
        assertRefused(before, approve(hash, "validator-alice"), 409, "validator-alice already voted approve");
        assertThat(proposal(hash).get("approvals").asInt())
                .as("a repeated vote does not count twice")
                .isEqualTo(1);
    }

    @Test
    void shouldRefuseARejectionAfterAnApprovalByTheSameValidator() {
        String hash = propose(batch("approve then reject"), 0.01);
        assertThat(approve(hash, "validator-alice").status()).isEqualTo(200);
        LedgerSnapshot before = snapshot();
        assertRefused(before, reject(hash, "validator-alice"), 409, "validator-alice already voted approve");
        JsonNode after = proposal(hash);
        assertThat(after.get("rejections").asInt()).isZero();
        assertThat(after.get("state").asString()).isEqualTo("approved");
    }

    @Test
    void shouldRefuseARepeatedVoteGivenByAPrefixOrInUpperCase() {
        String hash = propose(batch("repeated vote by prefix"), 0.01);
        assertThat(approve(hash, "validator-bob").status()).isEqualTo(200);
        LedgerSnapshot before = snapshot();
        assertRefused(before, approve(hash.substring(0, 8), "validator-bob"), 409, "already voted");
        assertRefused(before, approve(hash.toUpperCase(Locale.ROOT), "validator-bob"), 409, "already voted");
    }

    @Test
    void shouldRefuseAVoteOnAnAppliedProposal() {
        String hash = propose(batch("vote after apply"), 0.01);
        assertThat(approve(hash, "validator-alice").status()).isEqualTo(200);
        Answer applied = apply(hash);
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        LedgerSnapshot before = snapshot();
        assertRefused(before, approve(hash, "validator-bob"), 409, "already applied");
        assertRefused(before, reject(hash, "validator-carol"), 409, "already applied");
    }

    @Test
    void shouldRefuseAVoteOnARejectedProposal() {
        // Open mode: N is taken equal to M = 1, so one rejection makes the quorum impossible.
        String hash = propose(batch("vote after rejection"), 0.01);
        Answer rejected = reject(hash, "validator-alice");
        assertThat(rejected.status()).as(rejected.raw()).isEqualTo(200);
        assertThat(rejected.text("rejection", "proposal_state")).isEqualTo("rejected");
        LedgerSnapshot before = snapshot();
        assertRefused(before, approve(hash, "validator-bob"), 409, "was rejected");
        assertRefused(before, reject(hash, "validator-carol"), 409, "was rejected");
    }

    // ---------------------------------------------------------------- apply

    @Test
    void shouldRefuseApplyBeforeQuorum() {
        String hash = propose(batch("apply without votes"), 0.01);
        LedgerSnapshot before = snapshot();
        assertRefused(before, apply(hash), 409, "is not approved: 0 of 1 required approvals");
        assertThat(proposal(hash).get("state").asString()).isEqualTo("proposed");
    }

    @Test
    void shouldRefuseApplyTwice() {
        String hash = propose(batch("apply twice"), 0.01);
        assertThat(approve(hash, "validator-alice").status()).isEqualTo(200);
        Answer first = apply(hash);
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        LedgerSnapshot before = snapshot();
        assertRefused(
                before, apply(hash), 409, "was already applied in block " + first.number("metrics", "block_index"));
        assertRefused(before, apply(hash.substring(0, 12)), 409, "was already applied");
    }

    @Test
    void shouldRefuseApplyWhenTextsDifferFromProposal() {
        List<String> texts = batch("apply other texts");
        String hash = approvedProposal(texts, 0.01);
        LedgerSnapshot before = snapshot();
        List<String> others = List.of(texts.get(0) + " and chills");
        assertRefused(before, applyWith(hash, others, null), 422, "texts differ");
        assertRefused(before, applyWith(hash, List.of(), null), 422, "texts differ");
        assertRefused(before, applyWith(hash, List.of(texts.get(0), texts.get(0)), null), 422, "texts differ");
        assertThat(proposal(hash).get("state").asString())
                .as("a refused apply leaves the proposal approved")
                .isEqualTo("approved");
    }

    @Test
    void shouldRefuseApplyWhenLearningRateDiffersFromProposal() {
        List<String> texts = batch("apply other rate");
        String hash = approvedProposal(texts, 0.01);
        LedgerSnapshot before = snapshot();
        assertRefused(before, applyWith(hash, texts, 0.02), 422, "learning_rate 0.02 differs");
        assertRefused(before, applyWith(hash, null, 0.010000001), 422, "differs from the approved proposal's 0.01");
    }

    @Test
    void shouldRefuseApplyOfARejectedProposal() {
        String hash = propose(batch("apply rejected"), 0.01);
        assertThat(reject(hash, "validator-alice").status()).isEqualTo(200);
        LedgerSnapshot before = snapshot();
        assertRefused(before, apply(hash), 409, "was rejected by validators and can never be applied");
    }

    @Test
    void shouldRefuseApplyOfAProposalMadeAgainstAnOlderModel() {
        String first = approvedProposal(batch("stale first"), 0.01);
        String second = approvedProposal(batch("stale second"), 0.01);
        Answer applied = apply(first);
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        LedgerSnapshot before = snapshot();
        Answer stale = apply(second);
        assertRefused(before, stale, 409, "the model changed since proposal " + second);
        assertThat(stale.text("detail")).contains("propose again").contains(before.modelHash());
        assertThat(proposal(second).get("state").asString()).isEqualTo("approved");
    }

    @Test
    void shouldApplyAProposalThatAllowsRebaseAfterAnotherUpdate() {
        List<String> texts = batch("rebase allowed");
        Answer proposed = node.post(
                PROPOSE, NodeClient.json(Map.of("texts", texts, "learning_rate", 0.01, "allow_rebase", true)));
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(200);
        String rebasing = proposed.text("proposal", "proposal_hash");
        assertThat(approve(rebasing, "validator-alice").status()).isEqualTo(200);
        assertThat(proposal(rebasing).get("proposal").get("allow_rebase").asBoolean())
                .isTrue();

        String other = approvedProposal(batch("rebase other"), 0.01);
        Answer first = apply(other);
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        String modelBetween = first.text("metrics", "model_hash_after");

        Answer rebased = apply(rebasing);
        assertThat(rebased.status()).as(rebased.raw()).isEqualTo(200);
        assertThat(rebased.json().get("metrics").get("rebased").asBoolean()).isTrue();
        assertThat(rebased.text("metrics", "model_hash_before"))
                .isEqualTo(modelBetween)
                .isNotEqualTo(proposed.text("proposal", "model_hash_before"));
        assertThat(snapshot().modelHash()).isEqualTo(rebased.text("metrics", "model_hash_after"));
        assertThat(first.json().get("metrics").get("rebased").asBoolean())
                .as("an in-place apply is not rebased")
                .isFalse();
    }

    // ---------------------------------------------------------------- queries

    static Stream<Arguments> refusedQueries() {
        return Stream.of(
                arguments("/blocks/999999", 404, "no block with index 999999"),
                arguments("/blocks/-1", 404, "no block with index -1"),
                arguments("/blocks/abc", 400, "parameter 'index' has the wrong type: 'abc'"),
                arguments("/blocks?size=0", 400, "size must be between 1 and 1000, got 0"),
                arguments("/blocks?from=-1", 400, "from must be 0 or more, got -1"),
                arguments("/blockchain-history?type=nope", 400, "unknown record type 'nope'"),
                arguments("/blockchain-history?size=0", 400, "size must be between 1 and 1000, got 0"),
                arguments("/blockchain-history?size=100000", 400, "size must be between 1 and 1000, got 100000"),
                arguments("/blockchain-history?page=-1", 400, "page must be 0 or more, got -1"),
                arguments("/blockchain-history?size=ten", 400, "parameter 'size' has the wrong type: 'ten'"),
                arguments("/decentralized/proposals?size=0", 400, "size must be between 1 and 1000, got 0"),
                arguments("/decentralized/proposals/xyz", 400, "proposal_hash must be 8 to 64 hex characters"),
                arguments("/decentralized/proposals/" + UNKNOWN_PREFIX, 404, "no proposal with hash prefix"),
                arguments("/decentralized/proposals/" + UNKNOWN_HASH, 404, "no proposal with hash " + UNKNOWN_HASH),
                arguments("/model/nearest-words?word=fever&k=1000", 400, "k must be between 1 and 100, got 1000"),
                arguments("/model/nearest-words?word=fever&k=0", 400, "k must be between 1 and 100, got 0"),
                arguments("/model/nearest-words?word=fever&k=many", 400, "parameter 'k' has the wrong type"),
                arguments("/model/nearest-words", 400, "word"),
                arguments("/model/nearest-words?word=", 400, "word must not be blank"),
                arguments("/model/nearest-words?word=high%20fever", 400, "word must be exactly one word"),
                arguments("/model/nearest-words?word=qwertyuiopzx", 404, "not in the model's vocabulary"),
                arguments("/model/nearest-to-text", 400, "text"),
                arguments("/model/nearest-to-text?text=fever&k=101", 400, "k must be between 1 and 100, got 101"));
    }

    @ParameterizedTest(name = "GET {0} -> {1}")
    @MethodSource("refusedQueries")
    void shouldRefuseABadQuery(String path, int status, String detail) {
        LedgerSnapshot before = snapshot();
        assertRefused(before, node.get(path), status, detail);
    }

    // ---------------------------------------------------------------- helpers

    /** The one shape of every refusal: status, problem JSON, a telling detail, and nothing written. */
    private void assertRefused(LedgerSnapshot before, Answer answer, int status, String detailFragment) {
        assertThat(answer.status()).as("status of %s", answer.raw()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.raw()).startsWith("application/problem+json");
        assertThat(answer.json()).as(answer.raw()).isNotNull();
        assertThat(answer.json().get("status").asInt()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.json().get("detail")).as("detail of %s", answer.raw()).isNotNull();
        assertThat(answer.text("detail")).containsIgnoringCase(detailFragment);
        assertThat(snapshot())
                .as("a refused request leaves the ledger and the model unchanged")
                .isEqualTo(before);
    }

    /** A one-text batch no other test proposes, so two proposals never share a hash. */
    private static List<String> batch(String topic) {
        return List.of("batch " + BATCH.incrementAndGet() + " " + topic + " with fever and cough");
    }

    private static String proposalBody(List<String> texts) {
        return NodeClient.json(Map.of("texts", texts));
    }

    private static String proposalBody(List<String> texts, double learningRate) {
        return NodeClient.json(Map.of("texts", texts, "learning_rate", learningRate));
    }

    private static String oversizedProposal() {
        String text = "fever ".repeat(200);
        List<String> texts = Collections.nCopies(MAX_REQUEST_BYTES / text.length() + 10, text);
        String body = proposalBody(texts);
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(MAX_REQUEST_BYTES);
        return body;
    }

    private String approvedProposal(List<String> texts, double learningRate) {
        String hash = propose(texts, learningRate);
        Answer approved = approve(hash, "validator-alice");
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
        assertThat(approved.text("approval", "proposal_state")).isEqualTo("approved");
        return hash;
    }

    private Answer applyWith(String hash, List<String> texts, Double learningRate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("proposal_hash", hash);
        if (texts != null) {
            body.put("texts", texts);
        }
        if (learningRate != null) {
            body.put("learning_rate", learningRate);
        }
        return node.post(APPLY, NodeClient.json(body));
    }

    private JsonNode proposal(String hash) {
        Answer answer = node.get("/decentralized/proposals/" + hash);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.json();
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }
}
