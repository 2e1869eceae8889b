package ml.consensus.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Who loses stake after an update is applied, from the held-out scores alone:
 * <ul>
 * <li>the score worsened by more than the tolerance ({@code after - before > tolerance}): every
 * validator who approved the update, reason {@value #APPROVED_WORSENING};</li>
 * <li>it improved by more than the tolerance ({@code before - after > tolerance}): every validator
 * who rejected it, reason {@value #REJECTED_IMPROVING};</li>
 * <li>otherwise nobody.</li>
 * </ul>
 * Each offender loses {@link StakeRules.Slashing#amountOf} its balance; one whose loss rounds to 0
 * (no stake, or too little) is not slashed. Offenders come in the order given (their vote order).
 * Pure: the node and the verifier both decide with it.
 */
public final class SlashingRule {

    public static final String APPROVED_WORSENING = "approved_worsening_update";
    public static final String REJECTED_IMPROVING = "rejected_improving_update";

    /** One slash: whose stake, why, how much, and the balance left. */
    public record Slash(String validatorId, String reason, long amount, long balanceAfter) {}

    private SlashingRule() {}

    /** The slashes with each offender's stake taken from its active account (validators without keys). */
    public static List<Slash> slashes(
            StakeRules.Slashing slashing,
            double scoreBefore,
            double scoreAfter,
            List<String> approvers,
            List<String> rejecters,
            StakeBalances balances) {
        return slashes(slashing, scoreBefore, scoreAfter, approvers, rejecters, balances, id -> null);
    }

    /**
     * The slashes, with each offender's stake that of the key it votes with ({@code keyOf}, null
     * where votes are unsigned): {@link StakeBalances#balanceOf(String, String)}, so a key that
     * holds no active stake (a new key after a remove-then-add rotation) loses nothing, and an old
     * key's stake never pays for a new key's vote (issue 15.6).
     */
    public static List<Slash> slashes(
            StakeRules.Slashing slashing,
            double scoreBefore,
            double scoreAfter,
            List<String> approvers,
            List<String> rejecters,
            StakeBalances balances,
            Function<String, String> keyOf) {
        List<String> offenders;
        String reason;
        if (scoreAfter - scoreBefore > slashing.tolerance()) {
            offenders = approvers;
            reason = APPROVED_WORSENING;
        } else if (scoreBefore - scoreAfter > slashing.tolerance()) {
            offenders = rejecters;
            reason = REJECTED_IMPROVING;
        } else {
            return List.of();
        }
        List<Slash> slashes = new ArrayList<>();
        for (String validator : offenders) {
            long balance = balances.balanceOf(validator, keyOf.apply(validator));
            long amount = slashing.amountOf(balance);
            if (amount > 0) {
                slashes.add(new Slash(validator, reason, amount, balance - amount));
            }
        }
        return List.copyOf(slashes);
    }
}
