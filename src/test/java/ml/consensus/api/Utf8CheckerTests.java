package ml.consensus.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Utf8CheckerTests {

    private static boolean accepts(byte[] bytes) {
        Utf8Checker checker = new Utf8Checker();
        try {
            for (byte b : bytes) {
                checker.accept(b & 0xff);
            }
            checker.finish();
            return true;
        } catch (Utf8Checker.InvalidUtf8Exception e) {
            return false;
        }
    }

    /** The JDK's decoder, set to report rather than replace, is the reference for well-formed UTF-8. */
    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "41", "c2a9", "e282ac", "f09f9092", "f48fbfbf", "ed9fbf", "ee8080", "7f"})
    void shouldAcceptWellFormedSequences(String hex) {
        assertThat(accepts(HexFormat.of().parseHex(hex))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "c0af",
                "c1bf",
                "e080af",
                "f08080af",
                "eda080",
                "edbfbf",
                "80",
                "c3",
                "e282",
                "f4908080",
                "f5",
                "ff"
            })
    void shouldRefuseOverlongSurrogateStrayTruncatedAndOutOfRangeSequences(String hex) {
        assertThat(accepts(HexFormat.of().parseHex(hex))).isFalse();
    }

    @Test
    void shouldNameTheOffendingByteAndItsOffset() {
        Utf8Checker checker = new Utf8Checker();
        assertThatThrownBy(() -> {
                    for (byte b : HexFormat.of().parseHex("4142c0af")) {
                        checker.accept(b & 0xff);
                    }
                })
                .isInstanceOf(Utf8Checker.InvalidUtf8Exception.class)
                .hasMessageContaining("byte C0 at offset 2");
    }

    @Test
    void shouldAgreeWithTheJdkDecoderOnRandomBytes() {
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(1, 6)];
            for (int j = 0; j < bytes.length; j++) {
                // Mostly high bytes, where the interesting sequences are.
                bytes[j] = (byte) (random.nextBoolean() ? random.nextInt(0x80, 0x100) : random.nextInt(0, 0x100));
            }
            assertThat(accepts(bytes)).as(HexFormat.of().formatHex(bytes)).isEqualTo(jdkAccepts(bytes));
        }
    }
}
