package ml.consensus.rules;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** What the rules know about one proposal while walking the chain: its content, its voters, whether it closed. */
final class ProposalTrack {
    /** A training proposal's content, or null for a governance proposal. */
    final ProposalContent content;
    /** A governance proposal, or null for a training proposal. */
    final GovernanceProposal governance;

    final Set<String> approvers;
    final Set<String> rejecters;
    /** The public key each signed vote was made with (absent for an unsigned vote). */
    final Map<String, String> voteKeys = new HashMap<>();

    boolean applied;
    /** The block of the apply, once applied. */
    long appliedInBlock = -1;

    boolean withdrawn;

    ProposalTrack(ProposalContent content) {
        this(content, null, new LinkedHashSet<>(), new LinkedHashSet<>());
    }

    ProposalTrack(GovernanceProposal governance) {
        this(null, governance, new LinkedHashSet<>(), new LinkedHashSet<>());
    }

    private ProposalTrack(
            ProposalContent content, GovernanceProposal governance, Set<String> approvers, Set<String> rejecters) {
        this.content = content;
        this.governance = governance;
        this.approvers = approvers;
        this.rejecters = rejecters;
    }

    /** An independent copy: votes added to it do not show in this one. */
    ProposalTrack copy() {
        ProposalTrack copy =
                new ProposalTrack(content, governance, new LinkedHashSet<>(approvers), new LinkedHashSet<>(rejecters));
        copy.voteKeys.putAll(voteKeys);
        copy.applied = applied;
        copy.appliedInBlock = appliedInBlock;
        copy.withdrawn = withdrawn;
        return copy;
    }

    ProposalTerms terms() {
        return content != null ? content.terms() : governance.terms();
    }

    /** The state as of a record in block {@code block} carrying its own {@code timestamp}. */
    ProposalState state(ApprovalPolicy policy, long block, String timestamp) {
        return ProposalLifecycle.state(
                applied,
                withdrawn,
                policy.stateAfter(counted(approvers, policy), counted(rejecters, policy)),
                terms(),
                new ProposalLifecycle.Moment(block, timestamp));
    }

    /**
     * The voters whose votes count under {@code policy}: a vote belongs to the key that signed it,
     * so a validator removed and added again with another key (issue 15.6) does not get its old
     * votes back. Unsigned votes, and voters who are not members (the policy ignores them), stay.
     */
    private Set<String> counted(Set<String> voters, ApprovalPolicy policy) {
        if (voteKeys.isEmpty()) {
            return voters;
        }
        Set<String> counted = new LinkedHashSet<>();
        for (String id : voters) {
            String signedWith = voteKeys.get(id);
            String keyNow =
                    policy.electorate().find(id).map(m -> m.publicKeyHex()).orElse(null);
            if (signedWith == null || keyNow == null || Objects.equals(signedWith, keyNow)) {
                counted.add(id);
            }
        }
        return counted;
    }
}
