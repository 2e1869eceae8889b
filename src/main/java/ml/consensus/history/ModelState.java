package ml.consensus.history;

import java.util.Objects;
import java.util.Optional;

import ml.consensus.hashing.Sha256;
import ml.consensus.rules.AppliedUpdate;

/**
 * The model as one block of the ledger left it: the base model in the genesis block, or the
 * model after an applied update. {@code proposalHash} is the applied proposal, empty for genesis.
 */
public record ModelState(
        long blockIndex,
        String timestamp,
        long trainingSteps,
        int vocabSize,
        Sha256 modelHash,
        Optional<Sha256> proposalHash) {

    public ModelState {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(modelHash, "modelHash");
        Objects.requireNonNull(proposalHash, "proposalHash");
    }

    /** The state an applied update recorded: its model version is the training steps after it. */
    static ModelState after(AppliedUpdate update) {
        return new ModelState(
                update.blockIndex(),
                update.timestamp(),
                update.modelVersion(),
                update.vocabAfter(),
                update.modelHashAfter(),
                Optional.of(update.proposalHash()));
    }
}
