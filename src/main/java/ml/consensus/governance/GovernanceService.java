package ml.consensus.governance;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerTime;
import ml.consensus.proposal.ConsensusService;
import ml.consensus.proposal.ProposalBook;
import ml.consensus.proposal.ProposalLifetime;
import ml.consensus.proposal.ProposalStatus;
import ml.consensus.refusal.Refusal;
import ml.consensus.rules.ApprovalPolicy;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.GovernanceChange;
import ml.consensus.rules.GovernanceProposal;
import ml.consensus.rules.LedgerRules;
import ml.consensus.rules.ProposalLifecycle;
import ml.consensus.writer.LedgerWriter;
import ml.consensus.writer.LiveRules;

/**
 * Governance: changes to the validator set and the approval policy, proposed and voted on like
 * training batches ({@link ConsensusService#vote}) and applied under the policy in force. An
 * applied change is a {@code governance_applied} record; it holds from the next block on, for the
 * node ({@link LiveRules}) and on replay ({@link LedgerRules}) alike.
 */
@Service
public class GovernanceService {

    private static final Logger log = LoggerFactory.getLogger(GovernanceService.class);

    /** A governance proposal on the ledger. */
    public record Proposed(Sha256 proposalHash, GovernanceProposal proposal, Block block) {}

    /** An applied change and the policy (with its validators) it leaves in force from the next block. */
    public record Governed(Sha256 proposalHash, GovernanceChange change, ApprovalPolicy policyAfter, Block block) {}

    private final ProposalBook book;
    private final LiveRules rules;
    private final ProposalLifetime lifetime;
    private final LedgerWriter batcher;
    private final Clock clock;

    GovernanceService(
            ProposalBook book, LiveRules rules, ProposalLifetime lifetime, LedgerWriter batcher, Clock clock) {
        this.book = book;
        this.rules = rules;
        this.lifetime = lifetime;
        this.batcher = batcher;
        this.clock = clock;
    }

    /**
     * Records a governance proposal. Refuses (409) a change that does not apply to the rules in
     * force now (a member added twice, a removal that leaves the policy unmeetable, ...): it could
     * never be applied as things stand. It is checked again when applied.
     */
    public Proposed propose(GovernanceChange change, String proposerKey) {
        return batcher.submit(view -> {
            checkApplies(change);
            String now = LedgerTime.now(clock);
            GovernanceProposal proposal;
            try {
                proposal = new GovernanceProposal(change, now, lifetime.termsFor(view.blockIndex(), now, proposerKey));
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid(e.getMessage());
            }
            Sha256 hash = proposal.hash();
            if (book.find(hash).isPresent() || !view.pending().about(hash).isEmpty()) {
                throw Refusal.conflict("an identical proposal " + hash + " already exists; propose again");
            }
            return new LedgerWriter.Staged<>(
                    List.of(ConsensusRecords.governanceProposal(hash, proposal)), null, block -> {
                        log.info(
                                "governance proposal {} ({}) recorded in block {}",
                                hash,
                                change.action(),
                                block.index());
                        return new Proposed(hash, proposal, block);
                    });
        });
    }

    /** Applies an approved governance proposal; refusals (409) as for training, plus a change that no longer applies. */
    public Governed apply(String proposalHashOrPrefix) {
        return batcher.submit(view -> {
            String now = LedgerTime.now(clock);
            ProposalStatus proposal = book.resolve(
                    proposalHashOrPrefix, view.pending(), new ProposalLifecycle.Moment(view.blockIndex(), now));
            if (!proposal.isGovernance()) {
                throw Refusal.conflict("proposal " + proposal.proposalHash() + " is a training proposal;"
                        + " apply it with POST /decentralized/apply-training");
            }
            ApprovalPolicy policy = book.judging(view.pending());
            ConsensusService.checkApplicable(proposal, policy, rules.stakeRules());
            GovernanceChange change = proposal.governance().change();
            // Two changes approved against the same set (say two removals) may not both still apply.
            ApprovalPolicy after = checkApplies(change);
            // One rules change per block is a rule of the ledger (rules_changed_twice), checked on the record.
            return new LedgerWriter.Staged<>(
                    List.of(ConsensusRecords.governanceApplied(
                            proposal.proposalHash(),
                            proposal.approvers(),
                            policy.required(),
                            policy.text(),
                            change.action(),
                            now)),
                    null,
                    block -> {
                        log.info(
                                "governance proposal {} applied in block {}: {}; policy now {} over {}",
                                proposal.proposalHash(),
                                block.index(),
                                change.action(),
                                after.text(),
                                after.electorate().members().stream()
                                        .map(m -> m.id() + "=" + m.weight())
                                        .toList());
                        return new Governed(proposal.proposalHash(), change, after, block);
                    });
        });
    }

    private ApprovalPolicy checkApplies(GovernanceChange change) {
        try {
            change.stakeRulesAfter(rules.stakeRules(), rules.policy(), rules.signaturesRequired());
            return change.applyTo(rules.policy(), rules.signaturesRequired(), rules.stakeRules());
        } catch (IllegalStateException e) {
            throw Refusal.conflict(e.getMessage());
        }
    }
}
