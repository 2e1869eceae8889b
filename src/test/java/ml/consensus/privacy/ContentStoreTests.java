package ml.consensus.privacy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ml.consensus.hashing.Sha256;
import ml.consensus.model.BaseModel;
import ml.consensus.model.EmbeddingModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ContentStoreTests {

    @TempDir
    Path dataDir;

    private final SaltedText text = TextCommitment.commit(
                    List.of("The patient Alice has malaria."), new SplittableRandom(3))
            .texts()
            .get(0);

    private ContentStore store() throws IOException {
        return new ContentStore(dataDir.resolve("private"));
    }

    private static ModelDelta delta() {
        EmbeddingModel base = BaseModel.create();
        return ModelDelta.between(base, TestModels.trained(base, List.of("malaria and dengue")));
    }

    @Test
    void shouldKeepATextUnderItsSaltedHashAsSaltThenText() throws IOException {
        ContentStore store = store();

        Sha256 hash = store.putText(text);

        assertThat(hash).isEqualTo(text.hash());
        Path file = dataDir.resolve("private/texts/" + hash.hex());
        assertThat(Files.readAllBytes(file)).isEqualTo(text.bytes());
        assertThat(store.text(hash)).contains(text);
    }

    @Test
    void shouldKeepADeltaUnderItsHashAsItsCanonicalBytes() throws IOException {
        ContentStore store = store();
        ModelDelta delta = delta();

        Sha256 hash = store.putDelta(delta);

        assertThat(hash).isEqualTo(delta.hash());
        assertThat(Files.readAllBytes(dataDir.resolve("private/deltas/" + hash.hex())))
                .isEqualTo(delta.encode());
        assertThat(store.delta(hash)).contains(delta);
    }

    @Test
    void shouldAnswerNothingForAnUnknownHash() throws IOException {
        ContentStore store = store();

        assertThat(store.text(Sha256.ZERO)).isEmpty();
        assertThat(store.delta(text.hash())).isEmpty();
    }

    @Test
    void shouldKeepTextsAndDeltasApart() throws IOException {
        ContentStore store = store();
        Sha256 hash = store.putText(text);
        // A delta file under a text's name: the hash domains differ, so it can never check out.
        Files.copy(dataDir.resolve("private/texts/" + hash.hex()), dataDir.resolve("private/deltas/" + hash.hex()));

        assertThatThrownBy(() -> store.delta(hash)).isInstanceOf(CorruptContentException.class);
    }

    @Test
    void shouldRefuseAFileWhoseContentIsNotItsName() throws IOException {
        ContentStore store = store();
        Sha256 hash = store.putText(text);
        Path file = dataDir.resolve("private/texts/" + hash.hex());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(() -> store.text(hash))
                .isInstanceOfSatisfying(
                        CorruptContentException.class, e -> assertThat(e.path()).isEqualTo(file))
                .hasMessage(file + ": content hash computed "
                        + SaltedText.fromBytes(bytes).hash().hex() + ", expected " + hash.hex());
    }

    @Test
    void shouldRefuseAFileLargerThanAnyValidContentWithoutReadingItAll() throws IOException {
        ContentStore store = store();
        Path file = dataDir.resolve("private/texts/" + Sha256.ZERO.hex());
        Files.write(file, new byte[ContentStore.MAX_TEXT_FILE_BYTES + 1]);

        assertThatThrownBy(() -> store.text(Sha256.ZERO))
                .isInstanceOf(CorruptContentException.class)
                .hasMessageContaining("larger than any valid content");
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        store.putText(new SaltedText(new byte[32], "x".repeat(ContentStore.MAX_TEXT_FILE_BYTES))));
    }

    @Test
    void shouldRefuseAFileWhoseHashMatchesButDoesNotParse() throws IOException {
        ContentStore store = store();
        byte[] garbage = {1, 2, 3};
        Sha256 hash = ml.consensus.hashing.HashDomain.MODEL_DELTA.hash(garbage);
        Files.write(dataDir.resolve("private/deltas/" + hash.hex()), garbage);

        assertThatThrownBy(() -> store.delta(hash))
                .isInstanceOf(CorruptContentException.class)
                .hasMessageContaining("does not parse");
    }

    @Test
    void shouldStoreTheSameContentOnceAndRepairACorruptCopy() throws IOException {
        ContentStore store = store();
        Sha256 hash = store.putText(text);
        Path file = dataDir.resolve("private/texts/" + hash.hex());
        Files.write(file, new byte[] {0});

        assertThat(store.putText(text)).isEqualTo(hash);
        assertThat(store.putText(text)).isEqualTo(hash);

        assertThat(store.text(hash)).contains(text);
        assertThat(listing("texts")).containsExactly(hash.hex());
    }

    @Test
    void shouldLeaveNoTemporaryFileBehind() throws IOException {
        ContentStore store = store();

        store.putText(text);
        store.putDelta(delta());

        assertThat(listing("texts")).allMatch(Sha256::isHex);
        assertThat(listing("deltas")).allMatch(Sha256::isHex).hasSize(1);
    }

    @Test
    void shouldEraseATextAndTheTemporaryCopiesACrashLeft() throws IOException {
        ContentStore store = store();
        Sha256 hash = store.putText(text);
        SaltedText other = new SaltedText(new byte[32], "another text");
        store.putText(other);
        // What a crash between writing and renaming leaves: a temporary file named after the hash.
        Path leftover = dataDir.resolve("private/texts/." + hash.hex() + ".12345.tmp");
        Files.write(leftover, text.bytes());

        assertThat(store.eraseText(hash)).isTrue();

        assertThat(store.text(hash)).isEmpty();
        assertThat(leftover).doesNotExist();
        assertThat(listing("texts")).containsExactly(other.hash().hex());
        assertThat(store.eraseText(hash)).isFalse();
        assertThat(store.eraseText(Sha256.ZERO)).isFalse();
    }

    @Test
    void shouldDeleteADelta() throws IOException {
        ContentStore store = store();
        Sha256 hash = store.putDelta(delta());

        assertThat(store.deleteDelta(hash)).isTrue();

        assertThat(store.delta(hash)).isEmpty();
        assertThat(store.deleteDelta(hash)).isFalse();
    }

    @Test
    void shouldSurviveANewStoreOnTheSameDirectory() throws IOException {
        Sha256 hash = store().putText(text);

        assertThat(store().text(hash)).contains(text);
    }

    @Test
    void shouldMakeItsDirectoriesAndFilesReadableByTheOwnerOnly() throws IOException {
        assumeTrue(dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        ContentStore store = store();
        Sha256 hash = store.putText(text);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("private"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("private/texts"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(dataDir.resolve("private/texts/" + hash.hex()))))
                .isEqualTo("rw-------");
    }

    private List<String> listing(String directory) throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("private").resolve(directory))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
