package ml.consensus.privacy;

import java.util.Objects;

/**
 * One participant's delta in a federated round, with the number of tokens it was trained on (the
 * token count of the data commitment it was proposed with), which is its weight in
 * {@link DeltaCombiner#federatedAverage}.
 *
 * @param delta  the participant's delta against the round's base model
 * @param tokens 1 to {@link #MAX_TOKENS}
 */
public record Contribution(ModelDelta delta, long tokens) {

    /**
     * 2^29: with weights and their sum at most this, every weight times a float component is exact
     * in double (24 + 29 bits), so contributions that agree on a component give exactly that value.
     */
    public static final long MAX_TOKENS = 1L << 29;

    public Contribution {
        Objects.requireNonNull(delta, "delta");
        if (tokens < 1 || tokens > MAX_TOKENS) {
            throw new IllegalArgumentException(
                    "a contribution's token count must be 1 to " + MAX_TOKENS + ", got " + tokens);
        }
    }
}
