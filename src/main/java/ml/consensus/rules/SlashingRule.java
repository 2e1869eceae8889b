package ml.consensus.rules;

import java.util.ArrayList;
import java.util.List;

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

    public static List<Slash> slashes(
            StakeRules.Slashing slashing,
            double scoreBefore,
            double scoreAfter,
            List<String> approvers,
            List<String> rejecters,
            StakeBalances balances) {
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
            long balance = balances.balanceOf(validator);
            long amount = slashing.amountOf(balance);
            if (amount > 0) {
                slashes.add(new Slash(validator, reason, amount, balance - amount));
            }
        }
        return List.copyOf(slashes);
    }
}
