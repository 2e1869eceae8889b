package ml.consensus.verification;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.StoredRecord;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.ledger.WorkProgress;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.Evaluations;
import ml.consensus.model.HeldOutScore;
import ml.consensus.model.SkipGramTrainer;
import ml.consensus.rules.AppliedUpdate;
import ml.consensus.rules.ProposalContent;
import ml.consensus.rules.UpdateScore;

/**
 * Rebuilds the model from the ledger: starting from a known model, trains every applied
 * update in chain order on its proposal's stored content, seeded by the proposal hash, and
 * checks each {@code model_hash_before} and {@code model_hash_after} on the way, and the held-out
 * scores of every update that records them.
 * Pure: reads only the blocks it is given.
 */
public final class ModelReplay {

    /** The replayed model, how many updates it took, and the first mismatch if any. */
    public record Outcome(EmbeddingModel model, int updatesReplayed, Optional<VerificationFailure> failure) {
        public boolean isValid() {
            return failure.isEmpty();
        }
    }

    private final SkipGramTrainer trainer = new SkipGramTrainer();
    private final Evaluations evaluations;

    /** A replay that re-scores updates on the built-in evaluation set only. */
    public ModelReplay() {
        this(Evaluations.builtIn());
    }

    /** A replay that re-scores each scored update on the set its record names, from {@code evaluations}. */
    public ModelReplay(Evaluations evaluations) {
        this.evaluations = evaluations;
    }

    /**
     * Replays the updates in blocks after {@code afterBlock} onto a copy of {@code start}.
     * Proposals are looked up in all of {@code blocks}, so a tail replay after a checkpoint
     * still finds proposals made before it.
     */
    public Outcome replay(List<Block> blocks, long afterBlock, EmbeddingModel start) {
        return replay(blocks, afterBlock, start, WorkProgress.NONE);
    }

    /** As {@link #replay(List, long, EmbeddingModel)}, telling {@code progress} after each block ("replay"). */
    public Outcome replay(List<Block> blocks, long afterBlock, EmbeddingModel start, WorkProgress progress) {
        EmbeddingModel model = start.copy();
        Map<Sha256, ProposalContent> proposals = new HashMap<>();
        int replayed = 0;
        for (Block block : blocks) {
            for (int position = 0; position < block.records().size(); position++) {
                LedgerRecord record = block.records().get(position);
                if (record.type() == RecordType.TRAINING_PROPOSAL) {
                    proposals.put(
                            Sha256.fromHex(record.text("proposal_hash")),
                            ProposalContent.fromJson(record.json().get("proposal")));
                }
                if (block.index() <= afterBlock) {
                    continue;
                }
                Optional<VerificationFailure> failure = step(model, record, block.index(), position, proposals::get);
                if (failure.isPresent()) {
                    return new Outcome(model, replayed, failure);
                }
                if (record.type() == RecordType.MODEL_UPDATE_APPROVED) {
                    replayed++;
                }
            }
            progress.advanced("replay", block.index() + 1, blocks.size());
        }
        return new Outcome(model, replayed, Optional.empty());
    }

    /**
     * Takes one record into {@code model}: trains it when the record is an applied update (its
     * proposal's content found through {@code proposals}, null when unknown), checks it when it is
     * a checkpoint, ignores it otherwise. The node that follows blocks written by another node
     * runs exactly this, record by record, so its model is the one replay gives.
     */
    public Optional<VerificationFailure> step(
            EmbeddingModel model,
            LedgerRecord record,
            long block,
            int position,
            Function<Sha256, ProposalContent> proposals) {
        if (record.type() == RecordType.CHECKPOINT_SAVED) {
            return checkCheckpoint(model, record, block, position);
        }
        if (record.type() != RecordType.MODEL_UPDATE_APPROVED) {
            return Optional.empty();
        }
        AppliedUpdate update = AppliedUpdate.from(new StoredRecord(record, block, position));
        return applyOne(model, update, UpdateScore.of(record), proposals, position);
    }

    /** A checkpoint record must name the model the ledger had produced by then. */
    private static Optional<VerificationFailure> checkCheckpoint(
            EmbeddingModel model, LedgerRecord record, long block, int position) {
        String recorded = record.text("model_hash");
        Sha256 actual = model.hash();
        if (!actual.hex().equals(recorded)) {
            return Optional.of(VerificationFailure.ofRecord(
                    block,
                    position,
                    "checkpoint_model",
                    actual,
                    recorded,
                    "checkpoint names another model than the ledger had produced at that point"));
        }
        return Optional.empty();
    }

    private Optional<VerificationFailure> applyOne(
            EmbeddingModel model,
            AppliedUpdate update,
            Optional<UpdateScore> recordedScore,
            Function<Sha256, ProposalContent> proposals,
            int position) {
        long block = update.blockIndex();
        ProposalContent content = proposals.apply(update.proposalHash());
        if (content == null) {
            return Optional.of(VerificationFailure.ofRecord(
                    block,
                    position,
                    "apply_proposal",
                    null,
                    update.proposalHash(),
                    "update applies a proposal that is not earlier on the chain"));
        }
        Sha256 before = model.hash();
        if (!before.equals(update.modelHashBefore())) {
            return Optional.of(VerificationFailure.ofRecord(
                    block,
                    position,
                    "model_hash_before",
                    before,
                    update.modelHashBefore(),
                    "replayed model before this update differs from the recorded one"));
        }
        Optional<HeldOutScore> heldOut = Optional.empty();
        if (recordedScore.isPresent()) {
            heldOut = evaluations.find(recordedScore.get().evaluationSetHash());
            if (heldOut.isEmpty()) {
                return Optional.of(VerificationFailure.ofRecord(
                        block,
                        position,
                        "evaluation_set",
                        recordedScore.get().evaluationSetHash(),
                        "a known evaluation set",
                        "update is scored on an evaluation set this verifier does not have (give its file)"));
            }
        }
        double scoreBefore = heldOut.map(h -> h.score(model)).orElse(Double.NaN);
        trainer.train(model, content.texts(), content.learningRate(), update.proposalHash());
        Sha256 after = model.hash();
        if (!after.equals(update.modelHashAfter())) {
            return Optional.of(VerificationFailure.ofRecord(
                    block,
                    position,
                    "model_hash_after",
                    after,
                    update.modelHashAfter(),
                    "replaying this update gives a different model than recorded"));
        }
        if (heldOut.isPresent()) {
            return checkScores(recordedScore.get(), scoreBefore, heldOut.get().score(model), block, position);
        }
        return Optional.empty();
    }

    /** Recorded scores must be exactly the replayed ones: the same double, bit for bit. */
    private static Optional<VerificationFailure> checkScores(
            UpdateScore recorded, double before, double after, long block, int position) {
        if (Double.compare(before, recorded.before()) != 0) {
            return Optional.of(VerificationFailure.ofRecord(
                    block,
                    position,
                    "score_before",
                    before,
                    recorded.before(),
                    "the held-out score before this update differs from the recorded one"));
        }
        if (Double.compare(after, recorded.after()) != 0) {
            return Optional.of(VerificationFailure.ofRecord(
                    block,
                    position,
                    "score_after",
                    after,
                    recorded.after(),
                    "the held-out score after this update differs from the recorded one"));
        }
        return Optional.empty();
    }
}
