package ml.consensus.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The small holes of issue 15, item 9, each sent as the attacker sent it: multipart bodies,
 * overlong and otherwise invalid UTF-8 in a JSON body, and block indexes written in hex, octal
 * or with a sign or leading zeros. Each gets a 4xx problem and changes nothing.
 */
class SmallHolesIntegrationTests extends NodeIntegrationTest {

    private static final String PROPOSE = "/decentralized/propose-training";

    @LocalServerPort
    private int port;

    private RawClient raw;

    @BeforeEach
    void rawClient() {
        raw = new RawClient(port);
    }

    @Test
    void shouldRefuseAWellFormedMultipartBodyWith415AndNoStackTrace() {
        LedgerSnapshot before = snapshot();
        String boundary = "xyzBoundary";
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"texts\"\r\n\r\n"
                + "I have a fever\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + "{\"texts\":[\"I have a fever\"]}\r\n"
                + "--" + boundary + "--\r\n";
        for (String path : List.of(PROPOSE, "/decentralized/approve-proposal", "/decentralized/apply-training")) {
            Answer answer = raw.post(path, "multipart/form-data; boundary=" + boundary, body);
            assertThat(answer.status()).as("POST %s: %s", path, answer.raw()).isEqualTo(415);
            RawClient.assertProblem(answer, "multipart POST " + path);
            assertThat(answer.raw()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void shouldRefuseABrokenMultipartBodyWith4xx() {
        LedgerSnapshot before = snapshot();
        for (String body : List.of("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nno end", "", "garbage")) {
            for (String type : List.of("multipart/form-data; boundary=b", "multipart/form-data", "multipart/mixed")) {
                Answer answer = raw.post(PROPOSE, type, body);
                assertThat(answer.status())
                        .as("%s %s: %s", type, body, answer.raw())
                        .isBetween(400, 499);
                RawClient.assertProblem(answer, "multipart POST " + type);
                assertThat(answer.raw()).doesNotContain("Exception");
            }
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    /** Byte sequences that are not UTF-8: overlong forms, surrogates, stray continuations, past U+10FFFF. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "c0af", // overlong '/'
                "c1bf", // overlong
                "e080af", // overlong, three bytes
                "f08080af", // overlong, four bytes
                "eda080", // a UTF-16 surrogate encoded in UTF-8 (CESU)
                "80", // stray continuation byte
                "c3", // truncated sequence
                "f4908080", // past U+10FFFF
                "ff"
            })
    void shouldRefuseAJsonBodyThatIsNotStrictUtf8(String badHex) {
        LedgerSnapshot before = snapshot();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"texts\": [\"fever ".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(java.util.HexFormat.of().parseHex(badHex));
        body.writeBytes(" cough\"], \"learning_rate\": 0.05}".getBytes(StandardCharsets.UTF_8));
        Answer answer = raw.send("POST", PROPOSE, "application/json", body.toByteArray(), false);
        assertThat(answer.status()).as("bytes %s: %s", badHex, answer.raw()).isEqualTo(400);
        RawClient.assertProblem(answer, "body with " + badHex);
        assertThat(answer.text("detail")).contains("UTF-8");
        Answer chunked = raw.send("POST", PROPOSE, "application/json", body.toByteArray(), true);
        assertThat(chunked.status())
                .as("chunked, bytes %s: %s", badHex, chunked.raw())
                .isEqualTo(400);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void shouldStillAcceptValidMultiByteUtf8() {
        String texts = NodeClient.json(Map.of("texts", List.of("fièvre 发烧 \uD83E\uDD12"), "learning_rate", 0.05));
        Answer answer = raw.post(PROPOSE, "application/json", texts);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x1", "0X1", "01", "+1", "00", "1e0", "0b1", "-0x1", "1_0", "%2B1", "%231", "-0"})
    void shouldRefuseANonCanonicalBlockIndex(String index) {
        Answer answer = raw.get("/blocks/" + index);
        assertThat(answer.status()).as("/blocks/%s: %s", index, answer.raw()).isEqualTo(400);
        RawClient.assertProblem(answer, "/blocks/" + index);
    }

    @ParameterizedTest
    @ValueSource(strings = {"from=0x1", "from=01", "size=0x10", "from=%2B1", "size=010"})
    void shouldRefuseNonCanonicalNumbersInTheQuery(String query) {
        Answer answer = raw.get("/blocks?" + query);
        assertThat(answer.status()).as("/blocks?%s: %s", query, answer.raw()).isEqualTo(400);
        RawClient.assertProblem(answer, "/blocks?" + query);
        Answer history = raw.get("/blockchain-history?" + query.replace("from", "page"));
        assertThat(history.status()).as("history %s: %s", query, history.raw()).isEqualTo(400);
    }

    @Test
    void shouldStillReadCanonicalIndexes() {
        assertThat(raw.get("/blocks/0").status()).isEqualTo(200);
        assertThat(raw.get("/blocks?from=0&size=10").status()).isEqualTo(200);
        assertThat(raw.get("/blocks/" + Long.MAX_VALUE).status()).isEqualTo(404);
        assertThat(raw.get("/blocks/-1").status()).isBetween(400, 404);
    }
}
