package ml.consensus.verification;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.ChainVerifier;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.Evaluations;
import ml.consensus.rules.LedgerRules;
import ml.consensus.rules.LedgerState;
import ml.consensus.rules.ProposalContent;
import ml.consensus.rules.RuleBreach;
import ml.consensus.rules.VotingRules;

/**
 * "Check this block on top of my ledger": the whole of {@link LedgerVerification}, one block at a
 * time. A block passes when it links to the head (index, previous hash), its records hash to their
 * bodies, its Merkle root and proof of work hold ({@link ChainVerifier#verifyBlock}), every record
 * keeps the consensus rules as they stand after the chain so far (quorum, one vote per validator,
 * signatures, lifecycle, governance, stake: {@link LedgerRules#checkBlock}), and its applied updates
 * replay to the recorded model hashes ({@link ModelReplay#step}). Used by a node in a cluster on
 * every block the replicated log hands it, its own included.
 *
 * <p>Not thread-safe; one instance follows one chain. After a refusal its state is undefined: the
 * node halts, and a restart builds a new one.
 */
public final class NextBlockVerifier {

    /** A verdict: the failure, or the model the block leads to. */
    public record Verdict(Optional<VerificationFailure> failure, EmbeddingModel modelAfter) {
        public boolean accepted() {
            return failure.isEmpty();
        }
    }

    private final ChainVerifier chain;
    private final LedgerRules rules;
    /** The rules' state after the chain so far, folded forward block by block. */
    private final LedgerState ruleState;

    private final ModelReplay replay;
    private long headIndex;
    private Sha256 headHash;
    private String headTimestamp;

    /**
     * Follows {@code chainSoFar} (genesis first, already verified by the node's audit) so that the
     * next block is judged under the rules those blocks leave in force.
     */
    public NextBlockVerifier(
            List<Block> chainSoFar, VotingRules votingRules, Evaluations evaluations, int minimumDifficulty) {
        if (chainSoFar.isEmpty()) {
            throw new IllegalArgumentException("the chain so far holds at least the genesis block");
        }
        this.chain = new ChainVerifier(minimumDifficulty);
        this.rules = new LedgerRules(votingRules);
        this.ruleState = rules.initialState();
        this.replay = new ModelReplay(evaluations);
        for (Block block : chainSoFar) {
            // The node's audit has judged these; a failure here leaves the node read-only already.
            var ignored = rules.checkBlock(ruleState, block);
        }
        Block head = chainSoFar.get(chainSoFar.size() - 1);
        this.headIndex = head.index();
        this.headHash = head.hash();
        this.headTimestamp = head.header().timestamp();
    }

    /**
     * Judges {@code block} as the next one; when it passes, it becomes the head this verifier
     * judges the next block against.
     *
     * @param model            the model the chain so far produced; not changed (a copy is trained)
     * @param earlierProposals the content of a training proposal stored in an earlier block, null
     *                         when there is none; proposals in {@code block} itself are found here
     */
    public Verdict check(Block block, EmbeddingModel model, Function<Sha256, ProposalContent> earlierProposals) {
        Objects.requireNonNull(block, "block");
        EmbeddingModel trained = model.copy();
        Optional<VerificationFailure> failure = chain.verifyBlock(block, headIndex + 1, headHash, headTimestamp)
                .or(() -> rules.checkBlock(ruleState, block).map(RuleBreach::evidence))
                .or(() -> replayInto(trained, block, earlierProposals));
        if (failure.isEmpty()) {
            headIndex = block.index();
            headHash = block.hash();
            headTimestamp = block.header().timestamp();
        }
        return new Verdict(failure, failure.isEmpty() ? trained : model);
    }

    private Optional<VerificationFailure> replayInto(
            EmbeddingModel model, Block block, Function<Sha256, ProposalContent> earlierProposals) {
        Map<Sha256, ProposalContent> inBlock = new HashMap<>();
        for (int position = 0; position < block.records().size(); position++) {
            LedgerRecord record = block.records().get(position);
            if (record.type() == RecordType.TRAINING_PROPOSAL) {
                inBlock.put(
                        Sha256.fromHex(record.text("proposal_hash")),
                        ProposalContent.fromJson(record.json().get("proposal")));
            }
            Optional<VerificationFailure> failure = replay.step(
                    model,
                    record,
                    block.index(),
                    position,
                    hash -> inBlock.containsKey(hash) ? inBlock.get(hash) : earlierProposals.apply(hash));
            if (failure.isPresent()) {
                return failure;
            }
        }
        return Optional.empty();
    }
}
