package ml.consensus.validator;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ed25519Tests {

    private static final HexFormat HEX = HexFormat.of();
    private static final Path WYCHEPROOF = Path.of("src/test/resources/vectors/ed25519-wycheproof/ed25519_test.json");
    /** The order of the Ed25519 base point (RFC 8032 section 5.1). */
    private static final BigInteger L =
            BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    // RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
    private static final byte[] SECRET_1 =
            HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] PUBLIC_1 =
            HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] MESSAGE_1 = new byte[0];
    private static final byte[] SIGNATURE_1 = HEX.parseHex(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    private static final byte[] SECRET_2 =
            HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    private static final byte[] PUBLIC_2 =
            HEX.parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    private static final byte[] MESSAGE_2 = HEX.parseHex("72");
    private static final byte[] SIGNATURE_2 = HEX.parseHex(
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");

    record WycheproofCase(int tcId, String comment, String publicKey, String message, String signature, String result) {

        @Override
        public String toString() {
            return "tcId " + tcId + " (" + result + "): " + comment;
        }
    }

    /** Every case of the Wycheproof file; a missing or short file fails the test instead of skipping it. */
    static List<WycheproofCase> wycheproofCases() throws Exception {
        assertThat(WYCHEPROOF)
                .as("Wycheproof vectors (run the tests from the project root)")
                .isRegularFile();
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(WYCHEPROOF));
        List<WycheproofCase> cases = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            String publicKey = group.get("publicKey").get("pk").stringValue();
            for (JsonNode test : group.get("tests")) {
                cases.add(new WycheproofCase(
                        test.get("tcId").intValue(),
                        test.get("comment").stringValue(),
                        publicKey,
                        test.get("msg").stringValue(),
                        test.get("sig").stringValue(),
                        test.get("result").stringValue()));
            }
        }
        assertThat(cases)
                .as("number of Wycheproof cases")
                .hasSize(root.get("numberOfTests").intValue());
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wycheproofCases")
    void shouldAgreeWithWycheproof(WycheproofCase test) {
        boolean valid = Ed25519.verify(
                HEX.parseHex(test.publicKey()), HEX.parseHex(test.message()), HEX.parseHex(test.signature()));

        switch (test.result()) {
            case "valid" ->
                assertThat(valid).as("%s: valid signature accepted", test).isTrue();
            case "invalid" ->
                assertThat(valid).as("%s: invalid signature refused", test).isFalse();
            // "acceptable" leaves the verdict to the implementation; verify() not throwing is the point.
            case "acceptable" -> {}
            default -> throw new AssertionError("unknown Wycheproof result: " + test.result());
        }
    }

    @Test
    void shouldReadAllWycheproofCasesIncludingMalleableOnes() throws Exception {
        List<WycheproofCase> cases = wycheproofCases();

        assertThat(cases).hasSize(151);
        assertThat(cases)
                .filteredOn(test -> test.comment().contains("s + L"))
                .isNotEmpty()
                .allMatch(test -> test.result().equals("invalid"));
    }

    @Test
    void shouldSignRfc8032Test1() {
        assertThat(Ed25519.sign(SECRET_1, MESSAGE_1)).isEqualTo(SIGNATURE_1);
        assertThat(Ed25519.publicKeyOf(SECRET_1)).isEqualTo(PUBLIC_1);
    }

    @Test
    void shouldSignRfc8032Test2() {
        assertThat(Ed25519.sign(SECRET_2, MESSAGE_2)).isEqualTo(SIGNATURE_2);
        assertThat(Ed25519.publicKeyOf(SECRET_2)).isEqualTo(PUBLIC_2);
    }

    @Test
    void shouldVerifyRfc8032Vectors() {
        assertThat(Ed25519.verify(PUBLIC_1, MESSAGE_1, SIGNATURE_1)).isTrue();
        assertThat(Ed25519.verify(PUBLIC_2, MESSAGE_2, SIGNATURE_2)).isTrue();
    }

    @Test
    void shouldRefuseSignatureOfAnotherMessageOrKey() {
        assertThat(Ed25519.verify(PUBLIC_1, MESSAGE_2, SIGNATURE_2)).isFalse();
        assertThat(Ed25519.verify(PUBLIC_2, MESSAGE_1, SIGNATURE_1)).isFalse();
    }

    @Test
    void shouldRefuseEveryFlippedBitInSignature() {
        for (int bit = 0; bit < SIGNATURE_2.length * 8; bit++) {
            assertThat(Ed25519.verify(PUBLIC_2, MESSAGE_2, flip(SIGNATURE_2, bit)))
                    .as("bit %d", bit)
                    .isFalse();
        }
    }

    @Test
    void shouldRefuseFlippedBitInMessage() {
        for (int bit = 0; bit < 8; bit++) {
            assertThat(Ed25519.verify(PUBLIC_2, flip(MESSAGE_2, bit), SIGNATURE_2))
                    .as("bit %d", bit)
                    .isFalse();
        }
    }

    @Test
    void shouldRefuseEveryFlippedBitInPublicKey() {
        for (int bit = 0; bit < PUBLIC_2.length * 8; bit++) {
            assertThat(Ed25519.verify(flip(PUBLIC_2, bit), MESSAGE_2, SIGNATURE_2))
                    .as("bit %d", bit)
                    .isFalse();
        }
    }

    @Test
    void shouldRefuseMalleableSignatureWithSPlusL() {
        byte[] malleable = withS(SIGNATURE_2, s(SIGNATURE_2).add(L));

        assertThat(Ed25519.verify(PUBLIC_2, MESSAGE_2, malleable)).isFalse();
    }

    @Test
    void shouldRefuseWrongLengthsWithoutThrowing() {
        byte[] longSignature = Arrays.copyOf(SIGNATURE_2, 65);
        byte[] shortSignature = Arrays.copyOf(SIGNATURE_2, 63);
        byte[] longKey = Arrays.copyOf(PUBLIC_2, 33);
        byte[] shortKey = Arrays.copyOf(PUBLIC_2, 31);

        assertThatCode(() -> {
                    assertThat(Ed25519.verify(PUBLIC_2, MESSAGE_2, longSignature))
                            .isFalse();
                    assertThat(Ed25519.verify(PUBLIC_2, MESSAGE_2, shortSignature))
                            .isFalse();
                    assertThat(Ed25519.verify(PUBLIC_2, MESSAGE_2, new byte[0])).isFalse();
                    assertThat(Ed25519.verify(longKey, MESSAGE_2, SIGNATURE_2)).isFalse();
                    assertThat(Ed25519.verify(shortKey, MESSAGE_2, SIGNATURE_2)).isFalse();
                    assertThat(Ed25519.verify(null, MESSAGE_2, SIGNATURE_2)).isFalse();
                    assertThat(Ed25519.verify(PUBLIC_2, MESSAGE_2, null)).isFalse();
                    assertThat(Ed25519.verify(PUBLIC_2, null, SIGNATURE_2)).isFalse();
                })
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseKeyThatIsNotACurvePointWithoutThrowing() {
        // y = 2 has no x on the curve (Wycheproof's "invalid public key" idea, here by construction).
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2;

        assertThat(Ed25519.verify(notAPoint, MESSAGE_2, SIGNATURE_2)).isFalse();
    }

    @Test
    void shouldRefuseSigningWithWrongLengthPrivateKey() {
        assertThatThrownBy(() -> Ed25519.sign(new byte[31], MESSAGE_2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> Ed25519.publicKeyOf(new byte[64]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }

    @Test
    void shouldRoundTripSignAndVerifyWithNewKey() {
        byte[] privateKey = Ed25519.newPrivateKey(new SecureRandom());
        byte[] publicKey = Ed25519.publicKeyOf(privateKey);
        byte[] message = "consensus-ml/vote/v1:approve:ab:validator-alice".getBytes(StandardCharsets.UTF_8);

        byte[] signature = Ed25519.sign(privateKey, message);

        assertThat(privateKey).hasSize(32);
        assertThat(publicKey).hasSize(32);
        assertThat(signature).hasSize(64);
        assertThat(Ed25519.verify(publicKey, message, signature)).isTrue();
        assertThat(Ed25519.newPrivateKey(new SecureRandom())).isNotEqualTo(privateKey);
    }

    private static byte[] flip(byte[] bytes, int bit) {
        byte[] copy = bytes.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    /** S of a signature: its last 32 bytes, little-endian. */
    private static BigInteger s(byte[] signature) {
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = signature[63 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    private static byte[] withS(byte[] signature, BigInteger s) {
        byte[] copy = signature.clone();
        byte[] bigEndian = s.toByteArray();
        Arrays.fill(copy, 32, 64, (byte) 0);
        for (int i = 0; i < bigEndian.length && i < 32; i++) {
            copy[32 + i] = bigEndian[bigEndian.length - 1 - i];
        }
        return copy;
    }
}
