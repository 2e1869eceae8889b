package ml.consensus.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of malformed or extreme requests, from a seeded generator, to every endpoint: broken
 * and deeply nested JSON, wrong types, huge strings and arrays, Unicode edge cases (lone
 * surrogates, NUL, direction marks, emoji, combining marks), NaN, Infinity and 1e999, hash prefixes
 * of every length from 0 to 70, wrong content types and methods, and out-of-range or non-numeric
 * paging parameters.
 *
 * <p>The node must never answer 5xx; every 4xx must be an RFC 9457 problem with a detail; and a
 * refused request must change nothing. Some generated requests are legitimately accepted (a
 * proposal of emoji and words is a proposal), so the test counts accepted writes and checks, every
 * {@value #CHUNK} requests, that the chain grew by exactly that many records and the model changed
 * only by the accepted applies. Afterwards the seed workflow still works and {@code /verify} is
 * valid. Violations are collected and reported together, each kind with examples.
 *
 * <p>The seed is printed; rerun one with {@code -Dfuzz.seed=N}.
 *
 * <p>The class runs on a node of its own, discarded afterwards: the proposals the fuzzer gets
 * accepted (odd Unicode included) must not end up in the ledger that other test classes share.
 */
@TestPropertySource(properties = "spring.application.name=consensus-ml-fuzz")
@DirtiesContext
class FuzzIntegrationTests extends NodeIntegrationTest {

    private static final int MAX_REQUESTS = 3000;
    private static final long BUDGET_NANOS = 20_000_000_000L;
    private static final int CHUNK = 100;
    private static final int MAX_REQUEST_BYTES = 1_048_576;
    /** Tomcat refuses request lines over 8 KiB before the application sees them; stay below. */
    private static final int MAX_URL_LENGTH = 6000;

    private static final String PROPOSE = "/decentralized/propose-training";
    private static final String APPROVE = "/decentralized/approve-proposal";
    private static final String REJECT = "/decentralized/reject-proposal";
    private static final String APPLY = "/decentralized/apply-training";
    private static final String CHECKPOINT = "/save-checkpoint";
    private static final List<String> WRITES = List.of(PROPOSE, APPROVE, REJECT, APPLY, CHECKPOINT);

    @LocalServerPort
    private int port;

    /** One generated request; {@code endpoint} is the route it aims at, for the summary. */
    // A test value read once and compared by its fields, never used as a key: arrays are fine here.
    @SuppressWarnings("ArrayRecordComponent")
    private record FuzzRequest(
            String endpoint, String method, String path, String contentType, byte[] body, boolean chunked) {

        boolean isWrite() {
            return method.equals("POST") && WRITES.contains(endpoint);
        }

        String describe() {
            String shown = body == null
                    ? ""
                    : " body " + RawClient.abbreviate(new String(body, StandardCharsets.UTF_8).replace("\n", "\\n"));
            return method + " " + RawClient.abbreviate(path) + " [" + contentType + "]" + (chunked ? " chunked" : "")
                    + shown;
        }
    }

    /** What went wrong, by kind, with the first few examples of each. */
    private static final class Violations {
        private final Map<String, List<String>> examples = new TreeMap<>();
        private final Map<String, Integer> counts = new TreeMap<>();

        void add(String kind, String example) {
            counts.merge(kind, 1, Integer::sum);
            List<String> list = examples.computeIfAbsent(kind, k -> new ArrayList<>());
            if (list.size() < 4) {
                list.add(example);
            }
        }

        boolean isEmpty() {
            return counts.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            counts.forEach((kind, count) -> {
                out.append(String.format("%n%s: %d request(s), e.g.", kind, count));
                examples.get(kind).forEach(e -> out.append(String.format("%n    %s", e)));
            });
            return out.toString();
        }
    }

    @Test
    void shouldRefuseMalformedAndExtremeRequestsCleanlyAndChangeNothing() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.printf("[fuzz] seed %d (rerun with -Dfuzz.seed=%d)%n", seed, seed);
        RawClient raw = new RawClient(port);
        Generator generator = new Generator(new Random(seed), fixtureHashes());

        Violations violations = new Violations();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<String, Map<Integer, Integer>> byEndpoint = new TreeMap<>();
        Map<String, Long> millisByEndpoint = new TreeMap<>();
        int sent = 0;
        int acceptedWrites = 0;
        int readBacks = 0;

        LedgerSnapshot chunkStart = snapshot();
        String expectedModel = chunkStart.modelHash();
        int chunkWrites = 0;
        List<String> chunkRequests = new ArrayList<>();
        long started = System.nanoTime();
        while (sent < MAX_REQUESTS && System.nanoTime() - started < BUDGET_NANOS) {
            FuzzRequest request =
                    sent == 17 ? oversizedBody(false) : sent == 18 ? oversizedBody(true) : generator.next();
            Answer answer;
            long requestStarted = System.nanoTime();
            try {
                answer = raw.send(
                        request.method(), request.path(), request.contentType(), request.body(), request.chunked());
                millisByEndpoint.merge(
                        request.method() + " " + request.endpoint(),
                        (System.nanoTime() - requestStarted) / 1_000_000,
                        Long::sum);
            } catch (IllegalStateException e) {
                violations.add("no answer (connection failed)", request.describe() + " -> " + e.getMessage());
                sent++;
                continue;
            }
            sent++;
            byStatus.merge(answer.status(), 1, Integer::sum);
            byEndpoint
                    .computeIfAbsent(request.method() + " " + request.endpoint(), k -> new TreeMap<>())
                    .merge(answer.status(), 1, Integer::sum);
            check(request, answer, violations);
            chunkRequests.add(request.describe() + " -> " + answer.status());

            if (request.isWrite() && answer.status() / 100 == 2) {
                acceptedWrites++;
                chunkWrites++;
                if (request.endpoint().equals(APPLY) && answer.json() != null) {
                    expectedModel =
                            answer.json().get("metrics").get("model_hash_after").asString();
                }
                if (request.endpoint().equals(PROPOSE) && answer.json() != null) {
                    // Read back what was accepted: a record the node cannot show is as bad as a 500.
                    String hash = answer.text("proposal", "proposal_hash");
                    generator.learn(hash);
                    for (String path : List.of(
                            "/decentralized/proposals/" + hash,
                            "/blocks/" + answer.number("proposal", "block_index"))) {
                        Answer back = raw.get(path);
                        readBacks++;
                        byStatus.merge(back.status(), 1, Integer::sum);
                        if (back.status() != 200) {
                            violations.add(
                                    "accepted proposal not readable",
                                    request.describe() + " then GET " + path + " -> " + back.status() + " "
                                            + RawClient.abbreviate(back.raw()));
                        }
                    }
                }
            }
            if (chunkRequests.size() == CHUNK) {
                checkChunk(chunkStart, chunkWrites, expectedModel, chunkRequests, violations);
                chunkStart = snapshot();
                expectedModel = chunkStart.modelHash();
                chunkWrites = 0;
                chunkRequests.clear();
            }
        }
        checkChunk(chunkStart, chunkWrites, expectedModel, chunkRequests, violations);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        System.out.printf(
                "[fuzz] requests sent %d (+%d read-backs of accepted proposals) in %d ms%n",
                sent, readBacks, elapsedMillis);
        System.out.printf("[fuzz] by status: %s%n", byStatus);
        byEndpoint.forEach((endpoint, statuses) -> System.out.printf(
                "[fuzz]   %-42s %s, %d ms%n", endpoint, statuses, millisByEndpoint.getOrDefault(endpoint, 0L)));
        System.out.printf(
                "[fuzz] writes legitimately accepted: %d; violations: %s%n",
                acceptedWrites, violations.isEmpty() ? "none" : violations.counts);

        assertThat(violations.isEmpty()).as("seed %d: %s", seed, violations).isTrue();
        assertSeedWorkflowStillWorks();
    }

    // ---------------------------------------------------------------- what the fuzzer found, pinned down

    /**
     * Requests the generator produces now and then, fixed here so that each is checked on every run:
     * page offsets past {@code Integer.MAX_VALUE}, characters Tomcat refuses in a path (encoded slash,
     * backslash, NUL, invalid UTF-8), a query parameter without a name, and a query value that is not
     * UTF-8. Each must be answered 200 (an empty page) or 4xx, and a 4xx must be a problem.
     */
    @ParameterizedTest(name = "GET {0}")
    @ValueSource(
            strings = {
                "/blockchain-history?page=2147483647&size=1000",
                "/blockchain-history?page=2147484&size=1000",
                "/decentralized/proposals?page=21474837",
                "/decentralized/proposals?page=2147483647&size=1000",
                "/records/%2F",
                "/records/abcdef12%2F34",
                "/decentralized/proposals/%5C",
                "/records/%00abcdef12",
                "/decentralized/proposals/%ED%A0%80",
                "/blockchain-history?=1",
                "/blockchain-history?page=0&=x",
                "/model/nearest-to-text?text=%ED%A0%80fever",
                "/model/history?page=2147483647&size=1000",
                "/model/history?page=0&=x"
            })
    void shouldAnswerAnOddQueryWithAPageOrAProblem(String path) {
        LedgerSnapshot before = snapshot();
        Answer answer = new RawClient(port).get(path);
        assertThat(answer.status()).as("%s -> %s", path, answer.raw()).isLessThan(500);
        if (answer.status() >= 400) {
            RawClient.assertProblem(answer, "GET " + path);
        } else {
            assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    /**
     * RFC 8785 canonicalizes I-JSON only (RFC 7493 §2.1: no lone surrogates). A text holding one has
     * no UTF-8 encoding, so it cannot be hashed as documented (SHA-256 over the UTF-8 canonical
     * body); it must be refused rather than hashed over a lossy substitute.
     */
    @ParameterizedTest(name = "texts [\"{0}\"]")
    @ValueSource(strings = {"\\ud800 fever", "fever \\udfff", "\\udc00\\ud800 reversed pair fever"})
    void shouldRefuseATextHoldingALoneSurrogate(String escapedText) {
        LedgerSnapshot before = snapshot();
        Answer answer = new RawClient(port).post(PROPOSE, "application/json", "{\"texts\":[\"" + escapedText + "\"]}");
        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        RawClient.assertProblem(answer, "a proposal of \"" + escapedText + "\"");
        assertThat(snapshot()).isEqualTo(before);
    }

    /** Never 5xx; 4xx is a problem with a detail; 2xx is JSON. */
    private static void check(FuzzRequest request, Answer answer, Violations violations) {
        String example = request.describe() + " -> " + answer.status() + " [" + answer.contentType() + "] "
                + RawClient.abbreviate(answer.raw());
        int status = answer.status();
        if (status >= 500) {
            violations.add("5xx", example);
            return;
        }
        if (status >= 400) {
            if (!answer.contentType().startsWith("application/problem+json")) {
                violations.add("4xx that is not application/problem+json but " + answer.contentType(), example);
                return;
            }
            JsonNode json = answer.json();
            if (json == null
                    || json.path("status").asInt() != status
                    || !json.path("detail").isString()
                    || json.path("detail").asString().isBlank()) {
                violations.add("problem without a matching status or a non-empty detail", example);
            }
            return;
        }
        if (status / 100 == 2 && (answer.json() == null || !answer.contentType().startsWith("application/json"))) {
            violations.add("2xx that is not JSON", example);
        } else if (status / 100 != 2) {
            violations.add("unexpected status", example);
        }
    }

    /** The chain grew by exactly the accepted writes, and the model moved only with accepted applies. */
    private void checkChunk(
            LedgerSnapshot start, int writes, String expectedModel, List<String> requests, Violations violations) {
        LedgerSnapshot end = snapshot();
        // Accepted writes may share blocks; refused ones add neither records nor blocks.
        boolean ok = end.totalRecords() == start.totalRecords() + writes
                && end.chainLength() <= start.chainLength() + writes
                && (writes > 0 || end.headHash().equals(start.headHash()))
                && end.modelHash().equals(expectedModel);
        if (!ok) {
            violations.add(
                    "refused requests changed the ledger or model",
                    "chunk with " + writes
                            + " accepted writes: before " + start + ", after " + end + ", expected model "
                            + expectedModel
                            + "; requests: " + requests);
        }
    }

    private void assertSeedWorkflowStillWorks() {
        LedgerSnapshot before = snapshot();
        String hash = propose(List.of("I have a fever", "High temperature after fuzzing"), 0.01);
        Answer approved = approve(hash, "validator-alice");
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
        Answer applied = apply(hash);
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        LedgerSnapshot after = snapshot();
        assertThat(after.chainLength()).isEqualTo(before.chainLength() + 3);
        assertThat(after.modelHash())
                .isEqualTo(applied.text("metrics", "model_hash_after"))
                .isNotEqualTo(before.modelHash());
        Answer verify = node.get("/verify");
        assertThat(verify.json().get("valid").asBoolean()).as(verify.raw()).isTrue();
        assertThat(verify.text("replayed_model_hash")).isEqualTo(after.modelHash());
    }

    /** An open proposal, an applied one, a rejected one, and the record hashes of their blocks. */
    private List<String> fixtureHashes() {
        String open = propose(List.of("fuzz fixture open fever"), 0.01);
        String applied = propose(List.of("fuzz fixture applied cough"), 0.01);
        assertThat(approve(applied, "validator-alice").status()).isEqualTo(200);
        assertThat(apply(applied).status()).isEqualTo(200);
        String rejected = propose(List.of("fuzz fixture rejected rash"), 0.01);
        assertThat(reject(rejected, "validator-bob").status()).isEqualTo(200);
        List<String> hashes = new ArrayList<>(List.of(open, applied, rejected));
        long length = snapshot().chainLength();
        Answer blocks = node.get("/blocks?from=" + Math.max(0, length - 8) + "&size=8");
        blocks.json()
                .get("blocks")
                .forEach(b -> b.get("records")
                        .forEach(r -> hashes.add(r.get("record_hash").asString())));
        return hashes;
    }

    /** A proposal body one byte over the limit; with a Content-Length, or chunked without one. */
    private static FuzzRequest oversizedBody(boolean chunked) {
        StringBuilder body = new StringBuilder("{\"texts\":[");
        while (body.length() < MAX_REQUEST_BYTES - 20) {
            body.append("\"fever and cough\",");
        }
        body.append("\"x\"]");
        while (body.length() < MAX_REQUEST_BYTES) {
            body.append(' ');
        }
        body.append('}');
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isEqualTo(MAX_REQUEST_BYTES + 1);
        return new FuzzRequest(PROPOSE, "POST", PROPOSE, "application/json", bytes, chunked);
    }

    // ---------------------------------------------------------------- the generator

    /** Seeded source of malformed and extreme requests. */
    private static final class Generator {

        private static final String HEX = "0123456789abcdef";
        private static final String NON_HEX = "ghijklmnopqrstuvwxyzGHIJKXYZ -_./\\%?#&=+:;,!@$'\"()[]{}<>~`|^*";
        private static final String[] UNICODE_CHARS = {
            "é",
            "\u0000",
            "\uD83E\uDD12",
            "\u202E",
            "\u200F",
            "\uFF10",
            "\u0301",
            "\uFEFF",
            "\u2028",
            "\u00A0",
            "ß",
            "İ",
            "\uD800",
            "\uDFFF",
            "\n",
            "\t"
        };
        /** String values as JSON source text (escapes are deliberate: lone surrogates cannot be sent raw). */
        private static final String[] STRINGS = {
            "\"\"",
            "\" \"",
            "\"fever\"",
            "\"\\ud800\"",
            "\"\\udfff fever\"",
            "\"\\ud800\\ud800 cough\"",
            "\"\\ud83e\\udd12 fever\"",
            "\"\uD83E\uDD12\uD83E\uDD12\"",
            "\"\uD83E\uDD12 fever and chills\"",
            "\"\\u0000\"",
            "\"fever\\u0000cough\"",
            "\"\u202Efever\u202C rtl\"",
            "\"\u200F\u200E\"",
            "\"\u05D7\u05D5\u05DD fever\"",
            "\"\u062D\u0645\u0649\"",
            "\"e\u0301\u0301\u0301\u0301 fever\"",
            "\"Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359\u035A\u035B\u035C\"",
            "\"\uFB01ever\"",
            "\"\uFF26\uFF25\uFF36\uFF25\uFF32\"",
            "\"\\uffff\\ufffe\"",
            "\"\\ufeff fever\"",
            "\"\u53D1\u70E7\"",
            "\"\\n\\t\\r\\b\\f\"",
            "\"\\\"quoted\\\" fever\"",
            "\"\\\\\"",
            "\"<script>alert(1)</script>\"",
            "\"' OR 1=1 --\"",
            "\"%s%n%x fever\"",
            "\"${jndi:ldap://x/a}\"",
            "\"\\u2028\\u2029\"",
            "\"validator-alice\"",
            "\"NaN\"",
            "\"1e999\"",
            "\"null\"",
            "\"true\""
        };

        private static final String[] NUMBERS = {
            "0",
            "-0",
            "1",
            "-1",
            "0.01",
            "0.5",
            "1.0",
            "1e-320",
            "4.9e-324",
            "1e999",
            "-1e999",
            "1e-999",
            "NaN",
            "-NaN",
            "Infinity",
            "-Infinity",
            "+1",
            ".5",
            "1.",
            "01",
            "0x10",
            "9223372036854775808",
            "-9223372036854775809",
            "1.7976931348623157e308",
            "123456789012345678901234567890",
            "1.0000001",
            "0.9999999999999999",
            "1E2",
            "1e+2",
            "2147483648",
            "-2147483649",
            "1" + "0".repeat(400)
        };
        private static final String[] OTHERS = {
            "true",
            "false",
            "null",
            "[]",
            "{}",
            "[[[]]]",
            "{\"a\":{\"b\":[]}}",
            "[null]",
            "[1,2,3]",
            "{\"texts\":[\"fever\"]}"
        };
        private static final String[] NUMBERISH = {
            "-1",
            "0",
            "1",
            "2",
            "10",
            "100",
            "101",
            "999",
            "1000",
            "1001",
            "2147483647",
            "2147483648",
            "-2147483648",
            "-2147483649",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "99999999999999999999",
            "1e3",
            "0x10",
            "",
            " 1",
            "1 ",
            "1.5",
            "NaN",
            "Infinity",
            "abc",
            "\uFF11",
            "+5",
            "-0",
            "00000001",
            "1,2",
            "\u0000",
            "\uD83E\uDD12"
        };
        private static final String[] CONTENT_TYPES = {
            "application/json; charset=UTF-8",
            "text/plain",
            "application/x-www-form-urlencoded",
            null,
            "application/xml",
            "multipart/form-data; boundary=xyz",
            "application/json; charset=nope",
            "garbage",
            "application/problem+json",
            "APPLICATION/JSON",
            "application/json;charset=utf-16",
            "*/*",
            "application/octet-stream",
            "text/json",
            "application/json, text/plain"
        };
        private static final String[] RECORD_TYPES = {
            "genesis",
            "training_proposal",
            "validator_approval",
            "validator_rejection",
            "model_update_approved",
            "checkpoint_saved",
            "",
            "TRAINING_PROPOSAL",
            "nope",
            "training_proposal ",
            "\u0000",
            "\uD83E\uDD12",
            "training_proposal,genesis"
        };

        private final Random random;
        private final List<String> knownHashes;

        Generator(Random random, List<String> knownHashes) {
            this.random = random;
            this.knownHashes = new ArrayList<>(knownHashes);
        }

        void learn(String hash) {
            knownHashes.add(hash);
        }

        FuzzRequest next() {
            int dice = random.nextInt(120);
            if (dice < 14) {
                return post(PROPOSE, List.of("texts", "learning_rate", "allow_rebase"));
            }
            if (dice < 23) {
                return post(APPROVE, List.of("proposal_hash", "validator_id", "signature"));
            }
            if (dice < 29) {
                return post(REJECT, List.of("proposal_hash", "validator_id", "signature"));
            }
            if (dice < 38) {
                return post(APPLY, List.of("proposal_hash", "texts", "learning_rate"));
            }
            if (dice < 40) {
                return checkpoint();
            }
            if (dice < 44) {
                return wrongMethod();
            }
            return get(dice);
        }

        // ------------------------------------------------------------ POST

        private FuzzRequest post(String endpoint, List<String> fields) {
            String contentType = random.nextInt(100) < 85 ? "application/json" : pick(CONTENT_TYPES);
            byte[] body;
            int kind = random.nextInt(20);
            if (kind < 3) {
                body = malformed(fields);
            } else if (kind < 4) {
                body = utf8(pick(new String[] {
                    "[]", "\"x\"", "42", "null", "true", "[{\"texts\":[\"fever\"]}]", "{}", "[" + object(fields) + "]"
                }));
            } else {
                body = utf8(object(fields));
            }
            if ("application/x-www-form-urlencoded".equals(contentType) && random.nextBoolean()) {
                body = utf8("texts=fever&learning_rate=0.1&proposal_hash=" + hashLike());
            }
            boolean chunked = random.nextInt(30) == 0;
            return new FuzzRequest(endpoint, "POST", endpoint, contentType, body, chunked);
        }

        private FuzzRequest checkpoint() {
            // Any POST /save-checkpoint is a legitimate write; bodies and types vary but are not read.
            String contentType = random.nextBoolean() ? null : pick(CONTENT_TYPES);
            byte[] body = random.nextBoolean() ? null : malformed(List.of("texts"));
            return new FuzzRequest(
                    CHECKPOINT, "POST", CHECKPOINT + query(List.of("a", "page")), contentType, body, false);
        }

        private FuzzRequest wrongMethod() {
            String method = pick(new String[] {"PUT", "DELETE", "PATCH", "GET", "POST"});
            String path;
            if (method.equals("GET")) {
                path = pick(WRITES.toArray(new String[0]));
            } else if (method.equals("POST")) {
                path = pick(new String[] {
                    "/decentralized/status",
                    "/verify",
                    "/export",
                    "/model-info",
                    "/blocks",
                    "/blockchain-history",
                    "/decentralized/proposals",
                    "/blocks/0"
                });
            } else {
                path = pick(new String[] {
                    PROPOSE, APPROVE, APPLY, CHECKPOINT, "/blocks/0", "/verify", "/decentralized/status"
                });
            }
            byte[] body = method.equals("GET") || method.equals("DELETE") ? null : utf8("{\"texts\":[\"fever\"]}");
            return new FuzzRequest(path, method, path, body == null ? null : "application/json", body, false);
        }

        private byte[] malformed(List<String> fields) {
            String valid = object(fields);
            return switch (random.nextInt(16)) {
                case 0 -> utf8(valid.substring(0, random.nextInt(Math.max(1, valid.length()))));
                case 1 -> randomBytes(random.nextInt(300));
                case 2 -> utf8("[".repeat(10_000));
                case 3 -> utf8("{\"texts\":" + "[".repeat(10_000));
                case 4 -> utf8("{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");
                case 5 -> utf8("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000));
                case 6 ->
                    utf8(pick(new String[] {
                        "{texts: [\"fever\"]}",
                        "{'texts': ['fever']}",
                        "{\"texts\": [\"fever\",]}",
                        "{\"texts\": [\"fever\"]}}",
                        "{\"texts\" [\"fever\"]}",
                        "/* comment */ {\"texts\": [\"fever\"]}",
                        "{\"texts\": [\"fever\"]} // comment",
                        "",
                        "   \n\t ",
                        "{",
                        "}",
                        "{\"proposal_hash\": \"abcdef12\"",
                        "{\"texts\": [\"a\" \"b\"]}",
                        "{\"texts\": [\"fever\"], }",
                        "{,}",
                        "{\"\":1}",
                        "\"\\ud800\"",
                        "{\"texts\":[\"\\uZZZZ\"]}",
                        "{\"texts\":[\"\\x41\"]}",
                        "{\"texts\":[\"fever\"]}\u0000",
                        "{\"learning_rate\":0.1e}"
                    }));
                case 7 -> invalidUtf8();
                case 8 -> utf8("{\"texts\":[\"fever\u0001raw control\"]}");
                case 9 -> utf8("{\"texts\":[\"fever\"],\"learning_rate\":" + pick(NUMBERS) + "}");
                case 10 ->
                    utf8("{\"texts\":[\"fever\"],\"learning_rate\":" + "1".repeat(1001 + random.nextInt(2000)) + "}");
                case 11 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(valid));
                case 12 -> utf8(valid + valid);
                case 13 -> utf8("{\"texts\":[\"fever\"]," + "\"k\":1,".repeat(5_000) + "\"z\":1}");
                case 14 -> utf8("{\"texts\":[\"fever\"],\"texts\":[\"duplicate key " + random.nextInt() + " cough\"]}");
                default -> utf8(valid.replace("\"", "'"));
            };
        }

        private String object(List<String> fields) {
            StringBuilder json = new StringBuilder("{");
            List<String> parts = new ArrayList<>();
            for (String field : fields) {
                if (random.nextInt(100) < 75) {
                    parts.add(quote(field) + ":" + (random.nextInt(100) < 65 ? fitting(field) : anyValue(2)));
                }
            }
            if (random.nextInt(10) == 0) {
                parts.add(pick(STRINGS) + ":" + anyValue(1));
            }
            if (random.nextInt(25) == 0 && !parts.isEmpty()) {
                parts.add(parts.get(0));
            }
            json.append(String.join(",", parts));
            return json.append('}').toString();
        }

        private String fitting(String field) {
            return switch (field) {
                case "texts" -> texts();
                case "learning_rate" -> pick(NUMBERS);
                case "allow_rebase" -> random.nextInt(4) == 0 ? anyValue(1) : String.valueOf(random.nextBoolean());
                case "proposal_hash" -> quote(hashLike());
                case "validator_id" -> validatorId();
                case "signature" -> quote(hexOfLength(random.nextInt(131)));
                default -> anyValue(1);
            };
        }

        private String texts() {
            int shape = random.nextInt(20);
            if (shape == 0) {
                return "[" + String.join(",", java.util.Collections.nCopies(257, "\"fever\"")) + "]";
            }
            if (shape == 1) {
                return "[" + String.join(",", java.util.Collections.nCopies(10_000, "\"a\"")) + "]";
            }
            if (shape == 2) {
                return "[" + quote("fever ".repeat(334).substring(0, 2000 + random.nextInt(2))) + "]";
            }
            if (shape == 3) {
                return "[" + quote("x".repeat(100_000)) + "]";
            }
            List<String> texts = new ArrayList<>();
            int n = random.nextInt(5);
            for (int i = 0; i < n; i++) {
                texts.add(random.nextInt(3) == 0 ? anyValue(1) : pick(STRINGS));
            }
            return "[" + String.join(",", texts) + "]";
        }

        private String validatorId() {
            return switch (random.nextInt(8)) {
                case 0 -> quote("validator-fuzz-" + random.nextInt(5));
                case 1 -> quote("v".repeat(128 + random.nextInt(2)));
                case 2 ->
                    quote(pick(new String[] {
                        "-validator",
                        "validator alice",
                        "validator/alice",
                        "a",
                        "",
                        " ",
                        "validator-alice\n",
                        "validator\u0000",
                        "valid\u00E9tor",
                        "\uD83E\uDD12"
                    }));
                case 3 -> pick(NUMBERS);
                default -> pick(STRINGS);
            };
        }

        private String anyValue(int depth) {
            int dice = random.nextInt(10);
            if (dice < 4) {
                return pick(STRINGS);
            }
            if (dice < 7) {
                return pick(NUMBERS);
            }
            if (dice < 9 || depth == 0) {
                return pick(OTHERS);
            }
            return random.nextBoolean()
                    ? "[" + anyValue(depth - 1) + "," + anyValue(depth - 1) + "]"
                    : "{" + pick(STRINGS) + ":" + anyValue(depth - 1) + "}";
        }

        /** 0 to 70 characters: a known hash's prefix, random hex, or not hex at all. */
        String hashLike() {
            int length = random.nextInt(71);
            StringBuilder value = new StringBuilder();
            int style = random.nextInt(10);
            if (style < 4 && !knownHashes.isEmpty()) {
                String known = pick(knownHashes.toArray(new String[0]));
                value.append(known, 0, Math.min(length, known.length()));
                while (value.length() < length) {
                    value.append(HEX.charAt(random.nextInt(16)));
                }
                if (random.nextInt(4) == 0) {
                    return value.toString().toUpperCase(java.util.Locale.ROOT);
                }
                if (random.nextInt(4) == 0) {
                    return " " + value + "\t";
                }
                return value.toString();
            }
            for (int i = 0; i < length; i++) {
                if (style < 7) {
                    value.append(HEX.charAt(random.nextInt(16)));
                } else if (style < 9) {
                    value.append(NON_HEX.charAt(random.nextInt(NON_HEX.length())));
                } else {
                    value.append(pick(UNICODE_CHARS));
                }
            }
            return value.toString();
        }

        private String hexOfLength(int length) {
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < length; i++) {
                hex.append(HEX.charAt(random.nextInt(16)));
            }
            return hex.toString();
        }

        // ------------------------------------------------------------ GET

        private FuzzRequest get(int dice) {
            int which = dice % 19;
            return switch (which) {
                case 0 -> plain("/decentralized/status", List.of("verbose"));
                case 1, 2 -> plain("/decentralized/proposals", List.of("page", "size"));
                case 3, 4 -> plain("/decentralized/proposals/" + segment(hashLike()), List.of("x"));
                case 5, 6 -> plain("/blockchain-history", List.of("type", "page", "size"));
                case 7 -> plain("/blocks", List.of("from", "size"));
                case 8 ->
                    plain("/blocks/" + segment(random.nextBoolean() ? pick(NUMBERISH) : hashLike()), List.of("x"));
                case 9, 10 -> plain("/records/" + segment(hashLike()), List.of("x"));
                case 11 -> plain("/records/" + segment(hashLike()) + "/proof", List.of("x"));
                case 12, 13 -> plain("/model/nearest-words", List.of("word", "k"));
                case 14, 15 -> plain("/model/nearest-to-text", List.of("text", "k"));
                case 16 -> plain("/model-info", List.of("k"));
                case 17 -> plain("/model/history", List.of("page", "size"));
                default -> plain(pick(new String[] {"/verify", "/export", "/decentralized/status"}), List.of("a"));
            };
        }

        private FuzzRequest plain(String path, List<String> parameters) {
            String url = path + query(parameters);
            if (url.length() > MAX_URL_LENGTH) {
                url = path;
            }
            String endpoint = path.replaceAll("^/(decentralized/proposals|blocks|records)/.*?(/proof)?$", "/$1/{x}$2");
            return new FuzzRequest(endpoint, "GET", url, null, null, false);
        }

        private String query(List<String> parameters) {
            List<String> pairs = new ArrayList<>();
            for (String name : parameters) {
                if (random.nextInt(100) < 70) {
                    pairs.add(name + "=" + segment(parameterValue(name)));
                    if (random.nextInt(15) == 0) {
                        pairs.add(name + "=" + segment(parameterValue(name)));
                    }
                }
            }
            if (random.nextInt(4) == 0) {
                pairs.add(segment(pick(new String[] {"foo", "page", "size", "k", "", "\uD83E\uDD12", "a b", "x[]"}))
                        + "=" + segment(pick(NUMBERISH)));
            }
            if (random.nextInt(40) == 0) {
                pairs.add("flag");
            }
            return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
        }

        private String parameterValue(String name) {
            return switch (name) {
                case "type" -> pick(RECORD_TYPES);
                case "word", "text" ->
                    switch (random.nextInt(6)) {
                        case 0 -> "fever";
                        case 1 -> "x".repeat(1999 + random.nextInt(3));
                        case 2 -> pick(UNICODE_CHARS) + "fever" + pick(UNICODE_CHARS);
                        case 3 -> "high fever and cough";
                        case 4 -> "";
                        default -> unquote(pick(STRINGS));
                    };
                default -> pick(NUMBERISH);
            };
        }

        // ------------------------------------------------------------ bytes and encoding

        private byte[] invalidUtf8() {
            byte[][] bad = {
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xC3},
                {(byte) 0xFF},
                {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                {(byte) 0xE2, (byte) 0x82}
            };
            return concat(utf8("{\"texts\":[\"fever "), concat(bad[random.nextInt(bad.length)], utf8("\"]}")));
        }

        private byte[] randomBytes(int length) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            return bytes;
        }

        /** Percent-encodes UTF-8 bytes, keeping only RFC 3986 unreserved characters as they are. */
        static String segment(String value) {
            StringBuilder out = new StringBuilder();
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xFF);
                if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                    out.append(c);
                } else {
                    out.append('%').append(String.format("%02X", b & 0xFF));
                }
            }
            return out.toString();
        }

        private static String quote(String value) {
            StringBuilder out = new StringBuilder("\"");
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20 || Character.isSurrogate(c)) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }

        /** The JSON source of a string literal without its quotes (escapes left as typed). */
        private static String unquote(String literal) {
            return literal.substring(1, literal.length() - 1);
        }

        private String pick(String[] values) {
            return values[random.nextInt(values.length)];
        }

        private static byte[] utf8(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        private static byte[] concat(byte[] a, byte[] b) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(a);
            out.writeBytes(b);
            return out.toByteArray();
        }
    }
}
