package ml.consensus.rules;

import java.util.LinkedHashSet;
import java.util.Set;

/** What the rules know about one proposal while walking the chain: its content, its voters, whether it closed. */
final class ProposalTrack {
    /** A training proposal's content, or null for a governance proposal. */
    final ProposalContent content;
    /** A governance proposal, or null for a training proposal. */
    final GovernanceProposal governance;

    final Set<String> approvers;
    final Set<String> rejecters;
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
                policy.stateAfter(approvers, rejecters),
                terms(),
                new ProposalLifecycle.Moment(block, timestamp));
    }
}
