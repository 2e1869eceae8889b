package ml.consensus.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Who may vote and with what weight. Either a list of members (ids unique, weights at least 1,
 * a public key each when votes are signed), or open: any well-formed id votes with weight 1, and
 * {@code openSize} stands for the number of validators (the seed's N = M).
 *
 * @param members  the members in order; empty exactly when the electorate is open
 * @param openSize for an open electorate, the N a count policy assumes; 0 otherwise
 */
public record Electorate(List<Member> members, int openSize) {

    /**
     * One validator.
     *
     * @param weight       its voting weight: at least 1 as a validator set or governance gives it; 0
     *                     where it is derived from stake and the validator holds none that counts
     * @param publicKeyHex its Ed25519 key, or null where votes are not signed
     */
    public record Member(String id, long weight, String publicKeyHex) {
        public Member {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("a validator needs an id");
            }
            if (weight < 0) {
                throw new IllegalArgumentException("weight of " + id + " must not be negative, got " + weight);
            }
        }
    }

    public Electorate {
        members = List.copyOf(members);
        if (members.isEmpty() && openSize < 1) {
            throw new IllegalArgumentException("an electorate needs at least one validator");
        }
        if (!members.isEmpty() && openSize != 0) {
            throw new IllegalArgumentException("a listed electorate has no open size");
        }
        if (members.stream().map(Member::id).distinct().count() != members.size()) {
            throw new IllegalArgumentException("validator ids must be unique");
        }
    }

    /** The seed's open mode: anyone votes, and a count policy takes N = {@code size}. */
    public static Electorate open(int size) {
        return new Electorate(List.of(), size);
    }

    public static Electorate of(List<Member> members) {
        return new Electorate(members, 0);
    }

    public boolean isOpen() {
        return members.isEmpty();
    }

    public Optional<Member> find(String id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    public boolean mayVote(String id) {
        return isOpen() || find(id).isPresent();
    }

    /** The weight of {@code id}'s vote: 1 in an open electorate, 0 for a non-member. */
    public long weightOf(String id) {
        return isOpen() ? 1 : find(id).map(Member::weight).orElse(0L);
    }

    /** N: members, or the open size. */
    public int size() {
        return isOpen() ? openSize : members.size();
    }

    public long totalWeight() {
        return isOpen() ? openSize : members.stream().mapToLong(Member::weight).sum();
    }

    /** The sum of the weights of those in {@code ids} who may vote. */
    public long weightOf(Set<String> ids) {
        return ids.stream().mapToLong(this::weightOf).sum();
    }

    /** How many of {@code ids} may vote. */
    public int countMembers(Set<String> ids) {
        return (int) ids.stream().filter(this::mayVote).count();
    }

    /** This electorate with {@code member} added at the end. */
    public Electorate with(Member member) {
        List<Member> next = new ArrayList<>(members);
        next.add(member);
        return of(next);
    }

    /** This electorate without {@code id}. */
    public Electorate without(String id) {
        return of(members.stream().filter(m -> !m.id().equals(id)).toList());
    }

    /** The same members with the weights {@code weight} gives them (e.g. their stake); open stays open. */
    public Electorate reweighted(ToLongFunction<Member> weight) {
        return isOpen()
                ? this
                : of(members.stream()
                        .map(m -> new Member(m.id(), weight.applyAsLong(m), m.publicKeyHex()))
                        .toList());
    }

    /** This electorate with {@code id}'s weight set to {@code weight}. */
    public Electorate withWeight(String id, long weight) {
        return of(members.stream()
                .map(m -> m.id().equals(id) ? new Member(id, weight, m.publicKeyHex()) : m)
                .toList());
    }
}
