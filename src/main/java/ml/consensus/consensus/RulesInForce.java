package ml.consensus.consensus;

import java.util.Optional;

import ml.consensus.policy.ApprovalRule;
import ml.consensus.policy.PolicyParser;

/**
 * The approval policy and electorate in force at each point of a chain, derived from the chain
 * itself: the starting {@link VotingRules}, then each {@code policy_declared} or governance record
 * in order. A change written in block b holds from block b + 1 on, so every record of one block is
 * judged by the same rules, live (where a block is assembled from writes checked one by one) and
 * on replay alike. Walk the chain with {@link #enterBlock} before each block's records.
 */
public final class RulesInForce {

    /** Why a record that changes the rules may not change them, in the verifier's terms. */
    public record Breach(String check, Object computed, Object expected, String message) {
    }

    private final boolean signaturesRequired;
    private ApprovalPolicy current;
    private ApprovalPolicy next;
    private long block = -1;
    private long declaredInBlock = -1;

    public RulesInForce(VotingRules start) {
        this.signaturesRequired = start.signaturesRequired();
        this.current = start.policy();
        this.next = start.policy();
    }

    /** Moves to block {@code index}: changes written in earlier blocks now hold. */
    public void enterBlock(long index) {
        if (index != block) {
            block = index;
            current = next;
        }
    }

    /** The policy the records of the current block are judged by. */
    public ApprovalPolicy policy() {
        return current;
    }

    /** The policy that holds from the next block on: the current one plus this block's changes. */
    public ApprovalPolicy upcoming() {
        return next;
    }

    public boolean signaturesRequired() {
        return signaturesRequired;
    }

    /** The block that declared the policy, or -1 when the ledger declares none. */
    public long declaredInBlock() {
        return declaredInBlock;
    }

    /**
     * Checks an applied governance change against the rules in force and, when it applies, makes
     * its result the rules from the next block on.
     */
    public Optional<Breach> govern(GovernanceChange change) {
        try {
            next = change.applyTo(next, signaturesRequired);
            return Optional.empty();
        } catch (IllegalStateException | IllegalArgumentException e) {
            return Optional.of(new Breach("governance_invalid", change.action(), "a change that applies",
                    "governance change does not apply: " + e.getMessage()));
        }
    }

    /**
     * Checks a {@code policy_declared} record and, when it keeps the rules, makes its policy the one
     * in force from the next block. A ledger declares its policy once, before any proposal.
     */
    public Optional<Breach> declare(String policyText, boolean proposalsBefore) {
        if (declaredInBlock >= 0) {
            return Optional.of(new Breach("policy_redeclared", policyText, "no second declaration",
                    "the policy was already declared in block " + declaredInBlock
                            + "; later changes must be governance proposals"));
        }
        if (proposalsBefore) {
            return Optional.of(new Breach("policy_declared_late", policyText, "a declaration before any proposal",
                    "a policy declared after proposals were made; change it through governance instead"));
        }
        ApprovalPolicy declared;
        try {
            ApprovalRule rule = PolicyParser.parse(policyText);
            declared = new ApprovalPolicy(rule, next.electorate());
        } catch (IllegalArgumentException e) {
            return Optional.of(new Breach("policy_invalid", policyText, "a policy the validators can meet",
                    "declared policy is not valid: " + e.getMessage()));
        }
        next = declared;
        declaredInBlock = block;
        return Optional.empty();
    }
}
