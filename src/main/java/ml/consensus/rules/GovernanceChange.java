package ml.consensus.rules;

import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.policy.ApprovalRule;
import ml.consensus.policy.Electorate;
import ml.consensus.policy.PolicyParser;
import ml.consensus.validator.ValidatorKey;

/**
 * A change to the validator set, the approval policy or the stake rules, proposed and voted on like a training
 * batch and applied under the policy in force. Constructors check the form of each field
 * (IllegalArgumentException); {@link #applyTo} checks that the change makes sense against the
 * rules in force (IllegalStateException), e.g. that a removed validator is a member and the
 * policy can still be met without it.
 */
public sealed interface GovernanceChange
        permits GovernanceChange.AddValidator,
                GovernanceChange.RemoveValidator,
                GovernanceChange.SetWeight,
                GovernanceChange.SetPolicy,
                GovernanceChange.SetStakeRules {

    int MAX_WEIGHT = 1_000_000;

    /**
     * {@code add_validator}, {@code remove_validator}, {@code set_weight}, {@code set_policy} or
     * {@code set_stake_rules}.
     */
    String action();

    /** Writes {@code action} and this change's fields into a proposal object. */
    void writeTo(ObjectNode json);

    /**
     * The policy and electorate after this change.
     *
     * @param signed whether votes are signed (then a new validator needs a public key, else it must have none)
     * @throws IllegalStateException saying why, when the change does not apply to {@code current}
     */
    default ApprovalPolicy applyTo(ApprovalPolicy current, boolean signed) {
        return applyTo(current, signed, StakeRules.NONE);
    }

    /**
     * As {@link #applyTo(ApprovalPolicy, boolean)} on a ledger under {@code stake}: where weight
     * derives from stake, whether a policy can be met is judged by what stake could give.
     */
    ApprovalPolicy applyTo(ApprovalPolicy current, boolean signed, StakeRules stake);

    /**
     * The stake rules after this change: unchanged but for {@link SetStakeRules}.
     *
     * @param policy the policy in force, which the new rules must still let the validators meet
     * @throws IllegalStateException saying why, when the change does not apply to {@code current}
     */
    default StakeRules stakeRulesAfter(StakeRules current, ApprovalPolicy policy, boolean signed) {
        return current;
    }

    /** Adds a validator with its weight and, where votes are signed, its Ed25519 public key. */
    record AddValidator(String validatorId, String publicKey, int weight) implements GovernanceChange {
        public AddValidator {
            checkId(validatorId);
            checkWeight(weight);
            if (publicKey != null && !ValidatorKey.isPublicKeyHex(publicKey)) {
                throw new IllegalArgumentException("public_key must be 64 lower-case hex characters");
            }
        }

        @Override
        public String action() {
            return "add_validator";
        }

        @Override
        public void writeTo(ObjectNode json) {
            json.put("action", action());
            json.put("validator_id", validatorId);
            if (publicKey != null) {
                json.put("public_key", publicKey);
            }
            json.put("weight", weight);
        }

        @Override
        public ApprovalPolicy applyTo(ApprovalPolicy current, boolean signed, StakeRules stake) {
            Electorate electorate = listed(current);
            if (electorate.find(validatorId).isPresent()) {
                throw new IllegalStateException("validator " + validatorId + " is already in the validator set");
            }
            if (signed && publicKey == null) {
                throw new IllegalStateException("votes are signed on this ledger: a new validator needs public_key");
            }
            if (!signed && publicKey != null) {
                throw new IllegalStateException("votes are unsigned on this ledger: omit public_key");
            }
            if (publicKey != null && electorate.members().stream().anyMatch(m -> publicKey.equals(m.publicKeyHex()))) {
                throw new IllegalStateException("public_key already belongs to another validator");
            }
            return ApprovalPolicy.of(
                    current.rule(), electorate.with(new Electorate.Member(validatorId, weight, publicKey)), stake);
        }
    }

    /** Removes a validator; the policy in force must still be possible to meet without it. */
    record RemoveValidator(String validatorId) implements GovernanceChange {
        public RemoveValidator {
            checkId(validatorId);
        }

        @Override
        public String action() {
            return "remove_validator";
        }

        @Override
        public void writeTo(ObjectNode json) {
            json.put("action", action());
            json.put("validator_id", validatorId);
        }

        @Override
        public ApprovalPolicy applyTo(ApprovalPolicy current, boolean signed, StakeRules stake) {
            Electorate electorate = member(current, validatorId);
            if (electorate.size() == 1) {
                throw new IllegalStateException("cannot remove " + validatorId + ", the last validator");
            }
            return satisfiable(current.rule(), electorate.without(validatorId), stake, "without " + validatorId);
        }
    }

    /** Changes a validator's voting weight. */
    record SetWeight(String validatorId, int weight) implements GovernanceChange {
        public SetWeight {
            checkId(validatorId);
            checkWeight(weight);
        }

        @Override
        public String action() {
            return "set_weight";
        }

        @Override
        public void writeTo(ObjectNode json) {
            json.put("action", action());
            json.put("validator_id", validatorId);
            json.put("weight", weight);
        }

        @Override
        public ApprovalPolicy applyTo(ApprovalPolicy current, boolean signed, StakeRules stake) {
            Electorate electorate = member(current, validatorId);
            return satisfiable(
                    current.rule(),
                    electorate.withWeight(validatorId, weight),
                    stake,
                    "with " + validatorId + " at weight " + weight);
        }
    }

    /** Replaces the approval policy; {@code policy} is kept in canonical form. */
    record SetPolicy(String policy) implements GovernanceChange {
        public SetPolicy {
            policy = PolicyParser.parse(policy).text();
        }

        @Override
        public String action() {
            return "set_policy";
        }

        @Override
        public void writeTo(ObjectNode json) {
            json.put("action", action());
            json.put("policy", policy);
        }

        @Override
        public ApprovalPolicy applyTo(ApprovalPolicy current, boolean signed, StakeRules stake) {
            Electorate electorate = listed(current);
            if (current.text().equals(policy)) {
                throw new IllegalStateException("policy " + policy + " is already in force");
            }
            return satisfiable(PolicyParser.parse(policy), electorate, stake, "by the validators in force");
        }
    }

    /**
     * Replaces the stake rules (docs/stake.md): the minimum stake to vote, whether weight derives
     * from stake, and slashing. A minimum stake needs signed votes: stake is bonded with signatures.
     */
    record SetStakeRules(StakeRules rules) implements GovernanceChange {
        public SetStakeRules {
            java.util.Objects.requireNonNull(rules, "rules");
        }

        @Override
        public String action() {
            return "set_stake_rules";
        }

        @Override
        public void writeTo(ObjectNode json) {
            json.put("action", action());
            StakeRecords.writeRules(rules, json);
        }

        @Override
        public ApprovalPolicy applyTo(ApprovalPolicy current, boolean signed, StakeRules stake) {
            listed(current);
            return current;
        }

        @Override
        public StakeRules stakeRulesAfter(StakeRules current, ApprovalPolicy policy, boolean signed) {
            if (current.equals(rules)) {
                throw new IllegalStateException("these stake rules are already in force");
            }
            if ((rules.minimumToVote() > 0 || rules.weightFromStake()) && !signed) {
                throw new IllegalStateException("a minimum stake to vote and weight from stake need signed votes:"
                        + " stake is bonded with signed records");
            }
            satisfiable(policy.rule(), policy.electorate(), rules, "under these stake rules");
            return rules;
        }
    }

    /** Reads {@code action} and its fields from a proposal object, strictly; other fields are the caller's. */
    static GovernanceChange fromJson(JsonNode json, Set<String> otherFields) {
        String action = text(json, "action", true);
        Set<String> fields = switch (action) {
            case "add_validator" -> Set.of("action", "validator_id", "public_key", "weight");
            case "remove_validator" -> Set.of("action", "validator_id");
            case "set_weight" -> Set.of("action", "validator_id", "weight");
            case "set_policy" -> Set.of("action", "policy");
            case "set_stake_rules" -> withAction(StakeRecords.RULE_FIELDS);
            default ->
                throw new IllegalArgumentException("action must be add_validator, remove_validator,"
                        + " set_weight, set_policy or set_stake_rules, got: " + action);
        };
        for (String name : json.propertyNames()) {
            if (!fields.contains(name) && !otherFields.contains(name)) {
                throw new IllegalArgumentException(action + " takes no field '" + name + "'");
            }
        }
        return switch (action) {
            case "add_validator" ->
                new AddValidator(
                        text(json, "validator_id", true),
                        text(json, "public_key", false),
                        json.has("weight") ? whole(json, "weight") : 1);
            case "remove_validator" -> new RemoveValidator(text(json, "validator_id", true));
            case "set_weight" -> new SetWeight(text(json, "validator_id", true), whole(json, "weight"));
            case "set_stake_rules" -> new SetStakeRules(StakeRecords.readRules(json));
            default -> new SetPolicy(text(json, "policy", true));
        };
    }

    private static Set<String> withAction(Set<String> fields) {
        Set<String> all = new java.util.HashSet<>(fields);
        all.add("action");
        return all;
    }

    private static String text(JsonNode json, String field, boolean required) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        if (!value.isString()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.asString();
    }

    private static int whole(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(field + " must be a whole number");
        }
        return value.asInt();
    }

    private static void checkId(String id) {
        if (!ValidatorKey.isWellFormedId(id)) {
            throw new IllegalArgumentException("validator_id must be 1 to 128 characters of letters, digits and"
                    + " . _ : @ -, starting with a letter or digit");
        }
    }

    private static void checkWeight(int weight) {
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight must be between 1 and " + MAX_WEIGHT + ", got " + weight);
        }
    }

    private static Electorate listed(ApprovalPolicy current) {
        if (current.electorate().isOpen()) {
            throw new IllegalStateException("governance needs a validator set (consensus.validators or"
                    + " consensus.validator-set-file); in the seed's open mode anyone votes");
        }
        return current.electorate();
    }

    private static Electorate member(ApprovalPolicy current, String id) {
        Electorate electorate = listed(current);
        if (electorate.find(id).isEmpty()) {
            throw new IllegalStateException("validator " + id + " is not in the validator set");
        }
        return electorate;
    }

    private static ApprovalPolicy satisfiable(ApprovalRule rule, Electorate electorate, StakeRules stake, String how) {
        try {
            return ApprovalPolicy.of(rule, electorate, stake);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "policy " + rule.text() + " could no longer be met " + how + "; change the policy first", e);
        }
    }
}
