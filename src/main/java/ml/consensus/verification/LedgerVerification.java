package ml.consensus.verification;

import java.util.List;
import java.util.Optional;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.ChainVerification;
import ml.consensus.ledger.ChainVerifier;
import ml.consensus.ledger.LedgerIdentity;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.ledger.WorkProgress;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.Evaluations;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.LedgerRules;
import ml.consensus.rules.VotingRules;

/**
 * Everything that proves a ledger, from the blocks alone: the chain ({@link ChainVerifier}),
 * a genesis that names the expected base model, the consensus rules ({@link LedgerRules}), and
 * a replay of every applied update ({@link ModelReplay}). No Spring, no database: the live
 * node's {@code /verify} and the offline verifier both run exactly this.
 */
public final class LedgerVerification {

    private final EmbeddingModel base;
    private final ChainVerifier chainVerifier;
    private final LedgerRules rules;
    private final ModelReplay replay;

    public LedgerVerification(EmbeddingModel base, VotingRules votingRules, int minimumDifficulty) {
        this(base, votingRules, Evaluations.builtIn(), minimumDifficulty);
    }

    /** Re-scores updates on {@code evaluations}: the held-out sets the ledger's updates name. */
    public LedgerVerification(
            EmbeddingModel base, VotingRules votingRules, Evaluations evaluations, int minimumDifficulty) {
        this.base = base.copy();
        this.chainVerifier = new ChainVerifier(minimumDifficulty);
        this.rules = new LedgerRules(votingRules);
        this.replay = new ModelReplay(evaluations);
    }

    /** Verifies {@code blocks} and replays the model from genesis. */
    public AuditReport verify(List<Block> blocks, Sha256 liveModelHash, String checkedAt) {
        return verify(blocks, liveModelHash, checkedAt, WorkProgress.NONE);
    }

    /** Verifies {@code blocks} and replays the model from genesis, telling {@code progress} how far it got. */
    public AuditReport verify(List<Block> blocks, Sha256 liveModelHash, String checkedAt, WorkProgress progress) {
        return verify(blocks, -1, base, "genesis", liveModelHash, checkedAt, progress);
    }

    /**
     * Verifies {@code blocks} and replays only the updates after block {@code afterBlock}, starting
     * from {@code start} (a checkpoint whose hash the caller has matched against the ledger).
     */
    public AuditReport verify(
            List<Block> blocks,
            long afterBlock,
            EmbeddingModel start,
            String startName,
            Sha256 liveModelHash,
            String checkedAt) {
        return verify(blocks, afterBlock, start, startName, liveModelHash, checkedAt, WorkProgress.NONE);
    }

    /** As the method above, telling {@code progress} how far it got. */
    public AuditReport verify(
            List<Block> blocks,
            long afterBlock,
            EmbeddingModel start,
            String startName,
            Sha256 liveModelHash,
            String checkedAt,
            WorkProgress progress) {
        ChainVerification chain = chainVerifier.verify(blocks, progress);
        if (!chain.isValid()) {
            return new AuditReport(chain, Optional.empty(), Optional.empty(), startName, liveModelHash, checkedAt);
        }
        Optional<VerificationFailure> ruleFailure = checkGenesis(blocks.get(0)).or(() -> rules.check(blocks));
        if (ruleFailure.isPresent()) {
            return new AuditReport(chain, ruleFailure, Optional.empty(), startName, liveModelHash, checkedAt);
        }
        ModelReplay.Outcome outcome = replay.replay(blocks, afterBlock, start, progress);
        return new AuditReport(chain, Optional.empty(), Optional.of(outcome), startName, liveModelHash, checkedAt);
    }

    private Optional<VerificationFailure> checkGenesis(Block block) {
        List<LedgerRecord> records = block.records();
        if (records.size() != 1 || records.get(0).type() != RecordType.GENESIS) {
            return Optional.of(VerificationFailure.ofBlock(
                    0,
                    "genesis",
                    records.size() + " records",
                    "one genesis record",
                    "the genesis block must hold exactly one genesis record"));
        }
        // A ledger nonce, when there is one, is the genesis' only free field: a well-formed one
        // gives the ledger its identity (LedgerIdentity); everything else must be the base model.
        String nonce = records.get(0).text(LedgerIdentity.NONCE_FIELD);
        if (nonce != null && !LedgerIdentity.isWellFormedNonce(nonce)) {
            return Optional.of(VerificationFailure.ofRecord(
                    0,
                    0,
                    "genesis_nonce",
                    nonce,
                    "64 lower-case hex characters",
                    "the genesis record's ledger_nonce is malformed"));
        }
        LedgerRecord expected = ConsensusRecords.genesis(base, Optional.ofNullable(nonce));
        if (!records.get(0).recordHash().equals(expected.recordHash())) {
            return Optional.of(VerificationFailure.ofRecord(
                    0,
                    0,
                    "genesis_model",
                    records.get(0).body(),
                    expected.body(),
                    "the genesis record names a different base model than " + base.name() + " " + base.hash()));
        }
        return Optional.empty();
    }
}
