package ml.consensus.policy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Fabric-style expression over validators, e.g. {@code OR('a',AND('b','c'))}. An approval counts
 * only from a validator who may vote; a named validator who is not in the electorate can never
 * satisfy its part.
 */
public record ExpressionRule(PolicyExpression expression) implements ApprovalRule {

    @Override
    public String text() {
        return expression.text();
    }

    @Override
    public String kind() {
        return "expression";
    }

    @Override
    public boolean isMet(Set<String> approvers, Electorate electorate) {
        return expression.isSatisfiedBy(id -> approvers.contains(id) && electorate.mayVote(id));
    }

    @Override
    public boolean canBeMet(Set<String> rejecters, Electorate electorate) {
        return expression.isSatisfiedBy(id -> electorate.mayVote(id) && !rejecters.contains(id));
    }

    @Override
    public PolicyProgress progress(Set<String> approvers, Electorate electorate) {
        Set<String> counted = approvers.stream()
                .filter(id -> id != null && electorate.mayVote(id))
                .collect(Collectors.toSet());
        List<String> missing = expression
                .completion(counted, electorate::mayVote)
                .map(List::copyOf)
                .orElse(List.of());
        boolean met = isMet(approvers, electorate);
        long have = counted.stream().filter(expression.validators()::contains).count();
        return new PolicyProgress(text(), kind(), met, have, have + missing.size(), "approvals", missing);
    }

    @Override
    public int minimumApprovers(Electorate electorate) {
        return expression
                .completion(Set.of(), electorate::mayVote)
                .map(Set::size)
                .orElse(expression.validators().size() + 1);
    }
}
