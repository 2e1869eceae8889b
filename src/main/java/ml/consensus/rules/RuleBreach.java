package ml.consensus.rules;

import ml.consensus.ledger.VerificationFailure;
import ml.consensus.refusal.Refusal;

/**
 * A record that breaks a consensus rule: the rule's stable {@link RuleCode} and the evidence (where,
 * what was computed, what was expected). The verifier reports it as a {@link VerificationFailure};
 * the live node refuses the write with {@link #refusal()}.
 */
public record RuleBreach(RuleCode code, VerificationFailure evidence) {

    public RuleBreach {
        if (!code.wireName().equals(evidence.check())) {
            throw new IllegalArgumentException("evidence of " + evidence.check() + " filed under " + code);
        }
    }

    static RuleBreach of(RuleCode code, long block, int position, Object computed, Object expected, String message) {
        return new RuleBreach(
                code, VerificationFailure.ofRecord(block, position, code.wireName(), computed, expected, message));
    }

    /** The refusal a live write answers with: the code's kind, the breach's message without its position. */
    public Refusal refusal() {
        String message = evidence.message();
        String where = "block " + evidence.blockIndex() + ", record " + evidence.recordIndex() + ": ";
        String detail = message.startsWith(where) ? message.substring(where.length()) : message;
        return Refusal.of(code.refusal(), detail + " (rule " + code.wireName() + ")");
    }
}
