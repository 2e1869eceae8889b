package ml.consensus.consensus;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.LedgerTime;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.Evaluations;
import ml.consensus.model.HeldOutScore;
import ml.consensus.model.SkipGramTrainer;
import ml.consensus.model.TrainingResult;
import ml.consensus.refusal.Refusal;
import ml.consensus.stake.SlashingRule;
import ml.consensus.validator.ValidatorRegistry;
import ml.consensus.validator.VoteSignature;

/**
 * The consensus rules: propose, vote, apply, checkpoint. Every write is checked against the
 * ledger plus the writes queued before it and committed through {@link BlockBatcher}: writes
 * that arrive together share one block and one transaction, and the served model is replaced
 * only after that transaction commits.
 */
@Service
public class ConsensusService {

    private static final Logger log = LoggerFactory.getLogger(ConsensusService.class);

    /** A proposal on the ledger. */
    public record Proposed(Sha256 proposalHash, ProposalContent content, Block block) {
    }

    /** A vote on the ledger and the proposal as it stands after it. */
    public record Voted(ProposalTally proposal, VoteKind kind, String validatorId, boolean signed, Block block) {
    }

    /** An applied update: its metrics, the model hashes around it, and the model now served. */
    public record Applied(Sha256 proposalHash, TrainingResult result, Sha256 modelHashBefore, Sha256 modelHashAfter,
                          boolean rebased, EmbeddingModel model, Block block, UpdateScore score,
                          List<SlashingRule.Slash> slashes) {
    }

    /** A checkpoint file and its ledger record. */
    public record Checkpointed(Sha256 modelHash, long modelVersion, int vocabSize, String file, Block block) {
    }

    private final ProposalBook book;
    private final ApprovalPolicy policy;
    private final BatchLimits limits;
    private final ValidatorRegistry validators;
    private final CheckpointStore checkpoints;
    private final BlockBatcher batcher;
    private final Clock clock;
    private final Evaluations evaluations;
    private final StakeService stake;
    private final SkipGramTrainer trainer = new SkipGramTrainer();

    ConsensusService(ProposalBook book, ApprovalPolicy policy, BatchLimits limits,
                     ValidatorRegistry validators, CheckpointStore checkpoints, BlockBatcher batcher, Clock clock,
                     Evaluations evaluations, StakeService stake) {
        this.evaluations = evaluations;
        this.stake = stake;
        this.book = book;
        this.policy = policy;
        this.limits = limits;
        this.validators = validators;
        this.checkpoints = checkpoints;
        this.batcher = batcher;
        this.clock = clock;
    }

    public ApprovalPolicy policy() {
        return policy;
    }

    /** Records a training proposal against the current model. Nothing about the model changes. */
    public Proposed propose(List<String> texts, Double learningRate, Boolean allowRebase) {
        limits.checkTexts(texts);
        double rate = limits.checkLearningRate(learningRate);
        return batcher.submit(view -> {
            EmbeddingModel model = view.model();
            ProposalContent content = new ProposalContent(texts, rate, model.trainingSteps(), model.hash(), now(),
                    Boolean.TRUE.equals(allowRebase));
            Sha256 hash = content.hash();
            if (book.find(hash).isPresent() || !view.pending().about(hash).isEmpty()) {
                throw Refusal.conflict("an identical proposal " + hash + " already exists; propose again");
            }
            return new BlockBatcher.Staged<>(List.of(ConsensusRecords.proposal(hash, content)), null, block -> {
                log.info("proposal {} recorded in block {} ({} texts, learning rate {})", hash, block.index(),
                        texts.size(), rate);
                return new Proposed(hash, content, block);
            });
        });
    }

    /**
     * Records one validator's vote after checking its signature (when the node requires signed
     * votes); refuses repeated votes and votes on applied or rejected proposals.
     */
    public Voted vote(String proposalHashOrPrefix, String validatorId, VoteKind kind, String signature) {
        validators.checkMayVote(validatorId);
        return batcher.submit(view -> {
            ProposalTally proposal = book.tally(proposalHashOrPrefix, view.pending());
            Sha256 hash = proposal.proposalHash();
            Optional<VoteSignature> verified = validators.verifyVote(kind.wireName(), hash, validatorId, signature);
            switch (proposal.state()) {
                case APPLIED -> throw Refusal.conflict("proposal " + hash + " was already applied"
                        + appliedWhere(proposal) + "; votes are closed");
                case REJECTED -> throw Refusal.conflict("proposal " + hash + " was rejected; votes are closed");
                default -> {
                    // PROPOSED and APPROVED proposals still take votes
                }
            }
            stake.checkMayVote(validatorId, view.pending());
            book.voteOf(hash, validatorId, view.pending()).ifPresent(previous -> {
                throw Refusal.conflict("validator " + validatorId + " already voted " + previous.kind().wireName()
                        + " on proposal " + hash + " in block " + previous.blockIndex()
                        + "; one vote per validator");
            });
            LedgerRecord record = ConsensusRecords.vote(kind, hash, validatorId, now(), verified);
            int approvals = proposal.approvals() + (kind == VoteKind.APPROVE ? 1 : 0);
            int rejections = proposal.rejections() + (kind == VoteKind.REJECT ? 1 : 0);
            ProposalTally after = new ProposalTally(hash, policy.stateAfter(approvals, rejections), approvals,
                    rejections, proposal.appliedInBlock());
            return new BlockBatcher.Staged<>(List.of(record), null, block -> {
                log.debug("{} of proposal {} by {} recorded in block {}; proposal is {}", kind.wireName(), hash,
                        validatorId, block.index(), after.state().wireName());
                return new Voted(after, kind, validatorId, verified.isPresent(), block);
            });
        });
    }

    private static String appliedWhere(ProposalTally proposal) {
        long block = proposal.appliedInBlock().orElse(-1);
        return block >= 0 ? " in block " + block : " in the block being written";
    }

    /**
     * Trains the model on an approved proposal's stored content and records the update.
     * {@code texts} and {@code learningRate}, when given, must equal the proposal's.
     */
    public Applied apply(String proposalHashOrPrefix, List<String> texts, Double learningRate) {
        return batcher.submit(view -> {
            ProposalStatus proposal = book.resolve(proposalHashOrPrefix, view.pending());
            checkApplicable(proposal);
            ProposalContent content = proposal.content();
            checkSameContent(content, texts, learningRate);
            EmbeddingModel before = view.model();
            Sha256 hashBefore = before.hash();
            boolean rebased = !hashBefore.equals(content.modelHashBefore());
            if (rebased && !content.allowRebase()) {
                throw Refusal.conflict("the model changed since proposal " + proposal.proposalHash()
                        + " was made (proposed against " + content.modelHashBefore() + ", now " + hashBefore
                        + "); validators approved a change to the old model, so propose again"
                        + " (or propose with allow_rebase: true)");
            }
            EmbeddingModel next = before.copy();
            TrainingResult result = trainer.train(next, content.texts(), content.learningRate(),
                    proposal.proposalHash());
            Sha256 hashAfter = next.hash();
            HeldOutScore heldOut = evaluations.current();
            UpdateScore score = new UpdateScore(heldOut.setHash(), heldOut.score(before), heldOut.score(next));
            LedgerRecord record = ConsensusRecords.modelUpdate(proposal.proposalHash(), next.trainingSteps(),
                    proposal.approvers(), policy.required(), rebased, now(), result, hashBefore, hashAfter,
                    Optional.of(score));
            // Slashes go in the same block, right after the apply, so the ledger never shows one without the other.
            List<SlashingRule.Slash> slashes = stake.slashesAfter(proposal, score, view.pending());
            List<LedgerRecord> records = new ArrayList<>(List.of(record));
            records.addAll(StakeService.slashRecords(slashes, proposal.proposalHash(), score, now()));
            return new BlockBatcher.Staged<>(records, next, block -> {
                log.info("proposal {} applied in block {}: model {} -> {}, vocabulary {} -> {}",
                        proposal.proposalHash(), block.index(), hashBefore, hashAfter, result.vocabBefore(),
                        result.vocabAfter());
                return new Applied(proposal.proposalHash(), result, hashBefore, hashAfter, rebased, next, block,
                        score, slashes);
            });
        });
    }

    private void checkApplicable(ProposalStatus proposal) {
        switch (proposal.state()) {
            case APPLIED -> throw Refusal.conflict("proposal " + proposal.proposalHash()
                    + " was already applied in block " + proposal.applied().orElseThrow().blockIndex());
            case REJECTED -> throw Refusal.conflict("proposal " + proposal.proposalHash()
                    + " was rejected by validators and can never be applied");
            case PROPOSED -> throw Refusal.conflict("proposal " + proposal.proposalHash() + " is not approved: "
                    + proposal.approvals() + " of " + policy.required() + " required approvals");
            case APPROVED -> {
                // the one state that may be applied
            }
        }
    }

    private static void checkSameContent(ProposalContent content, List<String> texts, Double learningRate) {
        if (texts != null && !texts.equals(content.texts())) {
            throw Refusal.mismatch("texts differ from the approved proposal's texts; validators approved"
                    + " exactly those texts, so omit texts or send them unchanged");
        }
        if (learningRate != null && Double.compare(learningRate, content.learningRate()) != 0) {
            throw Refusal.mismatch("learning_rate " + learningRate + " differs from the approved proposal's "
                    + content.learningRate());
        }
    }

    /** Writes the served model to disk and records its hash on the ledger. */
    public Checkpointed saveCheckpoint() {
        return batcher.submit(view -> {
            EmbeddingModel model = view.model();
            String file = checkpoints.write(model);
            LedgerRecord record = ConsensusRecords.checkpoint(model, file, now());
            return new BlockBatcher.Staged<>(List.of(record), null, block -> {
                log.info("checkpoint of model {} saved as {} and recorded in block {}", model.hash(), file,
                        block.index());
                return new Checkpointed(model.hash(), model.trainingSteps(), model.vocabSize(), file, block);
            });
        });
    }

    private String now() {
        return LedgerTime.now(clock);
    }
}
