package ml.consensus.validator;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidatorSetTests {

    private static final String ALICE_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String BOB_KEY = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    private static final String CAROL_KEY = "160c5f28281641bde37c3ff9a7380e7e9827d9dba8bad64b02c5f92cc21e2bff";

    private static final String FILE = """
            {"validators_required": 2, "validators": [
              {"id": "validator-alice", "public_key": "%s", "weight": 1},
              {"id": "validator-bob", "public_key": "%s"},
              {"id": "validator-carol", "public_key": "%s", "weight": 3}
            ]}
            """.formatted(ALICE_KEY, BOB_KEY, CAROL_KEY);

    @Test
    void shouldParseTheDocumentedFormat() {
        ValidatorSet set = ValidatorSet.parse(FILE);

        assertThat(set.validatorsRequired()).isEqualTo(2);
        assertThat(set.validators())
                .containsExactly(
                        new ValidatorKey("validator-alice", ALICE_KEY, 1),
                        new ValidatorKey("validator-bob", BOB_KEY, 1),
                        new ValidatorKey("validator-carol", CAROL_KEY, 3));
    }

    @Test
    void shouldRoundTripThroughJson() {
        ValidatorSet set = ValidatorSet.parse(FILE);

        String json = set.toJson();

        assertThat(ValidatorSet.parse(json)).isEqualTo(set);
        assertThat(json).contains("\"validators_required\"", "\"public_key\"", "\"weight\"");
    }

    @Test
    void shouldReadAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("validators.json"), FILE);

        assertThat(ValidatorSet.read(file)).isEqualTo(ValidatorSet.parse(FILE));
    }

    @Test
    void shouldNameTheFileInContentErrors(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("validators.json"), "{\"validators_required\": 1}");

        assertThatThrownBy(() -> ValidatorSet.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("validators is required");
    }

    @Test
    void shouldReportAMissingFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ValidatorSet.read(dir.resolve("absent.json")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("validator set file " + dir.resolve("absent.json") + " not found");
    }

    @Test
    void shouldFindAValidatorById() {
        ValidatorSet set = ValidatorSet.parse(FILE);

        assertThat(set.find("validator-bob")).contains(new ValidatorKey("validator-bob", BOB_KEY));
        assertThat(set.find("validator-dave")).isEmpty();
        assertThat(set.find(null)).isEmpty();
    }

    @Test
    void shouldExposeRawPublicKey() {
        assertThat(new ValidatorKey("validator-alice", ALICE_KEY).publicKey())
                .isEqualTo(Ed25519.publicKeyOf(
                        HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")));
    }

    @Test
    void shouldBeImmutable() {
        List<ValidatorKey> keys = new ArrayList<>(List.of(new ValidatorKey("a", ALICE_KEY)));
        ValidatorSet set = new ValidatorSet(1, keys);
        keys.add(new ValidatorKey("b", BOB_KEY));

        assertThat(set.validators()).hasSize(1);
        assertThatThrownBy(() -> set.validators().add(new ValidatorKey("c", CAROL_KEY)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    // Each refusal: the file text (ALICE/BOB stand for valid keys) and what the message must say.
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                                                                                      | not JSON
            [1, 2]                                                                                        | must be a JSON object
            {"validators_required": 1, "validators": [{"id": "a", "public_key": "ALICE"}]} trailing       | not JSON
            {"validators": [{"id": "a", "public_key": "ALICE"}]}                                          | validators_required is required
            {"validators_required": "1", "validators": [{"id": "a", "public_key": "ALICE"}]}              | validators_required must be a whole number
            {"validators_required": 1.5, "validators": [{"id": "a", "public_key": "ALICE"}]}              | validators_required must be a whole number
            {"validators_required": 0, "validators": [{"id": "a", "public_key": "ALICE"}]}                | validators_required must be between 1 and the number of validators (1), got: 0
            {"validators_required": 2, "validators": [{"id": "a", "public_key": "ALICE"}]}                | validators_required must be between 1 and the number of validators (1), got: 2
            {"validators_required": 1}                                                                    | validators is required
            {"validators_required": 1, "validators": {}}                                                  | validators must be an array
            {"validators_required": 1, "validators": []}                                                  | validators must list at least one validator
            {"validators_required": 1, "validators": ["a"]}                                               | validators[0] must be an object
            {"validators_required": 1, "validators": [{"id": "a", "public_key": "ALICE"}], "extra": 1}    | extra is not a known field
            {"validators_required": 1, "validators_required": 1, "validators": []}                        | Duplicate
            {"validators_required": 1, "validators": [{"id": "a", "public_key": "ALICE", "name": "x"}]}    | validators[0].name is not a known field
            {"validators_required": 1, "validators": [{"public_key": "ALICE"}]}                           | validators[0].id is required
            {"validators_required": 1, "validators": [{"id": 7, "public_key": "ALICE"}]}                  | validators[0].id must be a string
            {"validators_required": 1, "validators": [{"id": "-a", "public_key": "ALICE"}]}               | validators[0].id must be 1 to 128 characters
            {"validators_required": 1, "validators": [{"id": "a"}]}                                       | validators[0].public_key is required
            {"validators_required": 1, "validators": [{"id": "a", "public_key": "ALICE"}, {"id": "b", "public_key": "ab"}]} | validators[1].public_key must be 64 lower-case hex characters
            {"validators_required": 1, "validators": [{"id": "a", "public_key": "ALICE"}, {"id": "b", "public_key": "UPPER"}]} | validators[1].public_key must be 64 lower-case hex characters
            {"validators_required": 1, "validators": [{"id": "a", "public_key": "ALICE", "weight": 0}]}   | validators[0].weight must be at least 1
            {"validators_required": 1, "validators": [{"id": "a", "public_key": "ALICE", "weight": "1"}]} | validators[0].weight must be a whole number
            {"validators_required": 1, "validators": [{"id": "a", "public_key": "ALICE"}, {"id": "a", "public_key": "BOB"}]} | validators[1].id repeats validators[0].id: a
            {"validators_required": 1, "validators": [{"id": "a", "public_key": "ALICE"}, {"id": "b", "public_key": "ALICE"}]} | validators[1].public_key repeats validators[0].public_key
            """)
    void shouldRefuseAnInvalidFileNamingTheField(String json, String message) {
        String text = json.replace("ALICE", ALICE_KEY)
                .replace("BOB", BOB_KEY)
                .replace("UPPER", ALICE_KEY.toUpperCase(Locale.ROOT));

        assertThatThrownBy(() -> ValidatorSet.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldRefuseInvalidRecordsBuiltInCode() {
        ValidatorKey alice = new ValidatorKey("a", ALICE_KEY);

        assertThatThrownBy(() -> new ValidatorSet(1, null)).hasMessageContaining("at least one validator");
        assertThatThrownBy(() -> new ValidatorSet(1, Arrays.asList(alice, null)))
                .hasMessageContaining("validators[1] is null");
        assertThatThrownBy(() -> new ValidatorKey("a", ALICE_KEY, 0)).hasMessageContaining("weight must be at least 1");
        assertThatThrownBy(() -> new ValidatorKey("a".repeat(129), ALICE_KEY)).hasMessageContaining("id must be");
        assertThatThrownBy(() -> new ValidatorKey("a", null)).hasMessageContaining("public_key must be");
    }
}
