package ml.consensus.rules;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import ml.consensus.ledger.LedgerRecord;
import ml.consensus.policy.ApprovalRule;
import ml.consensus.policy.Electorate;
import ml.consensus.policy.PolicyParser;
import ml.consensus.validator.StakeMessage;

/**
 * The approval policy, electorate and stake rules in force at each point of a chain, derived from
 * the chain itself: the starting {@link VotingRules} and {@link StakeRules#NONE}, then each
 * {@code policy_declared}, {@code stake_rules_declared} or governance record in order. A change
 * written in block b holds from block b + 1 on, so every record of one block is judged by the
 * same rules, live (where a block is assembled from writes checked one by one) and
 * on replay alike. Walk the chain with {@link #enterBlock} before each block's records.
 */
public final class RulesInForce {

    /** Why a record that changes the rules may not change them, in the verifier's terms. */
    public record Breach(RuleCode code, Object computed, Object expected, String message) {}

    private final boolean signaturesRequired;
    /**
     * The fewest approvals the starting rules require: the quorum of the validator set, or the
     * configured count, that the node or the verifier was given. A declared policy may not ask
     * fewer (issue 15.1); only governance, approved under the policy in force, may lower it.
     */
    private final int startingQuorum;

    private ApprovalPolicy current;
    private ApprovalPolicy next;
    private StakeRules currentStake = StakeRules.NONE;
    private StakeRules nextStake = StakeRules.NONE;
    private long block = -1;
    private long declaredInBlock = -1;
    private long stakeDeclaredInBlock = -1;
    /**
     * Everyone who has been a member in a block entered so far, with the last public key it held
     * (null where votes are unsigned): a former member may still unbond its stake, and may have
     * votes on the ledger. Live (judging the next block) and on replay (judging the current one)
     * this holds the same keys for every validator that is not a member then.
     */
    private final Map<String, String> everMembers = new HashMap<>();
    /** True once a validator has come back with another key: its old votes no longer count. */
    private boolean keyChanged;

    /** Governance proposals seen by {@link #follow}, so that an applied one can be followed. */
    private final Map<String, GovernanceChange> proposedChanges = new HashMap<>();

    public RulesInForce(VotingRules start) {
        this.signaturesRequired = start.signaturesRequired();
        this.startingQuorum = start.policy().required();
        this.current = start.policy();
        this.next = start.policy();
        rememberMembers(next);
    }

    private RulesInForce(RulesInForce from) {
        this.signaturesRequired = from.signaturesRequired;
        this.startingQuorum = from.startingQuorum;
        this.current = from.current;
        this.next = from.next;
        this.currentStake = from.currentStake;
        this.nextStake = from.nextStake;
        this.block = from.block;
        this.declaredInBlock = from.declaredInBlock;
        this.stakeDeclaredInBlock = from.stakeDeclaredInBlock;
        this.everMembers.putAll(from.everMembers);
        this.keyChanged = from.keyChanged;
        this.proposedChanges.putAll(from.proposedChanges);
    }

    /** An independent copy (policies and stake rules are immutable values, shared). */
    RulesInForce copy() {
        return new RulesInForce(this);
    }

    /** Moves to block {@code index}: changes written in earlier blocks now hold. */
    public void enterBlock(long index) {
        if (index != block) {
            block = index;
            current = next;
            currentStake = nextStake;
            rememberMembers(current);
        }
    }

    /**
     * Takes in a record of a chain already known to keep the rules (a committed block, a verified
     * ledger): changes the rules as the record says, without judging it.
     */
    public void follow(LedgerRecord record) {
        switch (record.type()) {
            case POLICY_DECLARED -> declare(record.text("policy"), false);
            case STAKE_RULES_DECLARED -> declareStake(StakeRecords.readDeclaration(record.json()), false);
            case GOVERNANCE_PROPOSAL ->
                proposedChanges.put(
                        record.text("proposal_hash"),
                        GovernanceProposal.fromJson(record.json().get("proposal"))
                                .change());
            case GOVERNANCE_APPLIED -> {
                GovernanceChange change = proposedChanges.get(record.text("proposal_hash"));
                if (change != null) {
                    govern(change);
                }
            }
            default -> {
                // other records do not change the rules
            }
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

    /** The stake rules the records of the current block are judged by. */
    public StakeRules stakeRules() {
        return currentStake;
    }

    /** The stake rules that hold from the next block on. */
    public StakeRules upcomingStakeRules() {
        return nextStake;
    }

    /** The block that declared the stake rules, or -1 when the ledger declares none. */
    public long stakeDeclaredInBlock() {
        return stakeDeclaredInBlock;
    }

    /**
     * The public key that must sign {@code validatorId}'s bond or unbond: a member's key in the
     * electorate of the current block ({@code upcoming}: of the next block, where a live node
     * assembles it). A validator governance has removed may no longer bond but may still unbond,
     * with the key it last held.
     */
    public Optional<String> stakeKey(String validatorId, String operation, boolean upcoming) {
        Electorate electorate = (upcoming ? next : current).electorate();
        Optional<String> member = electorate.find(validatorId).map(Electorate.Member::publicKeyHex);
        if (member.isPresent() || !StakeMessage.UNBOND.equals(operation)) {
            return member;
        }
        return Optional.ofNullable(everMembers.get(validatorId));
    }

    /**
     * True while every validator that has been a member is still one in the upcoming electorate,
     * with the key it has always had: only then are a proposal's raw vote counts the counts of
     * members a count policy counts.
     */
    public boolean everyMemberRemains() {
        return !keyChanged && next.electorate().countMembers(everMembers.keySet()) == everMembers.size();
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
            ApprovalPolicy policy = change.applyTo(next, signaturesRequired, nextStake);
            nextStake = change.stakeRulesAfter(nextStake, next, signaturesRequired);
            next = policy;
            return Optional.empty();
        } catch (IllegalStateException | IllegalArgumentException e) {
            return Optional.of(new Breach(
                    RuleCode.GOVERNANCE_INVALID,
                    change.action(),
                    "a change that applies",
                    "governance change does not apply: " + e.getMessage()));
        }
    }

    /**
     * Checks a {@code policy_declared} record and, when it keeps the rules, makes its policy the one
     * in force from the next block. A ledger declares its policy once, before any proposal.
     */
    public Optional<Breach> declare(String policyText, boolean proposalsBefore) {
        if (declaredInBlock >= 0) {
            return Optional.of(new Breach(
                    RuleCode.POLICY_REDECLARED,
                    policyText,
                    "no second declaration",
                    "the policy was already declared in block " + declaredInBlock
                            + "; later changes must be governance proposals"));
        }
        if (proposalsBefore) {
            return Optional.of(new Breach(
                    RuleCode.POLICY_DECLARED_LATE,
                    policyText,
                    "a declaration before any proposal",
                    "a policy declared after proposals were made; change it through governance instead"));
        }
        ApprovalPolicy declared;
        try {
            ApprovalRule rule = PolicyParser.parse(policyText);
            declared = ApprovalPolicy.of(rule, next.electorate(), nextStake);
        } catch (IllegalArgumentException e) {
            return Optional.of(new Breach(
                    RuleCode.POLICY_INVALID,
                    policyText,
                    "a policy the validators can meet",
                    "declared policy is not valid: " + e.getMessage()));
        }
        if (declared.required() < startingQuorum) {
            return Optional.of(new Breach(
                    RuleCode.POLICY_BELOW_QUORUM,
                    policyText + " (met by " + declared.required() + " approvals)",
                    "a policy needing at least " + startingQuorum + " approvals",
                    "declared policy " + policyText + " can be met by " + declared.required()
                            + " approvals, fewer than the quorum of " + startingQuorum
                            + " the validator set (or the configured count) requires; a lower"
                            + " quorum must come through governance"));
        }
        next = declared;
        declaredInBlock = block;
        return Optional.empty();
    }

    /**
     * Checks a {@code stake_rules_declared} record and, when it keeps the rules, makes its stake
     * rules the ones in force from the next block. Declared once, before any proposal, like the
     * policy; a minimum stake needs signed votes (stake is bonded with signatures).
     */
    public Optional<Breach> declareStake(StakeRules declared, boolean proposalsBefore) {
        if (stakeDeclaredInBlock >= 0) {
            return Optional.of(new Breach(
                    RuleCode.STAKE_RULES_REDECLARED,
                    declared.text(),
                    "no second declaration",
                    "the stake rules were already declared in block " + stakeDeclaredInBlock
                            + "; later changes must be governance proposals"));
        }
        if (proposalsBefore) {
            return Optional.of(new Breach(
                    RuleCode.STAKE_RULES_DECLARED_LATE,
                    declared.text(),
                    "a declaration before any proposal",
                    "stake rules declared after proposals were made; change them through governance instead"));
        }
        if ((declared.minimumToVote() > 0 || declared.weightFromStake()) && !signaturesRequired) {
            return Optional.of(new Breach(
                    RuleCode.STAKE_RULES_INVALID,
                    declared.text(),
                    "stake rules without stake",
                    "a minimum stake or weight from stake on a ledger whose votes are not signed: nobody can bond"));
        }
        nextStake = declared;
        stakeDeclaredInBlock = block;
        return Optional.empty();
    }

    private void rememberMembers(ApprovalPolicy policy) {
        policy.electorate().members().forEach(m -> {
            String before = everMembers.put(m.id(), m.publicKeyHex());
            if (before != null && !before.equals(m.publicKeyHex())) {
                keyChanged = true;
            }
        });
    }
}
