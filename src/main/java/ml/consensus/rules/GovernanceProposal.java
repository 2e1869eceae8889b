package ml.consensus.rules;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;

/**
 * What validators vote on in a governance proposal: the change, when it was proposed, and its
 * lifecycle terms. Hashed like a training proposal ({@code consensus-ml/proposal/v1} over the
 * canonical {@code proposal} object); the two can never be read as each other, because each is
 * read strictly and their fields differ ({@code action} against {@code texts}).
 */
public record GovernanceProposal(GovernanceChange change, String timestamp, ProposalTerms terms) {

    public GovernanceProposal {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(terms, "terms");
    }

    public ObjectNode toJson() {
        ObjectNode json = CanonicalJson.newObject();
        change.writeTo(json);
        json.put("timestamp", timestamp);
        terms.writeTo(json);
        return json;
    }

    public Sha256 hash() {
        return HashDomain.PROPOSAL.hash(CanonicalJson.canonicalize(toJson()).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the {@code proposal} object of a governance_proposal record strictly; IllegalArgumentException names the problem. */
    public static GovernanceProposal fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("proposal must be an object");
        }
        Set<String> others = new java.util.HashSet<>(ProposalTerms.FIELDS);
        others.add("timestamp");
        GovernanceChange change = GovernanceChange.fromJson(json, others);
        JsonNode timestamp = json.get("timestamp");
        if (timestamp == null || !timestamp.isString()) {
            throw new IllegalArgumentException("proposal.timestamp must be a string");
        }
        return new GovernanceProposal(change, timestamp.asString(), ProposalTerms.read(json));
    }
}
