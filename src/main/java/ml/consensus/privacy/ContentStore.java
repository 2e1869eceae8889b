package ml.consensus.privacy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;

/**
 * A node's content-addressed store of private texts and model deltas, plain files under one
 * directory (by convention {@code <data-dir>/private}); layout and guarantees in docs/privacy.md:
 *
 * <pre>
 * texts/&lt;hex&gt;    salt || UTF-8(text); hex = its salted hash ({@link SaltedText#hash()})
 * deltas/&lt;hex&gt;   the delta's canonical bytes; hex = its hash ({@link ModelDelta#hash()})
 * </pre>
 *
 * <p>A file's name is the hash of its content, so every read recomputes the hash and a file that
 * does not match is reported ({@link CorruptContentException}), never returned. Writes go to a
 * temporary file in the same directory ({@code .<hex>.<random>.tmp}), are forced to the device,
 * then moved over the final name atomically, and the directory is forced: a crash leaves either
 * no file or the whole file under its name, at worst a temporary file that reads ignore and
 * {@link #eraseText} and {@link #deleteDelta} remove too. On POSIX file systems the directories are
 * created {@code rwx------} and the files {@code rw-------}.
 *
 * <p>Deleting removes the directory entry and forces the directory; it does not, and on modern
 * storage cannot, promise that the bytes are gone from the medium (docs/privacy.md, "Erasure").
 *
 * <p>Safe for concurrent use by one process for different hashes; the caller serialises a delete
 * against a put of the same hash.
 */
public final class ContentStore {

    /** Largest text file: the salt and 1 MiB of UTF-8, beyond any text the node's batch limits allow. */
    public static final int MAX_TEXT_FILE_BYTES = SaltedText.SALT_LENGTH + (1 << 20);
    /** Largest delta file: 64 MiB, the size of a delta adding about 130,000 words. */
    public static final int MAX_DELTA_FILE_BYTES = 64 << 20;

    private final Path root;
    private final Shelf texts;
    private final Shelf deltas;

    /**
     * A store in {@code root}, creating {@code root/texts} and {@code root/deltas} if they are missing.
     *
     * @throws IOException if the directories cannot be created
     */
    public ContentStore(Path root) throws IOException {
        this.root = Objects.requireNonNull(root, "root");
        this.texts = new Shelf(createDirectory(root.resolve("texts")), HashDomain.PRIVATE_TEXT, MAX_TEXT_FILE_BYTES);
        this.deltas = new Shelf(createDirectory(root.resolve("deltas")), HashDomain.MODEL_DELTA, MAX_DELTA_FILE_BYTES);
    }

    public Path root() {
        return root;
    }

    /** Stores {@code text} under its salted hash, which it answers; storing it again changes nothing. */
    public Sha256 putText(SaltedText text) throws IOException {
        return texts.put(Objects.requireNonNull(text, "text").bytes());
    }

    /**
     * The salted text stored under {@code hash}, checked against it; empty when there is none (never
     * stored, or erased).
     *
     * @throws CorruptContentException when the file does not hold what its name promises
     */
    public Optional<SaltedText> text(Sha256 hash) throws IOException {
        return texts.get(hash, SaltedText::fromBytes);
    }

    /**
     * Deletes the text (and so its salt) stored under {@code hash}, with any temporary copy a crash
     * left behind. Answers whether a text was there: the store cannot tell a hash never stored from
     * one erased before, the ledger's erasure records can.
     */
    public boolean eraseText(Sha256 hash) throws IOException {
        return texts.delete(hash);
    }

    /** Stores {@code delta} under its hash, which it answers; storing it again changes nothing. */
    public Sha256 putDelta(ModelDelta delta) throws IOException {
        return deltas.put(Objects.requireNonNull(delta, "delta").encode());
    }

    /**
     * The delta stored under {@code hash}, checked against it and decoded strictly; empty when there
     * is none.
     *
     * @throws CorruptContentException when the file does not hold what its name promises
     */
    public Optional<ModelDelta> delta(Sha256 hash) throws IOException {
        return deltas.get(hash, ModelDelta::decode);
    }

    /** Deletes the delta stored under {@code hash}; answers whether one was there. */
    public boolean deleteDelta(Sha256 hash) throws IOException {
        return deltas.delete(hash);
    }

    private static Path createDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return directory;
        }
        try {
            return Files.createDirectories(directory, ownerOnly(directory, "rwx------"));
        } catch (FileAlreadyExistsException e) {
            // Another node process created it in between: fine if it is a directory.
            if (Files.isDirectory(directory)) {
                return directory;
            }
            throw e;
        }
    }

    /** Owner-only permissions where the file system knows POSIX permissions, none otherwise. */
    private static FileAttribute<?>[] ownerOnly(Path path, String permissions) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        boolean posix = existing != null
                && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
                }
                : new FileAttribute<?>[0];
    }

    /** One directory of content of one kind: the hash domain names its files, the bound caps reads. */
    private record Shelf(Path directory, HashDomain domain, int maxBytes) {

        Sha256 put(byte[] content) throws IOException {
            if (content.length > maxBytes) {
                throw new IllegalArgumentException(
                        "content of " + content.length + " bytes is more than the " + maxBytes + " this store keeps");
            }
            Sha256 hash = domain.hash(content);
            Path target = directory.resolve(hash.hex());
            if (holds(target, hash)) {
                return hash;
            }
            // Files.createTempFile makes the file rw------- on POSIX file systems.
            Path temporary = Files.createTempFile(directory, "." + hash.hex() + ".", ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                move(temporary, target);
            } finally {
                Files.deleteIfExists(temporary);
            }
            forceDirectory();
            return hash;
        }

        private static void move(Path from, Path to) throws IOException {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(
                        "the file system of " + to.getParent() + " cannot rename atomically,"
                                + " which the store needs so that no reader sees half a file",
                        e);
            }
        }

        /** True when {@code target} exists and holds content with this hash (a corrupt file is rewritten). */
        private boolean holds(Path target, Sha256 hash) throws IOException {
            try {
                return read(target, hash) != null;
            } catch (CorruptContentException e) {
                return false;
            }
        }

        <T> Optional<T> get(Sha256 hash, Function<byte[], T> parse) throws IOException {
            Objects.requireNonNull(hash, "hash");
            Path file = directory.resolve(hash.hex());
            byte[] content = read(file, hash);
            if (content == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(parse.apply(content));
            } catch (IllegalArgumentException e) {
                throw new CorruptContentException(file, "its hash matches but it does not parse: " + e.getMessage(), e);
            }
        }

        /** The checked content of {@code file}, or null when there is no such file. */
        private byte[] read(Path file, Sha256 hash) throws IOException {
            byte[] content;
            try (InputStream in = Files.newInputStream(file)) {
                // One byte more than allowed tells an oversized file without reading all of it.
                content = in.readNBytes(maxBytes + 1);
            } catch (NoSuchFileException e) {
                return null;
            }
            if (content.length > maxBytes) {
                throw new CorruptContentException(
                        file, "more than " + maxBytes + " bytes, larger than any valid content", null);
            }
            Sha256 computed = domain.hash(content);
            if (!computed.equals(hash)) {
                throw new CorruptContentException(
                        file, "content hash computed " + computed.hex() + ", expected " + hash.hex(), null);
            }
            return content;
        }

        boolean delete(Sha256 hash) throws IOException {
            Objects.requireNonNull(hash, "hash");
            boolean existed = Files.deleteIfExists(directory.resolve(hash.hex()));
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, "." + hash.hex() + ".*.tmp")) {
                for (Path leftover : leftovers) {
                    Files.deleteIfExists(leftover);
                }
            }
            forceDirectory();
            return existed;
        }

        /** Makes a rename or a delete in the directory durable where the platform lets a directory be forced. */
        private void forceDirectory() throws IOException {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException e) {
                // Windows cannot open a directory as a channel, and Java offers no other way to force it:
                // there the entry becomes durable when the file system flushes its metadata.
                if (!System.getProperty("os.name", "").startsWith("Windows")) {
                    throw e;
                }
            }
        }
    }
}
