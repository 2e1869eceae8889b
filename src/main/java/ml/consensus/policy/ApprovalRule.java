package ml.consensus.policy;

import java.util.Set;

/**
 * An approval policy: when do the approving validators approve a proposal. Three kinds, each
 * with a text form that {@link PolicyParser} reads back:
 * <ul>
 * <li>{@link CountRule} {@code Count(M)}: M approvals (the seed's {@code validators_required});</li>
 * <li>{@link WeightRule} {@code Weight(W)}: approving validators whose weights add up to W;</li>
 * <li>{@link ExpressionRule}: a Hyperledger-Fabric-style expression over validators,
 * {@code AND('a','b')}, {@code OR(...)}, {@code OutOf(2,'a','b','c')}, nested.</li>
 * </ul>
 * Only approvals by validators who may vote in the given {@link Electorate} count.
 */
public sealed interface ApprovalRule permits CountRule, WeightRule, ExpressionRule {

    /** The policy's canonical text, e.g. {@code OutOf(2,'validator-a','validator-b')}. */
    String text();

    /** {@code count}, {@code weight} or {@code expression}. */
    String kind();

    /** True when the approvals of {@code approvers} meet the policy. */
    boolean isMet(Set<String> approvers, Electorate electorate);

    /**
     * True while the policy can still be met: if every validator who has not rejected approved.
     * False once {@code rejecters} block it for good.
     */
    boolean canBeMet(Set<String> rejecters, Electorate electorate);

    PolicyProgress progress(Set<String> approvers, Electorate electorate);

    /** The fewest approvals that can meet the policy under this electorate (the seed's validators_required). */
    int minimumApprovers(Electorate electorate);

    /** Throws IllegalArgumentException, saying why, unless the whole electorate approving meets the policy. */
    default void checkSatisfiable(Electorate electorate) {
        if (!canBeMet(Set.of(), electorate)) {
            throw new IllegalArgumentException("policy " + text() + " can never be met by "
                    + (electorate.isOpen()
                            ? "an open validator set"
                            : "validators "
                                    + electorate.members().stream()
                                            .map(m -> m.id() + " (weight " + m.weight() + ")")
                                            .toList()));
        }
    }
}
