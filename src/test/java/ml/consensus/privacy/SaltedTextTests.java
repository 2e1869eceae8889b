package ml.consensus.privacy;

import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SaltedTextTests {

    private static final HexFormat HEX = HexFormat.of();
    /** The salt of the worked example in docs/privacy.md: bytes 0x00, 0x01, ..., 0x1f. */
    static final byte[] SALT_0 = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    /** Bytes 0xff, 0xfe, ..., 0xe0. */
    static final byte[] SALT_1 = HEX.parseHex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0");

    @Test
    void shouldStoreTheSaltThenTheUtf8Text() {
        SaltedText salted = new SaltedText(SALT_0, "Fièvre");

        // "Fièvre" in UTF-8: F i (c3 a8) v r e
        assertThat(HEX.formatHex(salted.bytes())).isEqualTo(HEX.formatHex(SALT_0) + "4669c3a8767265");
    }

    @Test
    void shouldHashTheTagAZeroByteTheSaltAndTheText() throws Exception {
        SaltedText salted = new SaltedText(SALT_0, "I have a fever");
        MessageDigest independent = MessageDigest.getInstance("SHA-256");
        independent.update("consensus-ml/private-text/v1\0".getBytes(UTF_8));
        independent.update(SALT_0);
        independent.update("I have a fever".getBytes(UTF_8));

        assertThat(salted.hash().bytes()).isEqualTo(independent.digest());
        // docs/privacy.md: { printf 'consensus-ml/private-text/v1\0'; <salt>; printf 'I have a fever'; } | sha256sum
        assertThat(salted.hash().hex()).isEqualTo("fa18315a7c25d6d7e86454943e3e37fa5ba172d608c8e4cbcc67ab529176395f");
    }

    @Test
    void shouldGiveAnotherHashForAnotherSalt() {
        assertThat(new SaltedText(SALT_0, "fever").hash()).isNotEqualTo(new SaltedText(SALT_1, "fever").hash());
    }

    @Test
    void shouldReadBackItsOwnBytes() {
        SaltedText salted = new SaltedText(SALT_1, "Лихорадка 发烧 🤒");

        assertThat(SaltedText.fromBytes(salted.bytes())).isEqualTo(salted);
        assertThat(SaltedText.fromBytes(SALT_1).text()).isEmpty();
    }

    @Test
    void shouldRefuseASaltThatIsNot32Bytes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SaltedText(new byte[31], "fever"))
                .withMessageContaining("32 bytes, got 31");
        assertThatIllegalArgumentException().isThrownBy(() -> new SaltedText(new byte[33], "fever"));
        assertThatIllegalArgumentException().isThrownBy(() -> new SaltedText(null, "fever"));
    }

    @Test
    void shouldRefuseALoneSurrogate() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SaltedText(SALT_0, "fever \uD83E"))
                .withMessageContaining("lone UTF-16 surrogate at index 6");
        assertThatIllegalArgumentException().isThrownBy(() -> new SaltedText(SALT_0, "\uDD12 fever"));
    }

    @Test
    void shouldRefuseBytesShorterThanASaltOrNotUtf8() {
        assertThatIllegalArgumentException().isThrownBy(() -> SaltedText.fromBytes(new byte[31]));
        byte[] overlong = new byte[34];
        overlong[32] = (byte) 0xC0;
        overlong[33] = (byte) 0x80;
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SaltedText.fromBytes(overlong))
                .withMessageContaining("not well-formed UTF-8");
        byte[] surrogate = new byte[35];
        surrogate[32] = (byte) 0xED;
        surrogate[33] = (byte) 0xA0;
        surrogate[34] = (byte) 0x80;
        assertThatIllegalArgumentException().isThrownBy(() -> SaltedText.fromBytes(surrogate));
    }

    @Test
    void shouldCopyTheSaltInAndOut() {
        byte[] salt = SALT_0.clone();
        SaltedText salted = new SaltedText(salt, "fever");
        salt[0] = 9;
        salted.salt()[1] = 9;

        assertThat(salted.salt()).isEqualTo(SALT_0);
        assertThat(salted)
                .isEqualTo(new SaltedText(SALT_0, "fever"))
                .hasSameHashCodeAs(new SaltedText(SALT_0, "fever"));
    }

    @Test
    void shouldShowNeitherTheTextNorTheSalt() {
        SaltedText salted = new SaltedText(SALT_0, "patient Alice Smith");

        assertThat(salted.toString())
                .doesNotContain("Alice")
                .doesNotContain(HEX.formatHex(SALT_0))
                .contains(salted.hash().hex());
    }
}
