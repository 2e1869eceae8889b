package ml.consensus.hashing;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Sha256Tests {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void shouldHashAbcToFipsKnownAnswer() {
        assertThat(Sha256.digest("abc".getBytes(StandardCharsets.US_ASCII)).hex())
                .isEqualTo(ABC);
    }

    @Test
    void shouldHashNothingToEmptyStringDigest() {
        assertThat(Sha256.digest().hex()).isEqualTo(EMPTY);
    }

    @Test
    void shouldHashConcatenationOfParts() {
        assertThat(Sha256.digest("a".getBytes(StandardCharsets.US_ASCII), "bc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(Sha256.fromHex(ABC));
    }

    @Test
    void shouldRoundTripHex() {
        Sha256 hash = Sha256.fromHex(ABC);

        assertThat(hash.hex()).isEqualTo(ABC);
        assertThat(hash.toString()).isEqualTo(ABC);
        assertThat(Sha256.ofBytes(hash.bytes())).isEqualTo(hash).hasSameHashCodeAs(hash);
        assertThat(hash.byteAt(0)).isEqualTo((byte) 0xba);
        assertThat(Sha256.isHex(ABC)).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
                "Ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015add",
                "ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                " a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                ""
            })
    void shouldRejectBadHex(String hex) {
        assertThat(Sha256.isHex(hex)).isFalse();
        assertThatThrownBy(() -> Sha256.fromHex(hex)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectWrongLength() {
        assertThatThrownBy(() -> Sha256.ofBytes(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("31");
        assertThatThrownBy(() -> Sha256.ofBytes(new byte[33])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sha256.ofBytes(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCopyBytesInAndOut() {
        byte[] bytes = Sha256.fromHex(ABC).bytes();
        Sha256 hash = Sha256.ofBytes(bytes);

        bytes[0] = 0;
        hash.bytes()[1] = 0;

        assertThat(hash.hex()).isEqualTo(ABC);
    }

    @Test
    void shouldOrderAsUnsignedBytes() {
        Sha256 low = Sha256.fromHex("7f" + "00".repeat(31));
        Sha256 high = Sha256.fromHex("80" + "00".repeat(31));

        assertThat(low).isLessThan(high);
        assertThat(Sha256.ZERO).isLessThan(low);
    }
}
