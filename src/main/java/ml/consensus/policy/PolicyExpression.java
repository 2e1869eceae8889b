package ml.consensus.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A node of a Fabric-style policy expression: a validator, or a threshold over sub-expressions
 * ({@code AND} needs all, {@code OR} one, {@code OutOf(n, ...)} n of them).
 */
public sealed interface PolicyExpression permits PolicyExpression.Validator, PolicyExpression.Threshold {

    /** True when the validators for whom {@code approves} holds satisfy this expression. */
    boolean isSatisfiedBy(Predicate<String> approves);

    /**
     * Validators not yet in {@code approvers}, among those {@code mayApprove} admits, whose approval
     * would satisfy the expression; empty when already satisfied; absent when it cannot be satisfied.
     * Found greedily (the cheapest sub-expressions first), so small but not always the smallest.
     */
    Optional<Set<String>> completion(Set<String> approvers, Predicate<String> mayApprove);

    /** The validator ids the expression names, in order of first mention. */
    Set<String> validators();

    /** Canonical text: keywords in upper case ({@code OutOf} as Fabric writes it), ids in single quotes, no spaces. */
    String text();

    /** A validator, by id: satisfied when that validator approves. */
    record Validator(String id) implements PolicyExpression {
        @Override
        public boolean isSatisfiedBy(Predicate<String> approves) {
            return approves.test(id);
        }

        @Override
        public Optional<Set<String>> completion(Set<String> approvers, Predicate<String> mayApprove) {
            if (approvers.contains(id)) {
                return Optional.of(Set.of());
            }
            return mayApprove.test(id) ? Optional.of(Set.of(id)) : Optional.empty();
        }

        @Override
        public Set<String> validators() {
            return Set.of(id);
        }

        @Override
        public String text() {
            return "'" + id + "'";
        }
    }

    /**
     * At least {@code required} of {@code operands} satisfied.
     *
     * @param keyword how it was written: {@code AND}, {@code OR} or {@code OutOf}
     */
    record Threshold(String keyword, int required, List<PolicyExpression> operands) implements PolicyExpression {

        public Threshold {
            operands = List.copyOf(operands);
            if (operands.isEmpty() || required < 1 || required > operands.size()) {
                throw new IllegalArgumentException(
                        keyword + " needs between 1 and " + operands.size() + " satisfied operands, got " + required);
            }
        }

        @Override
        public boolean isSatisfiedBy(Predicate<String> approves) {
            return operands.stream().filter(o -> o.isSatisfiedBy(approves)).count() >= required;
        }

        @Override
        public Optional<Set<String>> completion(Set<String> approvers, Predicate<String> mayApprove) {
            List<Set<String>> options = new ArrayList<>();
            for (PolicyExpression operand : operands) {
                operand.completion(approvers, mayApprove).ifPresent(options::add);
            }
            if (options.size() < required) {
                return Optional.empty();
            }
            options.sort(Comparator.comparingInt(Set::size));
            Set<String> union = new LinkedHashSet<>();
            options.subList(0, required).forEach(union::addAll);
            return Optional.of(union);
        }

        @Override
        public Set<String> validators() {
            Set<String> ids = new LinkedHashSet<>();
            operands.forEach(o -> ids.addAll(o.validators()));
            return ids;
        }

        @Override
        public String text() {
            String inner = operands.stream().map(PolicyExpression::text).collect(Collectors.joining(","));
            return "OutOf".equals(keyword) ? "OutOf(" + required + "," + inner + ")" : keyword + "(" + inner + ")";
        }
    }
}
