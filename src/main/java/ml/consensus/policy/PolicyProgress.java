package ml.consensus.policy;

import java.util.List;

/**
 * How far a proposal is from meeting the policy in force.
 *
 * @param policy  the policy's text
 * @param kind    {@code count}, {@code weight} or {@code expression}
 * @param met     whether the approvals so far meet it
 * @param have    approvals (count, expression) or approving weight (weight) so far
 * @param need    what meeting it takes, in the same unit: the count, the weight threshold, or for an
 *                expression {@code have} plus the validators in {@code missing}
 * @param unit    {@code approvals} or {@code weight}
 * @param missing for an expression, validators who have not approved and whose approval would meet
 *                it (one small such set, found greedily); empty for count and weight policies and
 *                once met
 */
public record PolicyProgress(
        String policy, String kind, boolean met, long have, long need, String unit, List<String> missing) {

    public PolicyProgress {
        missing = List.copyOf(missing);
    }
}
