package ml.consensus.writer;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.ChainVerification;
import ml.consensus.ledger.ChainVerifier;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.LedgerTime;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.Evaluations;
import ml.consensus.rules.ProposalContent;
import ml.consensus.storage.Ledger;
import ml.consensus.verification.AuditReport;
import ml.consensus.verification.ModelReplay;

/**
 * Takes in blocks that other nodes sharing this node's database have appended: checks each
 * against the block before it (link, hashes, Merkle root, proof of work), trains its applied
 * updates into a copy of the served model exactly as replay does (checking the recorded model
 * hashes), then serves that model and moves the head anchor. A block that fails a check makes the
 * node read-only, as a failed audit does. With one node the ledger never moves behind its back
 * and this finds nothing to do.
 *
 * <p>Not thread-safe: only the {@link LedgerWriter}'s thread calls it, so following and appending
 * never interleave.
 */
@Component
class LedgerFollower {

    private static final Logger log = LoggerFactory.getLogger(LedgerFollower.class);

    /** Blocks read from the database at a time. */
    private static final int PAGE = 100;

    private final Ledger ledger;
    private final NodeState state;
    private final HeadAnchor anchor;
    private final ChainVerifier verifier;
    private final ModelReplay replay;
    private final Clock clock;
    private final LiveRules rules;

    LedgerFollower(
            Ledger ledger, NodeState state, HeadAnchor anchor, Clock clock, LiveRules rules, Evaluations evaluations) {
        this.ledger = ledger;
        // The same evaluation sets as this node's own applies, so followed scores are re-checked too.
        this.replay = new ModelReplay(evaluations);
        this.rules = rules;
        this.state = state;
        this.anchor = anchor;
        this.clock = clock;
        this.verifier = new ChainVerifier(ledger.difficulty());
    }

    /**
     * Brings the served model up to the database's head. Returns how many blocks were taken in;
     * 0 when there were none or when the node is read-only.
     */
    int catchUp() {
        if (!state.isValid()) {
            return 0;
        }
        int followed = 0;
        while (true) {
            ChainHead head = state.head();
            List<Block> page = ledger.blocks(head.nextIndex(), PAGE);
            if (page.isEmpty()) {
                return followed;
            }
            Optional<ChainHead> reached = follow(head, page);
            if (reached.isEmpty()) {
                return followed;
            }
            followed += page.size();
            log.debug(
                    "followed {} block(s) written by another node, now at block {}",
                    page.size(),
                    reached.get().index());
        }
    }

    /** Checks and takes in {@code blocks}, which must continue {@code head}; empty when one fails. */
    private Optional<ChainHead> follow(ChainHead head, List<Block> blocks) {
        EmbeddingModel model = state.model().copy();
        ChainHead reached = head;
        String reachedTimestamp =
                ledger.block(head.index()).map(b -> b.header().timestamp()).orElse(null);
        for (Block block : blocks) {
            Optional<VerificationFailure> failure = check(block, reached, reachedTimestamp, model);
            if (failure.isPresent()) {
                refuseWrites(block, failure.get(), model.hash());
                return Optional.empty();
            }
            reached = ChainHead.of(block);
            reachedTimestamp = block.header().timestamp();
        }
        ChainHead last = reached;
        state.commit(() -> {
            state.serve(model, last);
            anchor.record(blocks.get(blocks.size() - 1));
            // Governance written by the other node holds here too, from the block after it.
            blocks.forEach(rules::committed);
            return null;
        });
        return Optional.of(last);
    }

    private Optional<VerificationFailure> check(
            Block block, ChainHead previous, String previousTimestamp, EmbeddingModel model) {
        Optional<VerificationFailure> chainFailure =
                verifier.verifyBlock(block, previous.nextIndex(), previous.hash(), previousTimestamp);
        if (chainFailure.isPresent()) {
            return chainFailure;
        }
        for (int position = 0; position < block.records().size(); position++) {
            Optional<VerificationFailure> failure = replay.step(
                    model,
                    block.records().get(position),
                    block.index(),
                    position,
                    hash -> proposalBefore(hash, block.index()));
            if (failure.isPresent()) {
                return failure;
            }
        }
        return Optional.empty();
    }

    /** The content of the proposal {@code hash}, if it stands in a block up to {@code blockIndex}. */
    private ProposalContent proposalBefore(Sha256 hash, long blockIndex) {
        return ledger.proposalRecord(hash)
                .filter(stored -> stored.blockIndex() <= blockIndex)
                .map(stored -> stored.record())
                .map(LedgerRecord::json)
                .map(json -> ProposalContent.fromJson(json.get("proposal")))
                .orElse(null);
    }

    private void refuseWrites(Block block, VerificationFailure failure, Sha256 modelHash) {
        log.error(
                "block {} written by another node fails verification, node is read-only: {}",
                block.index(),
                failure.message());
        state.recordAudit(new AuditReport(
                ChainVerification.invalid(block.index(), 0, failure),
                Optional.empty(),
                Optional.empty(),
                "following",
                modelHash,
                LedgerTime.now(clock)));
    }
}
