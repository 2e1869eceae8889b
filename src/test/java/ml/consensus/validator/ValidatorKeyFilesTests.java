package ml.consensus.validator;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidatorKeyFilesTests {

    /** Written once by `openssl genpkey -algorithm ed25519` (OpenSSL 3.0.19), pasted verbatim. */
    private static final String OPENSSL_PEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJpwdHx5NGYRUqMiGbf6cBzSiJ8UXAyfB4y535GIKQoG
            -----END PRIVATE KEY-----
            """;
    /** `openssl pkey -in key.pem -pubout -outform DER | tail -c 32 | xxd -p -c 32` of that key. */
    private static final String OPENSSL_PUBLIC_KEY = "160c5f28281641bde37c3ff9a7380e7e9827d9dba8bad64b02c5f92cc21e2bff";
    /** `openssl pkey -in key.pem -outform DER | xxd -p -c 64`: the fixed prefix, then the seed. */
    private static final String OPENSSL_DER =
            "302e020100300506032b657004220420" + "9a70747c7934661152a32219b7fa701cd2889f145c0c9f078cb9df9188290a06";

    @TempDir
    Path dir;

    @Test
    void shouldReadAKeyWrittenByOpenssl() throws Exception {
        Path file = Files.writeString(dir.resolve("alice.pem"), OPENSSL_PEM);

        byte[] seed = ValidatorKeyFiles.readPrivateKey(file);

        assertThat(HexFormat.of().formatHex(seed)).isEqualTo(OPENSSL_DER.substring(32));
        assertThat(HexFormat.of().formatHex(Ed25519.publicKeyOf(seed))).isEqualTo(OPENSSL_PUBLIC_KEY);
    }

    @Test
    void shouldWriteExactlyWhatOpensslWrites() throws Exception {
        Path file = dir.resolve("alice.pem");

        ValidatorKeyFiles.writePrivateKey(file, HexFormat.of().parseHex(OPENSSL_DER.substring(32)));

        assertThat(Files.readString(file)).isEqualTo(OPENSSL_PEM);
    }

    @Test
    void shouldRoundTripANewKey() {
        Path file = dir.resolve("bob.pem");
        byte[] seed = Ed25519.newPrivateKey(new SecureRandom());

        ValidatorKeyFiles.writePrivateKey(file, seed);

        assertThat(ValidatorKeyFiles.readPrivateKey(file)).isEqualTo(seed);
    }

    @Test
    void shouldWriteOwnerOnlyFileWherePosix() throws Exception {
        Path file = dir.resolve("carol.pem");

        ValidatorKeyFiles.writePrivateKey(file, new byte[32]);

        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void shouldNeverOverwriteAKeyFile() throws Exception {
        Path file = Files.writeString(dir.resolve("alice.pem"), OPENSSL_PEM);

        assertThatThrownBy(() -> ValidatorKeyFiles.writePrivateKey(file, new byte[32]))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("never overwritten");
        assertThat(Files.readString(file)).isEqualTo(OPENSSL_PEM);
    }

    @Test
    void shouldAcceptCrlfLineEnds() throws Exception {
        Path file = Files.writeString(dir.resolve("alice.pem"), OPENSSL_PEM.replace("\n", "\r\n"));

        assertThat(HexFormat.of().formatHex(Ed25519.publicKeyOf(ValidatorKeyFiles.readPrivateKey(file))))
                .isEqualTo(OPENSSL_PUBLIC_KEY);
    }

    @Test
    void shouldRefuseWritingAWrongLengthSeed() {
        assertThatThrownBy(() -> ValidatorKeyFiles.writePrivateKey(dir.resolve("x.pem"), new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThat(dir.resolve("x.pem")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "garbage",
                "-----BEGIN PRIVATE KEY-----\n!!!not base64!!!\n-----END PRIVATE KEY-----\n",
                // the same key's DER without its last byte
                "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJpwdHx5NGYRUqMiGbf6cBzSiJ8UXAyfB4y535GIKQo=\n-----END PRIVATE KEY-----\n",
                // an X25519 key (OID 1.3.101.110): right shape, wrong algorithm
                "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VuBCIEIJpwdHx5NGYRUqMiGbf6cBzSiJ8UXAyfB4y535GIKQoG\n-----END PRIVATE KEY-----\n",
                // a public key is not a private key
                "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAFgxfKCgWQb3jfD/5pzgOfpgn2duoutZLAsX5LMIeK/8=\n-----END PUBLIC KEY-----\n",
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"
            })
    void shouldRefuseAnythingButAnEd25519Pkcs8Pem(String text) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.pem"), text);

        assertThatThrownBy(() -> ValidatorKeyFiles.readPrivateKey(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void shouldReportAMissingFile() {
        assertThatThrownBy(() -> ValidatorKeyFiles.readPrivateKey(dir.resolve("absent.pem")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("absent.pem");
    }
}
