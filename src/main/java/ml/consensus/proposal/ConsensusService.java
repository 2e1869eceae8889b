package ml.consensus.proposal;

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
import ml.consensus.policy.Electorate;
import ml.consensus.policy.PolicyProgress;
import ml.consensus.refusal.Refusal;
import ml.consensus.rules.ApprovalPolicy;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.ProposalContent;
import ml.consensus.rules.ProposalLifecycle;
import ml.consensus.rules.SlashingRule;
import ml.consensus.rules.StakeRules;
import ml.consensus.rules.UpdateScore;
import ml.consensus.rules.VoteKind;
import ml.consensus.validator.ValidatorKey;
import ml.consensus.validator.VoteSignature;
import ml.consensus.writer.LedgerWriter;
import ml.consensus.writer.LiveRules;

/**
 * The training flow: propose, vote, apply. Every write is checked against the
 * ledger plus the writes queued before it and committed through {@link LedgerWriter}: writes
 * that arrive together share one block and one transaction, and the served model is replaced
 * only after that transaction commits.
 */
@Service
public class ConsensusService {

    private static final Logger log = LoggerFactory.getLogger(ConsensusService.class);

    /** A proposal on the ledger. */
    public record Proposed(Sha256 proposalHash, ProposalContent content, Block block) {}

    /** A vote on the ledger and the proposal as it stands after it. */
    public record Voted(ProposalTally proposal, VoteKind kind, String validatorId, boolean signed, Block block) {}

    /** An applied update: its metrics, the model hashes around it, and the model now served. */
    public record Applied(
            Sha256 proposalHash,
            TrainingResult result,
            Sha256 modelHashBefore,
            Sha256 modelHashAfter,
            boolean rebased,
            EmbeddingModel model,
            Block block,
            UpdateScore score,
            List<SlashingRule.Slash> slashes) {}

    private final ProposalBook book;
    private final LiveRules rules;
    private final ProposalLifetime lifetime;
    private final BatchLimits limits;
    private final VocabularyLimits vocabulary;
    private final ValidatorRegistry validators;
    private final LedgerWriter batcher;
    private final Clock clock;
    private final Evaluations evaluations;
    private final StakeJudgement stake;
    private final SkipGramTrainer trainer = new SkipGramTrainer();

    ConsensusService(
            ProposalBook book,
            LiveRules rules,
            ProposalLifetime lifetime,
            BatchLimits limits,
            VocabularyLimits vocabulary,
            ValidatorRegistry validators,
            LedgerWriter batcher,
            Clock clock,
            Evaluations evaluations,
            StakeJudgement stake) {
        this.evaluations = evaluations;
        this.stake = stake;
        this.book = book;
        this.rules = rules;
        this.lifetime = lifetime;
        this.limits = limits;
        this.vocabulary = vocabulary;
        this.validators = validators;
        this.batcher = batcher;
        this.clock = clock;
    }

    /**
     * The approval policy in force for the next block, with the weights the stake rules give the
     * validators now: what proposals are judged by.
     */
    public ApprovalPolicy policy() {
        return book.judging();
    }

    /** Records a training proposal against the current model. Nothing about the model changes. */
    public Proposed propose(List<String> texts, Double learningRate, Boolean allowRebase) {
        return propose(texts, learningRate, allowRebase, null);
    }

    /**
     * As {@link #propose(List, Double, Boolean)}, with the proposer's Ed25519 public key (64 hex,
     * or null), which alone may then withdraw the proposal. The node's proposal lifetime, if any,
     * is written into the proposal as its expiry.
     */
    public Proposed propose(List<String> texts, Double learningRate, Boolean allowRebase, String proposerKey) {
        limits.checkTexts(texts);
        double rate = limits.checkLearningRate(learningRate);
        if (proposerKey != null && !ValidatorKey.isPublicKeyHex(proposerKey)) {
            throw Refusal.invalid("proposer_key must be an Ed25519 public key: 64 lower-case hex characters");
        }
        return batcher.submit(view -> {
            EmbeddingModel model = view.model();
            vocabulary.checkBatch(model, texts);
            String now = now();
            ProposalContent content = new ProposalContent(
                    texts,
                    rate,
                    model.trainingSteps(),
                    model.hash(),
                    now,
                    Boolean.TRUE.equals(allowRebase),
                    lifetime.termsFor(view.blockIndex(), now, proposerKey));
            Sha256 hash = content.hash();
            if (book.find(hash).isPresent() || !view.pending().about(hash).isEmpty()) {
                throw Refusal.conflict("an identical proposal " + hash + " already exists; propose again");
            }
            return new LedgerWriter.Staged<>(List.of(ConsensusRecords.proposal(hash, content)), null, block -> {
                log.info(
                        "proposal {} recorded in block {} ({} texts, learning rate {})",
                        hash,
                        block.index(),
                        texts.size(),
                        rate);
                return new Proposed(hash, content, block);
            });
        });
    }

    /**
     * Records one validator's vote after checking its signature (when the node requires signed
     * votes); refuses repeated votes and votes on applied or rejected proposals.
     */
    public Voted vote(String proposalHashOrPrefix, String validatorId, VoteKind kind, String signature) {
        validators.checkMayVote(validatorId, rules.policy().electorate());
        return batcher.submit(view -> {
            String now = now();
            ProposalTally proposal = book.tally(
                    proposalHashOrPrefix, view.pending(), new ProposalLifecycle.Moment(view.blockIndex(), now));
            Sha256 hash = proposal.proposalHash();
            // Again inside the batch: a governance change committed since the first check may have removed the voter.
            Electorate electorate = rules.policy().electorate();
            validators.checkMayVote(validatorId, electorate);
            Optional<VoteSignature> verified = validators.verifyVote(
                    rules.binding(),
                    kind.wireName(),
                    hash,
                    validatorId,
                    signature,
                    electorate
                            .find(validatorId)
                            .filter(m -> m.publicKeyHex() != null)
                            .map(m -> new ValidatorKey(m.id(), m.publicKeyHex(), Math.toIntExact(m.weight()))));
            // Whether votes are still open, one vote per validator and the minimum stake are rules of
            // the ledger: the writer checks the vote's record with them (LedgerRules) like replay does.
            LedgerRecord record = ConsensusRecords.vote(kind, hash, validatorId, now, verified);
            ProposalTally after = proposal.withVote(kind, validatorId);
            return new LedgerWriter.Staged<>(List.of(record), null, block -> {
                log.debug(
                        "{} of proposal {} by {} recorded in block {}; proposal is {}",
                        kind.wireName(),
                        hash,
                        validatorId,
                        block.index(),
                        after.state().wireName());
                return new Voted(after, kind, validatorId, verified.isPresent(), block);
            });
        });
    }

    /**
     * Trains the model on an approved proposal's stored content and records the update.
     * {@code texts} and {@code learningRate}, when given, must equal the proposal's.
     */
    public Applied apply(String proposalHashOrPrefix, List<String> texts, Double learningRate) {
        return batcher.submit(view -> {
            String now = now();
            ProposalStatus proposal = book.resolve(
                    proposalHashOrPrefix, view.pending(), new ProposalLifecycle.Moment(view.blockIndex(), now));
            if (proposal.isGovernance()) {
                throw Refusal.conflict("proposal " + proposal.proposalHash() + " is a governance proposal;"
                        + " apply it with POST /decentralized/apply-governance");
            }
            ApprovalPolicy policy = book.judging(view.pending());
            checkApplicable(proposal, policy, rules.stakeRules());
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
            vocabulary.checkTotal(
                    before, VocabularyLimits.newWords(before, content.texts()).size());
            EmbeddingModel next = before.copy();
            TrainingResult result =
                    trainer.train(next, content.texts(), content.learningRate(), proposal.proposalHash());
            Sha256 hashAfter = next.hash();
            HeldOutScore heldOut = evaluations.current();
            UpdateScore score = new UpdateScore(heldOut.setHash(), heldOut.score(before), heldOut.score(next));
            LedgerRecord record = ConsensusRecords.modelUpdate(
                    proposal.proposalHash(),
                    next.trainingSteps(),
                    proposal.approvers(),
                    policy.required(),
                    policy.isCount() ? null : policy.text(),
                    rebased,
                    now,
                    result,
                    hashBefore,
                    hashAfter,
                    Optional.of(score));
            // Slashes go in the same block, right after the apply, so the ledger never shows one without the other.
            List<SlashingRule.Slash> slashes = stake.slashesAfter(proposal, score, view.pending());
            List<LedgerRecord> records = new ArrayList<>(List.of(record));
            records.addAll(StakeJudgement.slashRecords(slashes, proposal.proposalHash(), score, now));
            return new LedgerWriter.Staged<>(records, next, block -> {
                log.info(
                        "proposal {} applied in block {}: model {} -> {}, vocabulary {} -> {}",
                        proposal.proposalHash(),
                        block.index(),
                        hashBefore,
                        hashAfter,
                        result.vocabBefore(),
                        result.vocabAfter());
                return new Applied(
                        proposal.proposalHash(), result, hashBefore, hashAfter, rebased, next, block, score, slashes);
            });
        });
    }

    /**
     * Refuses (409) to apply a proposal that is not approved under {@code policy}, saying what it is
     * instead. Where weight derives from stake, a rejection stands only while the stake does.
     */
    public static void checkApplicable(ProposalStatus proposal, ApprovalPolicy policy, StakeRules stake) {
        switch (proposal.state()) {
            case APPLIED ->
                throw Refusal.conflict("proposal " + proposal.proposalHash() + " was already applied in block "
                        + proposal.appliedInBlock().orElse(-1));
            case REJECTED ->
                throw Refusal.conflict("proposal " + proposal.proposalHash()
                        + (stake.weightFromStake()
                                ? " is rejected: with the stake its validators hold now, " + policy.text()
                                        + " cannot be met" + " (it may be met again if stake is bonded)"
                                : " was rejected by validators and can never be applied"));
            case PROPOSED ->
                throw Refusal.conflict(
                        "proposal " + proposal.proposalHash() + " is not approved: " + notMetYet(proposal, policy));
            case WITHDRAWN ->
                throw Refusal.conflict("proposal " + proposal.proposalHash()
                        + " was withdrawn by its proposer and can never be applied");
            case EXPIRED ->
                throw Refusal.conflict("proposal " + proposal.proposalHash()
                        + " has expired and can never be applied; propose it again");
            case APPROVED -> {
                // the one state that may be applied
            }
        }
    }

    /**
     * How far the proposal is from the policy, in the terms of its policy progress: approvals by
     * validators in force only (an approval by a validator governance has since removed does not
     * count, so after a removal this never says "2 of 2" where progress says 1).
     */
    private static String notMetYet(ProposalStatus proposal, ApprovalPolicy policy) {
        PolicyProgress progress = policy.progress(proposal.approverSet());
        if (policy.isCount()) {
            return progress.have() + " of " + progress.need() + " required approvals";
        }
        return "policy " + progress.policy() + " is not met (" + progress.have() + " of " + progress.need() + " "
                + progress.unit()
                + (progress.missing().isEmpty() ? "" : "; still needed: " + String.join(", ", progress.missing()))
                + ")";
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

    private String now() {
        return LedgerTime.now(clock);
    }
}
