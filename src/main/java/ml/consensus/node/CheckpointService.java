package ml.consensus.node;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.LedgerTime;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.writer.LedgerWriter;

/**
 * {@code POST /save-checkpoint}: writes the served model to {@link CheckpointStore} and records its
 * hash on the ledger as {@code checkpoint_saved}, through the {@link LedgerWriter} like every write,
 * so the file is named by the model of the block it is recorded in.
 */
@Service
public class CheckpointService {

    private static final Logger log = LoggerFactory.getLogger(CheckpointService.class);

    /** A checkpoint file and its ledger record. */
    public record Checkpointed(Sha256 modelHash, long modelVersion, int vocabSize, String file, Block block) {}

    private final CheckpointStore checkpoints;
    private final LedgerWriter writer;
    private final Clock clock;

    CheckpointService(CheckpointStore checkpoints, LedgerWriter writer, Clock clock) {
        this.checkpoints = checkpoints;
        this.writer = writer;
        this.clock = clock;
    }

    /** Writes the served model to disk and records its hash on the ledger. */
    public Checkpointed saveCheckpoint() {
        return writer.submit(view -> {
            EmbeddingModel model = view.model();
            String file = checkpoints.write(model);
            LedgerRecord record = ConsensusRecords.checkpoint(model, file, LedgerTime.now(clock));
            return new LedgerWriter.Staged<>(List.of(record), null, block -> {
                log.info(
                        "checkpoint of model {} saved as {} and recorded in block {}",
                        model.hash(),
                        file,
                        block.index());
                return new Checkpointed(model.hash(), model.trainingSteps(), model.vocabSize(), file, block);
            });
        });
    }
}
