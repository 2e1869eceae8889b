package ml.consensus.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** {@code Weight(W)}: approving validators whose voting weights add up to at least W. */
public record WeightRule(long threshold) implements ApprovalRule {

    public WeightRule {
        if (threshold < 1) {
            throw new IllegalArgumentException("the weight threshold must be at least 1, got " + threshold);
        }
    }

    @Override
    public String text() {
        return "Weight(" + threshold + ")";
    }

    @Override
    public String kind() {
        return "weight";
    }

    @Override
    public boolean isMet(Set<String> approvers, Electorate electorate) {
        return electorate.weightOf(approvers) >= threshold;
    }

    @Override
    public boolean canBeMet(Set<String> rejecters, Electorate electorate) {
        return electorate.totalWeight() - electorate.weightOf(rejecters) >= threshold;
    }

    @Override
    public PolicyProgress progress(Set<String> approvers, Electorate electorate) {
        long have = electorate.weightOf(approvers);
        return new PolicyProgress(text(), kind(), have >= threshold, have, threshold, "weight", List.of());
    }

    @Override
    public int minimumApprovers(Electorate electorate) {
        if (electorate.isOpen()) {
            return (int) Math.min(Integer.MAX_VALUE, threshold);
        }
        // The heaviest validators first: the fewest that can reach the threshold.
        List<Long> weights = electorate.members().stream()
                .map(Electorate.Member::weight)
                .sorted(Comparator.reverseOrder())
                .toList();
        long sum = 0;
        for (int i = 0; i < weights.size(); i++) {
            sum += weights.get(i);
            if (sum >= threshold) {
                return i + 1;
            }
        }
        return weights.size() + 1;
    }
}
