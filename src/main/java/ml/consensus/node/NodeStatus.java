package ml.consensus.node;

import ml.consensus.model.EmbeddingModel;
import ml.consensus.rules.ApprovalPolicy;

/**
 * Everything {@code GET /decentralized/status} reports, read in one go. {@code valid} is the verdict
 * of the last full check, which ran at {@code verifiedAt} over the first {@code checkedBlocks}
 * blocks; blocks written since were checked by the write path only, not re-verified.
 * {@code ledgerId} is the genesis block hash of a ledger with an identity, null on a legacy ledger.
 */
public record NodeStatus(
        long chainLength,
        long totalRecords,
        String headHash,
        int difficulty,
        boolean valid,
        String verifiedAt,
        long checkedBlocks,
        String invalidReason,
        EmbeddingModel model,
        long totalProposals,
        long totalApprovals,
        long totalRejections,
        long appliedUpdates,
        long checkpoints,
        ApprovalPolicy policy,
        boolean openMode,
        boolean signaturesRequired,
        long policyDeclaredInBlock,
        String ledgerId) {}
