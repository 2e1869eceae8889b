package ml.consensus.hashing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 8785 against the cyberphone/json-canonicalization vectors in src/test/resources/vectors/rfc8785-jcs (copied from the shared vectors). */
class CanonicalJsonTests {

    private static final Path VECTORS = Path.of("src", "test", "resources", "vectors", "rfc8785-jcs");

    static Stream<String> vectorNames() throws IOException {
        Path input = VECTORS.resolve("input");
        if (!Files.isDirectory(input)) {
            throw new IllegalStateException("RFC 8785 vectors missing: " + input.toAbsolutePath());
        }
        try (Stream<Path> files = Files.list(input)) {
            List<String> names =
                    files.map(p -> p.getFileName().toString()).sorted().toList();
            if (names.isEmpty()) {
                throw new IllegalStateException("no RFC 8785 vectors in " + input.toAbsolutePath());
            }
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorNames")
    void shouldCanonicalizeVectorToExactOutputBytes(String name) throws IOException {
        String input = Files.readString(VECTORS.resolve("input").resolve(name), StandardCharsets.UTF_8);
        // The output files hold the canonical form exactly, with no trailing newline.
        byte[] expected = Files.readAllBytes(VECTORS.resolve("output").resolve(name));

        assertThat(CanonicalJson.canonicalBytes(input)).isEqualTo(expected);
        assertThat(CanonicalJson.canonicalize(input)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
    }

    @Test
    void shouldBeIdempotent() {
        String once = CanonicalJson.canonicalize("{ \"b\": [1.0, 2e3, \"\\u00e9\"], \"a\": null }");

        assertThat(once).isEqualTo("{\"a\":null,\"b\":[1,2000,\"é\"]}");
        assertThat(CanonicalJson.canonicalize(once)).isEqualTo(once);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":}", "[1,]", "{'a':1}", "nul", "{\"a\":1}}"})
    void shouldRejectInvalidJson(String json) {
        assertThatThrownBy(() -> CanonicalJson.canonicalize(json)).isInstanceOf(IllegalArgumentException.class);
    }
}
