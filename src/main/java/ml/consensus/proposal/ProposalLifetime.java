package ml.consensus.proposal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import ml.consensus.NodeProperties;
import ml.consensus.rules.ProposalTerms;

/**
 * How long new proposals stay open ({@code consensus.proposal-expiry-blocks},
 * {@code consensus.proposal-expiry}); both off by default, as in the seed. The terms are written
 * into each proposal, so replay needs no configuration to judge expiry.
 *
 * @param blocks   a proposal in block b may be voted on, applied or withdrawn up to block b + blocks; 0 = no limit
 * @param duration a proposal made at t expires at t + duration; null = no limit
 */
public record ProposalLifetime(int blocks, Duration duration) {

    public ProposalLifetime {
        if (blocks < 0) {
            throw new IllegalArgumentException("consensus.proposal-expiry-blocks must not be negative");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("consensus.proposal-expiry must be positive, got " + duration);
        }
    }

    public static ProposalLifetime of(NodeProperties properties) {
        return new ProposalLifetime(properties.proposalExpiryBlocks(), properties.proposalExpiry());
    }

    /** The terms of a proposal written in block {@code blockIndex} at {@code proposedAt}. */
    public ProposalTerms termsFor(long blockIndex, String proposedAt, String proposerKey) {
        Long lastBlock = blocks == 0 ? null : blockIndex + blocks;
        String expiresAt = duration == null
                ? null
                : DateTimeFormatter.ISO_INSTANT.format(
                        Instant.parse(proposedAt).plus(duration).truncatedTo(ChronoUnit.MILLIS));
        return new ProposalTerms(lastBlock, expiresAt, proposerKey);
    }

    public static ProposalLifetime none() {
        return new ProposalLifetime(0, null);
    }
}
