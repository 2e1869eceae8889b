package ml.consensus.rules;

import java.util.List;
import java.util.Optional;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerIdentity;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.SkipGramTrainer;
import ml.consensus.model.TrainingResult;
import ml.consensus.validator.VoteSignature;

/** Builds the body of every record the consensus rules write; docs/ledger-format.md lists the fields. */
public final class ConsensusRecords {

    private ConsensusRecords() {}

    /** The genesis record of a legacy ledger: the base model only, the same on every such ledger. */
    public static LedgerRecord genesis(EmbeddingModel base) {
        return genesis(base, Optional.empty());
    }

    /**
     * The genesis record; with {@code ledgerNonce} (64 hex, {@link LedgerIdentity}) the genesis
     * of a ledger with an identity, unique to it.
     */
    public static LedgerRecord genesis(EmbeddingModel base, Optional<String> ledgerNonce) {
        ObjectNode body = CanonicalJson.newObject();
        ledgerNonce.ifPresent(nonce -> {
            if (!LedgerIdentity.isWellFormedNonce(nonce)) {
                throw new IllegalArgumentException("a ledger nonce is 64 lower-case hex characters, got: " + nonce);
            }
            body.put(LedgerIdentity.NONCE_FIELD, nonce);
        });
        body.put("model_name", base.name());
        body.put("model_hash", base.hash().hex());
        body.put("vocab_size", base.vocabSize());
        body.put("dimensions", base.dimensions());
        body.put("training_algorithm", SkipGramTrainer.ALGORITHM);
        return LedgerRecord.of(RecordType.GENESIS, body);
    }

    public static LedgerRecord proposal(Sha256 proposalHash, ProposalContent content) {
        ObjectNode body = CanonicalJson.newObject();
        body.put("proposal_hash", proposalHash.hex());
        body.set("proposal", content.toJson());
        return LedgerRecord.of(RecordType.TRAINING_PROPOSAL, body);
    }

    /**
     * A vote. A signed vote stores the signature and the public key it verified with, so anyone
     * holding the validator set can re-check it; an unsigned one (open mode) says so.
     */
    public static LedgerRecord vote(
            VoteKind kind,
            Sha256 proposalHash,
            String validatorId,
            String timestamp,
            Optional<VoteSignature> signature) {
        ObjectNode body = CanonicalJson.newObject();
        body.put("proposal_hash", proposalHash.hex());
        body.put("validator_id", validatorId);
        body.put("timestamp", timestamp);
        body.put("signed", signature.isPresent());
        signature.ifPresent(s -> {
            body.put("signature", s.signatureHex());
            body.put("public_key", s.publicKeyHex());
        });
        return LedgerRecord.of(kind.recordType(), body);
    }

    /** An applied update as the seed's count policy writes it, unscored. */
    public static LedgerRecord modelUpdate(
            Sha256 proposalHash,
            long modelVersion,
            List<String> approvals,
            int validatorsRequired,
            boolean rebased,
            String timestamp,
            TrainingResult result,
            Sha256 hashBefore,
            Sha256 hashAfter) {
        return modelUpdate(
                proposalHash,
                modelVersion,
                approvals,
                validatorsRequired,
                null,
                rebased,
                timestamp,
                result,
                hashBefore,
                hashAfter,
                Optional.empty());
    }

    /**
     * An applied update. {@code policy} is the text of the approval policy in force when it is not
     * a plain count (null otherwise, so seed-mode records keep the seed's fields); {@code score},
     * when given, adds the held-out scores to its metrics.
     */
    public static LedgerRecord modelUpdate(
            Sha256 proposalHash,
            long modelVersion,
            List<String> approvals,
            int validatorsRequired,
            String policy,
            boolean rebased,
            String timestamp,
            TrainingResult result,
            Sha256 hashBefore,
            Sha256 hashAfter,
            Optional<UpdateScore> score) {
        ObjectNode body = CanonicalJson.newObject();
        if (policy != null) {
            body.put("policy", policy);
        }
        body.put("proposal_hash", proposalHash.hex());
        body.put("model_version", modelVersion);
        ArrayNode voters = body.putArray("approvals");
        approvals.forEach(voters::add);
        body.put("validators_required", validatorsRequired);
        body.put("rebased", rebased);
        body.put("timestamp", timestamp);
        ObjectNode metrics = body.putObject("metrics");
        metrics.put("batch_size", result.batchSize());
        metrics.put("tokens_trained", result.tokensTrained());
        metrics.put("vocab_before", result.vocabBefore());
        metrics.put("vocab_after", result.vocabAfter());
        metrics.put("new_words", result.newWords().size());
        metrics.put("model_hash_before", hashBefore.hex());
        metrics.put("model_hash_after", hashAfter.hex());
        score.ifPresent(s -> s.writeTo(metrics));
        return LedgerRecord.of(RecordType.MODEL_UPDATE_APPROVED, body);
    }

    /** The ledger's approval policy, declared once before any proposal. */
    public static LedgerRecord policyDeclared(String policy, String timestamp) {
        ObjectNode body = CanonicalJson.newObject();
        body.put("policy", policy);
        body.put("timestamp", timestamp);
        return LedgerRecord.of(RecordType.POLICY_DECLARED, body);
    }

    /** A proposer's signed withdrawal: the signature over WithdrawalMessage and the key it verified with. */
    public static LedgerRecord withdrawal(
            Sha256 proposalHash, String publicKeyHex, String signatureHex, String timestamp) {
        ObjectNode body = CanonicalJson.newObject();
        body.put("proposal_hash", proposalHash.hex());
        body.put("public_key", publicKeyHex);
        body.put("signature", signatureHex);
        body.put("timestamp", timestamp);
        return LedgerRecord.of(RecordType.PROPOSAL_WITHDRAWN, body);
    }

    public static LedgerRecord governanceProposal(Sha256 proposalHash, GovernanceProposal proposal) {
        ObjectNode body = CanonicalJson.newObject();
        body.put("proposal_hash", proposalHash.hex());
        body.set("proposal", proposal.toJson());
        return LedgerRecord.of(RecordType.GOVERNANCE_PROPOSAL, body);
    }

    /**
     * An applied governance change: the approvals it was applied with, the policy in force when
     * it was (text, as in model_update_approved), and the policy and validators it leaves.
     */
    public static LedgerRecord governanceApplied(
            Sha256 proposalHash,
            List<String> approvals,
            int validatorsRequired,
            String policy,
            String action,
            String timestamp) {
        ObjectNode body = CanonicalJson.newObject();
        body.put("proposal_hash", proposalHash.hex());
        body.put("action", action);
        ArrayNode voters = body.putArray("approvals");
        approvals.forEach(voters::add);
        body.put("validators_required", validatorsRequired);
        body.put("policy", policy);
        body.put("timestamp", timestamp);
        return LedgerRecord.of(RecordType.GOVERNANCE_APPLIED, body);
    }

    public static LedgerRecord checkpoint(EmbeddingModel model, String fileName, String timestamp) {
        ObjectNode body = CanonicalJson.newObject();
        body.put("model_hash", model.hash().hex());
        body.put("model_version", model.trainingSteps());
        body.put("vocab_size", model.vocabSize());
        body.put("file", fileName);
        body.put("timestamp", timestamp);
        return LedgerRecord.of(RecordType.CHECKPOINT_SAVED, body);
    }
}
