package ml.consensus.proposal;

import java.util.Optional;

import org.springframework.stereotype.Component;

import ml.consensus.hashing.Sha256;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.Evaluations;
import ml.consensus.model.HeldOutScore;
import ml.consensus.model.SkipGramTrainer;
import ml.consensus.rules.ProposalContent;
import ml.consensus.rules.ProposalState;
import ml.consensus.rules.StakeRules;
import ml.consensus.rules.UpdateScore;
import ml.consensus.writer.LiveRules;
import ml.consensus.writer.NodeState;

/**
 * What applying a proposal now would do to the held-out score, for validators to see before they
 * vote: trains a copy of the served model exactly as the apply would (the proposal's texts and
 * rate, seeded by its hash) and scores both. Advisory: nothing is written, and the apply scores
 * again on the model it really trains.
 */
@Component
public class DryRun {

    /**
     * A trial training's outcome.
     *
     * @param modelHash               the served model it started from
     * @param score                   the held-out scores before and after
     * @param worsensBeyondTolerance  the score would get worse by more than the slashing tolerance
     *                                (more than 0 when slashing is off): its approvers would be slashed
     */
    public record Result(Sha256 modelHash, UpdateScore score, boolean worsensBeyondTolerance) {}

    private final NodeState state;
    private final Evaluations evaluations;
    private final LiveRules rules;
    private final SkipGramTrainer trainer = new SkipGramTrainer();

    /** Dry runs computing at once; more concurrent reads of different proposals go without one. */
    static final int MAX_CONCURRENT = 2;

    /** Trials kept: one per open proposal and model state, the newest first. */
    static final int CACHE_SIZE = 256;

    /** Everything a trial's score depends on: the proposal (its content), the model and the held-out set. */
    private record TrialKey(Sha256 proposalHash, Sha256 modelHash, Sha256 heldOutSet) {}

    private final BoundedTrials<TrialKey, UpdateScore> trials = new BoundedTrials<>(MAX_CONCURRENT, CACHE_SIZE);

    DryRun(NodeState state, Evaluations evaluations, LiveRules rules) {
        this.state = state;
        this.evaluations = evaluations;
        this.rules = rules;
    }

    /**
     * The trial of {@code proposalHash} with {@code content} on the served model; empty when it
     * could not be applied there (the model moved on and the proposal does not allow a rebase),
     * or when {@link #MAX_CONCURRENT} other trials are computing (then the answer goes without
     * one). Trials are cached by proposal, model and held-out set, and concurrent reads of one
     * proposal share one trial, so reads cost at most {@link #MAX_CONCURRENT} model copies.
     */
    public Optional<Result> of(Sha256 proposalHash, ProposalContent content) {
        EmbeddingModel model = state.model();
        if (!content.allowRebase() && !model.hash().equals(content.modelHashBefore())) {
            return Optional.empty();
        }
        HeldOutScore heldOut = evaluations.current();
        Optional<UpdateScore> trialScore =
                trials.get(new TrialKey(proposalHash, model.hash(), heldOut.setHash()), () -> {
                    EmbeddingModel trial = model.copy();
                    trainer.train(trial, content.texts(), content.learningRate(), proposalHash);
                    return new UpdateScore(heldOut.setHash(), heldOut.score(model), heldOut.score(trial));
                });
        if (trialScore.isEmpty()) {
            return Optional.empty();
        }
        UpdateScore score = trialScore.get();
        double tolerance = rules.stakeRules()
                .slashing()
                .map(StakeRules.Slashing::tolerance)
                .orElse(0.0);
        return Optional.of(new Result(model.hash(), score, -score.improvement() > tolerance));
    }

    /**
     * The trial of a training proposal that is still open; empty for a governance proposal (it
     * trains nothing) and for one that is applied, rejected, expired or withdrawn.
     */
    public Optional<Result> of(ProposalStatus proposal) {
        if (proposal.isGovernance()
                || proposal.state() == ProposalState.APPLIED
                || proposal.state() == ProposalState.REJECTED
                || proposal.state() == ProposalState.EXPIRED
                || proposal.state() == ProposalState.WITHDRAWN) {
            return Optional.empty();
        }
        return of(proposal.proposalHash(), proposal.content());
    }
}
