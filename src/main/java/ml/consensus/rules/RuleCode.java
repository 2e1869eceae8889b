package ml.consensus.rules;

import java.util.Arrays;
import java.util.Optional;

import ml.consensus.refusal.Refusal;

/**
 * Every consensus rule a record can break, by its stable code, with the refusal the live node
 * answers a write that would break it. This enum is the one table from rule to answer: the
 * verifier reports {@link #wireName()} as a failure's {@code check}, and the node turns a breach
 * into the {@link Refusal.Kind} named here (and so one HTTP status and title). Adding a rule means
 * adding a constant, which the live-versus-replay test then requires a scenario for.
 */
public enum RuleCode {
    RECORD_FIELDS("record_fields", Refusal.Kind.INVALID),
    GENESIS("genesis", Refusal.Kind.INVALID),
    PROPOSAL_HASH("proposal_hash", Refusal.Kind.INVALID),
    DUPLICATE_PROPOSAL("duplicate_proposal", Refusal.Kind.CONFLICT),
    VOTE_PROPOSAL("vote_proposal", Refusal.Kind.NOT_FOUND),
    VOTE_CLOSED("vote_closed", Refusal.Kind.CONFLICT),
    DUPLICATE_VOTE("duplicate_vote", Refusal.Kind.CONFLICT),
    VOTE_VALIDATOR("vote_validator", Refusal.Kind.FORBIDDEN),
    VOTE_SIGNATURE("vote_signature", Refusal.Kind.UNAUTHORIZED),
    VOTE_KEY("vote_key", Refusal.Kind.UNAUTHORIZED),
    VOTE_STAKE("vote_stake", Refusal.Kind.FORBIDDEN),
    APPLY_PROPOSAL("apply_proposal", Refusal.Kind.NOT_FOUND),
    DUPLICATE_APPLY("duplicate_apply", Refusal.Kind.CONFLICT),
    APPLY_QUORUM("apply_quorum", Refusal.Kind.CONFLICT),
    APPLY_POLICY("apply_policy", Refusal.Kind.CONFLICT),
    APPLY_APPROVALS("apply_approvals", Refusal.Kind.CONFLICT),
    APPLY_BASE("apply_base", Refusal.Kind.CONFLICT),
    APPLY_REBASED_FLAG("apply_rebased_flag", Refusal.Kind.INVALID),
    APPLY_SCORE("apply_score", Refusal.Kind.INVALID),
    GOVERNANCE_PROPOSAL("governance_proposal", Refusal.Kind.NOT_FOUND),
    GOVERNANCE_INVALID("governance_invalid", Refusal.Kind.CONFLICT),
    /** A second rules change (governance, declaration) in one block: each is judged against the rules before it. */
    RULES_CHANGED_TWICE("rules_changed_twice", Refusal.Kind.CONFLICT),
    PROPOSAL_WITHDRAWN("proposal_withdrawn", Refusal.Kind.CONFLICT),
    PROPOSAL_EXPIRED("proposal_expired", Refusal.Kind.CONFLICT),
    WITHDRAW_PROPOSAL("withdraw_proposal", Refusal.Kind.NOT_FOUND),
    WITHDRAW_KEY("withdraw_key", Refusal.Kind.UNAUTHORIZED),
    WITHDRAW_SIGNATURE("withdraw_signature", Refusal.Kind.UNAUTHORIZED),
    WITHDRAW_CLOSED("withdraw_closed", Refusal.Kind.CONFLICT),
    POLICY_REDECLARED("policy_redeclared", Refusal.Kind.CONFLICT),
    POLICY_DECLARED_LATE("policy_declared_late", Refusal.Kind.CONFLICT),
    POLICY_INVALID("policy_invalid", Refusal.Kind.INVALID),
    /** A declared policy that fewer approvals meet than the starting quorum (issue 15.1). */
    POLICY_BELOW_QUORUM("policy_below_quorum", Refusal.Kind.INVALID),
    STAKE_RULES_REDECLARED("stake_rules_redeclared", Refusal.Kind.CONFLICT),
    STAKE_RULES_DECLARED_LATE("stake_rules_declared_late", Refusal.Kind.CONFLICT),
    STAKE_RULES_INVALID("stake_rules_invalid", Refusal.Kind.INVALID),
    STAKE_VALIDATOR("stake_validator", Refusal.Kind.FORBIDDEN),
    STAKE_SEQUENCE("stake_sequence", Refusal.Kind.CONFLICT),
    STAKE_AMOUNT("stake_amount", Refusal.Kind.INVALID),
    STAKE_BALANCE("stake_balance", Refusal.Kind.CONFLICT),
    STAKE_BALANCE_AFTER("stake_balance_after", Refusal.Kind.INVALID),
    STAKE_KEY("stake_key", Refusal.Kind.UNAUTHORIZED),
    STAKE_SIGNATURE("stake_signature", Refusal.Kind.UNAUTHORIZED),
    /** An unbond while a proposal its validator voted on is open, where slashing applies (issue 15.5). */
    STAKE_LOCKED("stake_locked", Refusal.Kind.CONFLICT),
    UNEXPECTED_SLASH("unexpected_slash", Refusal.Kind.CONFLICT),
    SLASH("slash", Refusal.Kind.CONFLICT),
    MISSING_SLASH("missing_slash", Refusal.Kind.CONFLICT);

    private final String wireName;
    private final Refusal.Kind refusal;

    RuleCode(String wireName, Refusal.Kind refusal) {
        this.wireName = wireName;
        this.refusal = refusal;
    }

    /** The code as the verifier reports it ({@code check} of a failure). */
    public String wireName() {
        return wireName;
    }

    /** How the live node refuses a write that breaks this rule. */
    public Refusal.Kind refusal() {
        return refusal;
    }

    public static Optional<RuleCode> fromWire(String wireName) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(wireName)).findFirst();
    }
}
