package ml.consensus.proposal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.policy.Electorate;
import ml.consensus.rules.SlashingRule;
import ml.consensus.rules.StakeRecords;
import ml.consensus.rules.StakeRules;
import ml.consensus.rules.UpdateScore;
import ml.consensus.rules.VoteKind;
import ml.consensus.stake.StakeLedger;
import ml.consensus.writer.LiveRules;
import ml.consensus.writer.PendingRecords;

/**
 * The slashes the stake rules in force call for after an apply being written, to go in its block
 * (docs/stake.md). The minimum stake to vote is a ledger rule, checked on the vote's record.
 */
@Component
class StakeJudgement {

    private final LiveRules rules;
    private final StakeLedger stakeLedger;

    StakeJudgement(LiveRules rules, StakeLedger stakeLedger) {
        this.rules = rules;
        this.stakeLedger = stakeLedger;
    }

    /** The slashes an apply with {@code score} calls for, as records to write right after it. */
    List<SlashingRule.Slash> slashesAfter(ProposalStatus proposal, UpdateScore score, PendingRecords pending) {
        Optional<StakeRules.Slashing> slashing = rules.stakeRules().slashing();
        if (slashing.isEmpty()) {
            return List.of();
        }
        List<String> rejecters = new ArrayList<>();
        proposal.votes().stream().filter(v -> v.kind() == VoteKind.REJECT).forEach(v -> rejecters.add(v.validatorId()));
        return SlashingRule.slashes(
                slashing.get(),
                score.before(),
                score.after(),
                proposal.approvers(),
                rejecters,
                stakeLedger.balances(pending),
                // The key each voter votes with now: only that key's active stake is slashed (issue 15.6).
                id -> rules.policy()
                        .electorate()
                        .find(id)
                        .map(Electorate.Member::publicKeyHex)
                        .orElse(null));
    }

    static List<LedgerRecord> slashRecords(
            List<SlashingRule.Slash> slashes, Sha256 proposalHash, UpdateScore score, String timestamp) {
        return slashes.stream()
                .map(s -> StakeRecords.slashed(s, proposalHash, score.before(), score.after(), timestamp))
                .toList();
    }
}
