package ml.consensus.api;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.history.ModelState;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.BlockHeader;
import ml.consensus.ledger.StoredRecord;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.node.NodeStatus;
import ml.consensus.policy.PolicyProgress;
import ml.consensus.proposal.ProposalStatus;
import ml.consensus.proposal.Vote;
import ml.consensus.rules.ApprovalPolicy;

/**
 * The JSON shapes of the API, built field by field so that the wire contract (the seed's
 * snake_case names) is visible in one place and does not depend on Java names.
 */
final class Json {

    private Json() {}

    static ObjectNode object() {
        return CanonicalJson.newObject();
    }

    static ObjectNode blockchainStats(long chainLength, long totalRecords) {
        ObjectNode stats = object();
        stats.put("chain_length", chainLength);
        stats.put("total_records", totalRecords);
        stats.put("pending_records", 0);
        return stats;
    }

    static ObjectNode modelInfo(EmbeddingModel model) {
        ObjectNode info = object();
        info.put("name", model.name());
        info.put("training_steps", model.trainingSteps());
        info.put("vocab_size", model.vocabSize());
        info.put("dimensions", model.dimensions());
        info.put("model_hash", model.hash().hex());
        return info;
    }

    /** The model as one block left it; {@code proposal_hash} is null for the base model in genesis. */
    static ObjectNode modelState(ModelState state) {
        ObjectNode view = object();
        view.put("block_index", state.blockIndex());
        view.put("timestamp", state.timestamp());
        view.put("training_steps", state.trainingSteps());
        view.put("vocab_size", state.vocabSize());
        view.put("model_hash", state.modelHash().hex());
        view.put("proposal_hash", state.proposalHash().map(h -> h.hex()).orElse(null));
        return view;
    }

    /** A record as the history shows it: its body's fields plus where it sits and its hash. */
    static ObjectNode record(StoredRecord stored) {
        ObjectNode view = object();
        view.put("record_hash", stored.record().recordHash().hex());
        view.put("block_index", stored.blockIndex());
        view.put("position", stored.position());
        try {
            JsonNode body = stored.record().json();
            body.properties().forEach(field -> view.set(field.getKey(), field.getValue()));
        } catch (IllegalArgumentException damaged) {
            // Shown as stored so a damaged ledger can still be read and inspected.
            view.put("type", stored.record().type().wireName());
            view.put("body_unreadable", stored.record().body());
        }
        return view;
    }

    static ObjectNode block(Block block, boolean withRecords) {
        BlockHeader header = block.header();
        ObjectNode view = object();
        view.put("index", header.index());
        view.put("timestamp", header.timestamp());
        view.put("previous_hash", header.previousHash().hex());
        view.put("merkle_root", header.merkleRoot().hex());
        view.put("difficulty", header.difficulty());
        view.put("nonce", new java.math.BigInteger(Long.toUnsignedString(header.nonce())));
        view.put("hash", block.hash().hex());
        view.put("record_count", block.records().size());
        ArrayNode records = view.putArray("records");
        for (int i = 0; i < block.records().size(); i++) {
            StoredRecord stored = new StoredRecord(block.records().get(i), header.index(), i);
            if (withRecords) {
                records.add(record(stored));
            } else {
                ObjectNode summary = records.addObject();
                summary.put("record_hash", stored.record().recordHash().hex());
                summary.put("type", stored.record().type().wireName());
            }
        }
        return view;
    }

    static ObjectNode proposal(ProposalStatus proposal, ApprovalPolicy policy) {
        ObjectNode view = object();
        view.put("proposal_hash", proposal.proposalHash().hex());
        view.put("state", proposal.state().wireName());
        view.put("approvals", proposal.approvals());
        view.put("rejections", proposal.rejections());
        view.put("approvals_required", policy.approvalsRequired(proposal.approverSet()));
        view.put("approval_policy", policy.text());
        view.set("policy_progress", progress(policy.progress(proposal.approverSet())));
        view.put("kind", proposal.isGovernance() ? "governance" : "training");
        view.put("proposed_in_block", proposal.proposedInBlock());
        if (proposal.applied().isPresent()) {
            view.put("applied_in_block", proposal.applied().get().blockIndex());
            view.put(
                    "model_hash_after",
                    proposal.applied().get().modelHashAfter().hex());
        } else if (proposal.governedInBlock().isPresent()) {
            view.put("applied_in_block", proposal.governedInBlock().getAsLong());
        } else {
            view.putNull("applied_in_block");
        }
        view.set("proposal", proposal.proposalJson());
        ArrayNode votes = view.putArray("votes");
        proposal.votes().forEach(vote -> votes.add(vote(vote)));
        return view;
    }

    /** How far a proposal is from meeting the policy: what it has, what it needs, and who could close the gap. */
    static ObjectNode progress(PolicyProgress progress) {
        ObjectNode view = object();
        view.put("policy", progress.policy());
        view.put("kind", progress.kind());
        view.put("met", progress.met());
        view.put("have", progress.have());
        view.put("need", progress.need());
        view.put("unit", progress.unit());
        ArrayNode missing = view.putArray("missing_validators");
        progress.missing().forEach(missing::add);
        return view;
    }

    /** The approval policy in force and the validators it counts, with their weights. */
    static ObjectNode policy(ApprovalPolicy policy, long declaredInBlock) {
        ObjectNode view = object();
        view.put("policy", policy.text());
        view.put("kind", policy.rule().kind());
        view.put("validators_required", policy.required());
        if (declaredInBlock >= 0) {
            view.put("declared_in_block", declaredInBlock);
        } else {
            view.putNull("declared_in_block");
        }
        if (policy.electorate().isOpen()) {
            view.putNull("validators");
        } else {
            ArrayNode validators = view.putArray("validators");
            policy.electorate().members().forEach(m -> {
                ObjectNode member = validators.addObject();
                member.put("id", m.id());
                member.put("weight", m.weight());
            });
            view.put("total_weight", policy.electorate().totalWeight());
        }
        return view;
    }

    private static ObjectNode vote(Vote vote) {
        ObjectNode view = object();
        view.put("validator_id", vote.validatorId());
        view.put("vote", vote.kind().wireName());
        view.put("timestamp", vote.timestamp());
        view.put("record_hash", vote.recordHash().hex());
        view.put("block_index", vote.blockIndex());
        return view;
    }

    static ObjectNode failure(VerificationFailure failure) {
        ObjectNode view = object();
        view.put("block_index", failure.blockIndex());
        if (failure.recordIndex() == null) {
            view.putNull("record_index");
        } else {
            view.put("record_index", failure.recordIndex());
        }
        view.put("check", failure.check());
        view.put("computed", failure.computed());
        view.put("expected", failure.expected());
        view.put("message", failure.message());
        return view;
    }

    static ObjectNode status(NodeStatus status) {
        ObjectNode view = object();
        // The id every signed message must name (null: a legacy ledger, messages are v1).
        view.put("ledger_id", status.ledgerId());
        ObjectNode blockchain = view.putObject("blockchain");
        blockchain.put("chain_length", status.chainLength());
        blockchain.put("total_records", status.totalRecords());
        blockchain.put("is_valid", status.valid());
        blockchain.put("head_hash", status.headHash());
        blockchain.put("difficulty", status.difficulty());
        blockchain.put("verified_at", status.verifiedAt());
        // is_valid is the last full check's verdict: when it ran and how much of the chain it covered.
        blockchain.put("checked_at", status.verifiedAt());
        blockchain.put("checked_blocks", status.checkedBlocks());
        blockchain.put("unchecked_blocks", Math.max(0, status.chainLength() - status.checkedBlocks()));
        if (status.invalidReason() != null) {
            blockchain.put("invalid_reason", status.invalidReason());
        }
        view.set("model", modelInfo(status.model()));
        ObjectNode stats = view.putObject("decentralized_stats");
        stats.put("total_proposals", status.totalProposals());
        stats.put("total_approvals", status.totalApprovals());
        stats.put("total_rejections", status.totalRejections());
        stats.put("applied_updates", status.appliedUpdates());
        stats.put("checkpoints", status.checkpoints());
        stats.put("pending_records", 0);
        view.put("consensus_required", true);
        view.put("validators_required", status.policy().required());
        view.put("validator_count", status.policy().validatorCount());
        view.put("open_mode", status.openMode());
        view.put("signatures_required", status.signaturesRequired());
        view.set("approval_policy", policy(status.policy(), status.policyDeclaredInBlock()));
        return view;
    }

    static ArrayNode array(List<ObjectNode> items) {
        ArrayNode array = CanonicalJson.newObject().arrayNode();
        items.forEach(array::add);
        return array;
    }
}
