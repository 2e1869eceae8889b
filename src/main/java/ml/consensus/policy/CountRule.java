package ml.consensus.policy;

import java.util.List;
import java.util.Set;

/** {@code Count(M)}: M approvals by validators who may vote; the seed's M-of-N. */
public record CountRule(int required) implements ApprovalRule {

    public CountRule {
        if (required < 1) {
            throw new IllegalArgumentException("at least one approval must be required, got " + required);
        }
    }

    @Override
    public String text() {
        return "Count(" + required + ")";
    }

    @Override
    public String kind() {
        return "count";
    }

    @Override
    public boolean isMet(Set<String> approvers, Electorate electorate) {
        return electorate.countMembers(approvers) >= required;
    }

    @Override
    public boolean canBeMet(Set<String> rejecters, Electorate electorate) {
        return electorate.size() - electorate.countMembers(rejecters) >= required;
    }

    @Override
    public PolicyProgress progress(Set<String> approvers, Electorate electorate) {
        int have = electorate.countMembers(approvers);
        return new PolicyProgress(text(), kind(), have >= required, have, required, "approvals", List.of());
    }

    @Override
    public int minimumApprovers(Electorate electorate) {
        return required;
    }
}
