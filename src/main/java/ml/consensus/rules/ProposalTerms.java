package ml.consensus.rules;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.validator.ValidatorKey;

/**
 * A proposal's lifecycle terms, part of what its hash binds (so validators see them): when it
 * expires and who may withdraw it. Each is optional and, when absent, is not written at all, so a
 * proposal without terms hashes exactly as in the seed.
 *
 * @param expiresAfterBlock the last block that may hold a vote, apply or withdrawal of it; null = never
 * @param expiresAt         the first instant (ledger time) at which it has expired: a record whose own
 *                          {@code timestamp} is at or after it comes too late; null = never
 * @param proposerKey       the proposer's Ed25519 public key (64 hex), who alone may withdraw it; null =
 *                          it cannot be withdrawn
 */
public record ProposalTerms(Long expiresAfterBlock, String expiresAt, String proposerKey) {

    public static final ProposalTerms NONE = new ProposalTerms(null, null, null);

    static final Set<String> FIELDS = Set.of("expires_after_block", "expires_at", "proposer_key");

    public ProposalTerms {
        if (expiresAfterBlock != null && expiresAfterBlock < 1) {
            throw new IllegalArgumentException(
                    "proposal.expires_after_block must be a block index, got " + expiresAfterBlock);
        }
        if (expiresAt != null) {
            try {
                Instant.parse(expiresAt);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("proposal.expires_at must be an ISO-8601 instant, got " + expiresAt);
            }
        }
        if (proposerKey != null && !ValidatorKey.isPublicKeyHex(proposerKey)) {
            throw new IllegalArgumentException("proposal.proposer_key must be 64 lower-case hex characters");
        }
    }

    /**
     * True when a record about the proposal, standing in block {@code blockIndex} with its own
     * timestamp {@code timestamp}, comes after the proposal expired.
     */
    public boolean isExpiredAt(long blockIndex, String timestamp) {
        if (expiresAfterBlock != null && blockIndex > expiresAfterBlock) {
            return true;
        }
        return expiresAt != null && !Instant.parse(timestamp).isBefore(Instant.parse(expiresAt));
    }

    void writeTo(ObjectNode json) {
        if (expiresAfterBlock != null) {
            json.put("expires_after_block", expiresAfterBlock);
        }
        if (expiresAt != null) {
            json.put("expires_at", expiresAt);
        }
        if (proposerKey != null) {
            json.put("proposer_key", proposerKey);
        }
    }

    /** Reads the optional terms of a {@code proposal} object, strictly typed. */
    static ProposalTerms read(JsonNode json) {
        JsonNode block = json.get("expires_after_block");
        JsonNode at = json.get("expires_at");
        JsonNode key = json.get("proposer_key");
        if (block != null && !block.isIntegralNumber()) {
            throw new IllegalArgumentException("proposal.expires_after_block must be a whole number");
        }
        if (at != null && !at.isString()) {
            throw new IllegalArgumentException("proposal.expires_at must be a string");
        }
        if (key != null && !key.isString()) {
            throw new IllegalArgumentException("proposal.proposer_key must be a string");
        }
        return new ProposalTerms(
                block == null ? null : block.asLong(),
                at == null ? null : at.asString(),
                key == null ? null : key.asString());
    }
}
