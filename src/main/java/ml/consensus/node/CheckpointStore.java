package ml.consensus.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import ml.consensus.NodeProperties;
import ml.consensus.hashing.Sha256;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.ModelCodec;

/**
 * Model checkpoints on disk: {@code <data-dir>/checkpoints/<model_hash>.model}, holding exactly
 * the bytes the model hash is computed over, so a file proves itself against the ledger.
 */
@Component
public class CheckpointStore {

    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);

    private final Path directory;

    public CheckpointStore(NodeProperties properties) {
        this.directory = properties.dataDir().resolve("checkpoints");
    }

    public static String fileName(Sha256 modelHash) {
        return modelHash.hex() + ".model";
    }

    /** Writes the model atomically (temporary file, fsync, rename) and returns the file's name. */
    public String write(EmbeddingModel model) {
        String name = fileName(model.hash());
        try {
            Files.createDirectories(directory);
            Path target = directory.resolve(name);
            Path temporary = Files.createTempFile(directory, name, ".tmp");
            Files.write(temporary, ModelCodec.encode(model));
            try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + name, e);
        }
    }

    /** The checkpointed model with this hash, if its file exists and really has that hash. */
    public Optional<EmbeddingModel> read(Sha256 modelHash) {
        Path file = directory.resolve(fileName(modelHash));
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            EmbeddingModel model = ModelCodec.decode(Files.readAllBytes(file));
            if (!model.hash().equals(modelHash)) {
                log.warn("checkpoint {} holds a model with hash {}; ignoring it", file, model.hash());
                return Optional.empty();
            }
            return Optional.of(model);
        } catch (IOException | IllegalArgumentException e) {
            log.warn("checkpoint {} is unreadable ({}); ignoring it", file, e.getMessage());
            return Optional.empty();
        }
    }
}
