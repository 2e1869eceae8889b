package ml.consensus.consensus;

import java.util.List;
import java.util.Optional;

import ml.consensus.hashing.Sha256;

/** A proposal with everything the ledger says about it: content, votes, apply, and the resulting state. */
public record ProposalStatus(Sha256 proposalHash, ProposalContent content, long proposedInBlock, List<Vote> votes,
                             Optional<AppliedUpdate> applied, ProposalState state) {

    public ProposalStatus {
        votes = List.copyOf(votes);
    }

    public List<String> approvers() {
        return votes.stream().filter(v -> v.kind() == VoteKind.APPROVE).map(Vote::validatorId).toList();
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
