package ml.consensus.proposal;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import tools.jackson.databind.node.ObjectNode;

import ml.consensus.hashing.Sha256;
import ml.consensus.rules.AppliedUpdate;
import ml.consensus.rules.GovernanceProposal;
import ml.consensus.rules.ProposalContent;
import ml.consensus.rules.ProposalState;
import ml.consensus.rules.ProposalTerms;
import ml.consensus.rules.VoteKind;

/**
 * A proposal with everything the ledger says about it: content, votes, apply, and the resulting
 * state. A training proposal has {@code content} (and {@code governance} null); a governance
 * proposal has {@code governance} (and {@code content} null), and {@code governedInBlock} once applied.
 */
public record ProposalStatus(
        Sha256 proposalHash,
        ProposalContent content,
        long proposedInBlock,
        List<Vote> votes,
        Optional<AppliedUpdate> applied,
        ProposalState state,
        GovernanceProposal governance,
        OptionalLong governedInBlock) {

    public ProposalStatus {
        votes = List.copyOf(votes);
        if ((content == null) == (governance == null)) {
            throw new IllegalArgumentException("a proposal is either training or governance");
        }
    }

    /** A training proposal. */
    public ProposalStatus(
            Sha256 proposalHash,
            ProposalContent content,
            long proposedInBlock,
            List<Vote> votes,
            Optional<AppliedUpdate> applied,
            ProposalState state) {
        this(proposalHash, content, proposedInBlock, votes, applied, state, null, OptionalLong.empty());
    }

    public boolean isGovernance() {
        return governance != null;
    }

    public ProposalTerms terms() {
        return isGovernance() ? governance.terms() : content.terms();
    }

    /** The {@code proposal} object as the ledger holds it. */
    public ObjectNode proposalJson() {
        return isGovernance() ? governance.toJson() : content.toJson();
    }

    /** The block that applied it (model update or governance change), if any. */
    public OptionalLong appliedInBlock() {
        return applied.map(a -> OptionalLong.of(a.blockIndex())).orElse(governedInBlock);
    }

    public List<String> approvers() {
        return votes.stream()
                .filter(v -> v.kind() == VoteKind.APPROVE)
                .map(Vote::validatorId)
                .toList();
    }

    /**
     * The approving validators as a set, for policy evaluation; a damaged vote record without a
     * readable validator id is left out (verification reports it; reads still answer).
     */
    public Set<String> approverSet() {
        Set<String> ids = new HashSet<>();
        votes.stream()
                .filter(v -> v.kind() == VoteKind.APPROVE && v.validatorId() != null)
                .forEach(v -> ids.add(v.validatorId()));
        return ids;
    }

    public int approvals() {
        return approvers().size();
    }

    public int rejections() {
        return (int) votes.stream().filter(v -> v.kind() == VoteKind.REJECT).count();
    }

    public Optional<Vote> voteOf(String validatorId) {
        return votes.stream().filter(v -> v.validatorId().equals(validatorId)).findFirst();
    }
}
