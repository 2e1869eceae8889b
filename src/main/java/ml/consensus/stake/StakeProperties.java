package ml.consensus.stake;

import java.math.BigDecimal;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;

import ml.consensus.rules.StakeRules;

/**
 * Stake settings (prefix {@code consensus.stake}); all default to off, the seed's behaviour.
 *
 * @param minimumToVote   stake a validator must have bonded to vote (default 0: anyone may)
 * @param weightFromStake voting weight is the bonded stake instead of the validator set's weight
 * @param slashFraction   part of a misjudging voter's stake it loses, in (0, 1] with at most six
 *                        decimals; 0 or unset turns slashing off
 * @param slashTolerance  how far the held-out score may move (in loss) before a vote counts as
 *                        misjudged; default 0
 */
@ConfigurationProperties(prefix = "consensus.stake")
public record StakeProperties(
        long minimumToVote, boolean weightFromStake, BigDecimal slashFraction, double slashTolerance) {

    /** The rules these settings describe; IllegalArgumentException naming the setting when one is out of range. */
    public StakeRules rules() {
        Optional<StakeRules.Slashing> slashing = Optional.empty();
        if (slashFraction != null && slashFraction.signum() != 0) {
            BigDecimal ppm = slashFraction.multiply(BigDecimal.valueOf(StakeRules.Slashing.PPM));
            if (slashFraction.signum() < 0
                    || slashFraction.compareTo(BigDecimal.ONE) > 0
                    || ppm.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException("consensus.stake.slash-fraction must be in (0, 1] with at most"
                        + " six decimals, got " + slashFraction);
            }
            try {
                slashing = Optional.of(new StakeRules.Slashing(slashTolerance, ppm.longValueExact()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("consensus.stake: " + e.getMessage(), e);
            }
        }
        try {
            return new StakeRules(minimumToVote, weightFromStake, slashing);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("consensus.stake.minimum-to-vote: " + e.getMessage(), e);
        }
    }
}
