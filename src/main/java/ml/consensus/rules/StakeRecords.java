package ml.consensus.rules;

import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;

/** Builds the stake records; docs/ledger-format.md lists their fields. */
public final class StakeRecords {

    private StakeRecords() {}

    /**
     * A signed bond ({@code stake_bonded}) or unbond ({@code stake_unbonded}), with the signature and
     * the public key it verified with, so anyone holding the validator set can re-check it.
     */
    public static LedgerRecord signedChange(
            RecordType type,
            String validatorId,
            long amount,
            long sequence,
            long balanceAfter,
            String timestamp,
            String signatureHex,
            String publicKeyHex) {
        if (type != RecordType.STAKE_BONDED && type != RecordType.STAKE_UNBONDED) {
            throw new IllegalArgumentException("not a signed stake change: " + type);
        }
        ObjectNode body = CanonicalJson.newObject();
        body.put("validator_id", validatorId);
        body.put("amount", amount);
        body.put("sequence", sequence);
        body.put("balance_after", balanceAfter);
        body.put("timestamp", timestamp);
        body.put("signature", signatureHex);
        body.put("public_key", publicKeyHex);
        return LedgerRecord.of(type, body);
    }

    /** A slash after the apply of {@code proposalHash}, with the scores that caused it. */
    public static LedgerRecord slashed(
            SlashingRule.Slash slash, Sha256 proposalHash, double scoreBefore, double scoreAfter, String timestamp) {
        ObjectNode body = CanonicalJson.newObject();
        body.put("validator_id", slash.validatorId());
        body.put("proposal_hash", proposalHash.hex());
        body.put("reason", slash.reason());
        body.put("amount", slash.amount());
        body.put("balance_after", slash.balanceAfter());
        body.put("score_before", scoreBefore);
        body.put("score_after", scoreAfter);
        body.put("timestamp", timestamp);
        return LedgerRecord.of(RecordType.VALIDATOR_SLASHED, body);
    }

    /** The fields that state a set of stake rules, in a declaration or a governance proposal. */
    public static final Set<String> RULE_FIELDS =
            Set.of("minimum_to_vote", "weight_from_stake", "slash_fraction_ppm", "slash_tolerance");

    /** A {@code stake_rules_declared} record: the stake rules the ledger is written under from the next block. */
    public static LedgerRecord rulesDeclared(StakeRules rules, String timestamp) {
        ObjectNode body = CanonicalJson.newObject();
        writeRules(rules, body);
        body.put("timestamp", timestamp);
        return LedgerRecord.of(RecordType.STAKE_RULES_DECLARED, body);
    }

    /**
     * Writes {@code rules} as {@code minimum_to_vote}, {@code weight_from_stake},
     * {@code slash_fraction_ppm} (0 = no slashing) and {@code slash_tolerance} (0 without slashing).
     */
    public static void writeRules(StakeRules rules, ObjectNode json) {
        json.put("minimum_to_vote", rules.minimumToVote());
        json.put("weight_from_stake", rules.weightFromStake());
        json.put(
                "slash_fraction_ppm",
                rules.slashing().map(StakeRules.Slashing::fractionPpm).orElse(0L));
        json.put(
                "slash_tolerance",
                rules.slashing().map(StakeRules.Slashing::tolerance).orElse(0.0));
    }

    /**
     * Reads a {@code stake_rules_declared} body strictly: the four rule fields, {@code timestamp}
     * and {@code type}, and nothing else.
     *
     * @throws IllegalArgumentException naming the field that is missing, wrong or extra
     */
    public static StakeRules readDeclaration(JsonNode body) {
        for (String name : body.propertyNames()) {
            if (!RULE_FIELDS.contains(name) && !name.equals("timestamp") && !name.equals("type")) {
                throw new IllegalArgumentException("stake_rules_declared takes no field '" + name + "'");
            }
        }
        JsonNode timestamp = body.get("timestamp");
        if (timestamp == null || !timestamp.isString()) {
            throw new IllegalArgumentException("timestamp is required");
        }
        return readRules(body);
    }

    /**
     * Reads the rules {@link #writeRules} writes, strictly: every field present with its type and
     * range, and a tolerance of 0 without slashing, so that one set of rules has one form.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    public static StakeRules readRules(JsonNode json) {
        long minimum = whole(json, "minimum_to_vote");
        JsonNode weight = json.get("weight_from_stake");
        if (weight == null || !weight.isBoolean()) {
            throw new IllegalArgumentException("weight_from_stake must be true or false");
        }
        long fractionPpm = whole(json, "slash_fraction_ppm");
        JsonNode tolerance = json.get("slash_tolerance");
        if (tolerance == null || !tolerance.isNumber()) {
            throw new IllegalArgumentException("slash_tolerance must be a number");
        }
        Optional<StakeRules.Slashing> slashing = Optional.empty();
        if (fractionPpm != 0) {
            slashing = Optional.of(new StakeRules.Slashing(tolerance.asDouble(), fractionPpm));
        } else if (tolerance.asDouble() != 0) {
            throw new IllegalArgumentException("slash_tolerance must be 0 when slash_fraction_ppm is 0 (no slashing)");
        }
        return new StakeRules(minimum, weight.asBoolean(), slashing);
    }

    private static long whole(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be a whole number");
        }
        return value.asLong();
    }
}
