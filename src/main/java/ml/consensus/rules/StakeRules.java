package ml.consensus.rules;

import java.util.Optional;

/**
 * The stake rules a ledger is written and checked under (docs/stake.md). The defaults
 * ({@link #NONE}) are the seed's behaviour: stake may be bonded but changes nothing.
 *
 * @param minimumToVote   a validator whose bonded stake is below this may not vote; 0 = anyone may
 * @param weightFromStake when true a validator's voting weight is its bonded stake, otherwise the
 *                        weight the validator set gives it
 * @param slashing        when present, validators who approved an update that worsened the held-out
 *                        score, or rejected one that improved it, lose stake
 */
public record StakeRules(long minimumToVote, boolean weightFromStake, Optional<Slashing> slashing) {

    /** Stake counts for nothing: the seed's rules, and every ledger's until it declares others. */
    public static final StakeRules NONE = new StakeRules(0, false, Optional.empty());

    public StakeRules {
        if (minimumToVote < 0 || minimumToVote > StakeBalances.MAX_BALANCE) {
            throw new IllegalArgumentException("minimum stake to vote must be between 0 and "
                    + StakeBalances.MAX_BALANCE + ", got " + minimumToVote);
        }
    }

    /** A short description for messages, e.g. {@code minimum 10, weight from stake, slash 0.5 beyond 0.0}. */
    public String text() {
        return "minimum " + minimumToVote + (weightFromStake ? ", weight from stake" : "")
                + slashing.map(s -> ", slash "
                                + java.math.BigDecimal.valueOf(s.fractionPpm(), 6)
                                        .stripTrailingZeros()
                                        .toPlainString() + " beyond " + s.tolerance())
                        .orElse(", no slashing");
    }

    /** True when stake changes what a vote weighs: weight from stake, or a minimum below which it weighs 0. */
    public boolean affectsWeights() {
        return weightFromStake || minimumToVote > 0;
    }

    /**
     * How much a misjudged update costs its voters.
     *
     * @param tolerance   how far (in held-out loss) the score may move before a vote counts as
     *                    misjudged; at least 0
     * @param fractionPpm the part of the voter's stake lost, in millionths: 1 to 1,000,000
     */
    public record Slashing(double tolerance, long fractionPpm) {

        public static final long PPM = 1_000_000;

        public Slashing {
            // -0.0 and 0.0 are one tolerance: one set of rules has one form (and one record).
            tolerance = tolerance == 0 ? 0.0 : tolerance;
            if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
                throw new IllegalArgumentException("slashing tolerance must be a finite number >= 0, got " + tolerance);
            }
            if (fractionPpm < 1 || fractionPpm > PPM) {
                throw new IllegalArgumentException(
                        "slashing fraction must be in (0, 1] in millionths, got " + fractionPpm + " ppm");
            }
        }

        /** What a validator with {@code balance} loses: the fraction, rounded down. */
        public long amountOf(long balance) {
            // balance <= 10^12 and fractionPpm <= 10^6: the product fits in a long.
            return balance * fractionPpm / PPM;
        }
    }
}
