package ml.consensus.verification;

import java.util.Optional;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.ChainVerification;
import ml.consensus.ledger.VerificationFailure;

/**
 * The result of checking a ledger and the model against it, in the order the checks run.
 *
 * @param chain         block-level verification (links, hashes, proof of work, Merkle roots)
 * @param ruleFailure   the first broken consensus rule (genesis, proposals, votes, applies)
 * @param replay        model replay outcome, empty when an earlier check failed
 * @param replayedFrom  what replay started from: "genesis" or "checkpoint@<block>"
 * @param liveModelHash the model the node serves, or null when there is none to compare
 * @param checkedAt     when the check ran (UTC, ISO-8601)
 */
public record AuditReport(
        ChainVerification chain,
        Optional<VerificationFailure> ruleFailure,
        Optional<ModelReplay.Outcome> replay,
        String replayedFrom,
        Sha256 liveModelHash,
        String checkedAt) {

    /** The first thing wrong: chain, then rules, then replay, then a live model that differs from the replay. */
    public Optional<VerificationFailure> failure() {
        if (chain.failure().isPresent()) {
            return chain.failure();
        }
        if (ruleFailure.isPresent()) {
            return ruleFailure;
        }
        if (replay.isEmpty()) {
            return Optional.empty();
        }
        ModelReplay.Outcome outcome = replay.get();
        if (outcome.failure().isPresent()) {
            return outcome.failure();
        }
        Sha256 replayed = outcome.model().hash();
        if (liveModelHash != null && !replayed.equals(liveModelHash)) {
            return Optional.of(VerificationFailure.ofBlock(
                    chain.blocksChecked() - 1,
                    "live_model",
                    liveModelHash,
                    replayed,
                    "the served model differs from the replay of the ledger"));
        }
        return Optional.empty();
    }

    public boolean isValid() {
        return failure().isEmpty();
    }

    public Optional<Sha256> replayedModelHash() {
        return replay.map(r -> r.model().hash());
    }

    /** The same report, compared against another served model. */
    public AuditReport withLiveModel(Sha256 modelHash) {
        return new AuditReport(chain, ruleFailure, replay, replayedFrom, modelHash, checkedAt);
    }
}
