package ml.consensus.api;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.governance.GovernanceService;
import ml.consensus.governance.GovernanceService.Governed;
import ml.consensus.governance.GovernanceService.Proposed;
import ml.consensus.refusal.Refusal;
import ml.consensus.rules.GovernanceChange;
import ml.consensus.stake.StakeProperties;
import ml.consensus.storage.Ledger;
import ml.consensus.validator.ValidatorKey;

/** Governance endpoints: propose a change to the validators or the policy, and apply an approved one. */
@RestController
@RequestMapping(path = "/decentralized", produces = MediaType.APPLICATION_JSON_VALUE)
class GovernanceController {

    private final GovernanceService governance;
    private final Ledger ledger;

    GovernanceController(GovernanceService governance, Ledger ledger) {
        this.governance = governance;
        this.ledger = ledger;
    }

    @PostMapping(path = "/propose-governance", consumes = MediaType.APPLICATION_JSON_VALUE)
    ObjectNode propose(@RequestBody GovernanceRequest request) {
        Proposed proposed = governance.propose(change(request), request.proposerKey());
        ObjectNode response = Json.object();
        response.put("status", "success");
        ObjectNode proposal = response.putObject("proposal");
        proposal.put("status", "proposed");
        proposal.put("kind", "governance");
        proposal.put("proposal_hash", proposed.proposalHash().hex());
        proposal.put("block_index", proposed.block().index());
        proposal.set("proposal", proposed.proposal().toJson());
        response.set("blockchain_stats", Json.blockchainStats(proposed.block().index() + 1, ledger.totalRecords()));
        return response;
    }

    @PostMapping(path = "/apply-governance", consumes = MediaType.APPLICATION_JSON_VALUE)
    ObjectNode apply(@RequestBody ApplyGovernanceRequest request) {
        Governed governed = governance.apply(request.proposalHash());
        ObjectNode response = Json.object();
        response.put("status", "success");
        ObjectNode applied = response.putObject("governance");
        applied.put("proposal_hash", governed.proposalHash().hex());
        applied.put("action", governed.change().action());
        applied.put("block_index", governed.block().index());
        applied.put("effective_from_block", governed.block().index() + 1);
        applied.set("approval_policy", Json.policy(governed.policyAfter(), -1));
        response.set("blockchain_stats", Json.blockchainStats(governed.block().index() + 1, ledger.totalRecords()));
        return response;
    }

    /** The change a request describes; malformed fields are a 400 naming the field. */
    private static GovernanceChange change(GovernanceRequest request) {
        if (request.action() == null) {
            throw Refusal.invalid("action is required: add_validator, remove_validator, set_weight, set_policy or"
                    + " set_stake_rules");
        }
        if (request.proposerKey() != null && !ValidatorKey.isPublicKeyHex(request.proposerKey())) {
            throw Refusal.invalid("proposer_key must be an Ed25519 public key: 64 lower-case hex characters");
        }
        if (!"set_stake_rules".equals(request.action()) && request.hasStakeRuleFields()) {
            throw Refusal.invalid(request.action() + " takes no minimum_to_vote, weight_from_stake, slash_fraction"
                    + " or slash_tolerance");
        }
        try {
            return switch (request.action()) {
                case "add_validator" -> {
                    refuse(request.policy(), "policy", request.action());
                    yield new GovernanceChange.AddValidator(
                            required(request.validatorId(), "validator_id"),
                            request.publicKey(),
                            request.weight() == null ? 1 : request.weight());
                }
                case "remove_validator" -> {
                    refuse(request.policy(), "policy", request.action());
                    refuse(request.publicKey(), "public_key", request.action());
                    refuse(request.weight(), "weight", request.action());
                    yield new GovernanceChange.RemoveValidator(required(request.validatorId(), "validator_id"));
                }
                case "set_weight" -> {
                    refuse(request.policy(), "policy", request.action());
                    refuse(request.publicKey(), "public_key", request.action());
                    yield new GovernanceChange.SetWeight(
                            required(request.validatorId(), "validator_id"), required(request.weight(), "weight"));
                }
                case "set_policy" -> {
                    refuse(request.validatorId(), "validator_id", request.action());
                    refuse(request.publicKey(), "public_key", request.action());
                    refuse(request.weight(), "weight", request.action());
                    yield new GovernanceChange.SetPolicy(required(request.policy(), "policy"));
                }
                case "set_stake_rules" -> {
                    refuse(request.validatorId(), "validator_id", request.action());
                    refuse(request.publicKey(), "public_key", request.action());
                    refuse(request.weight(), "weight", request.action());
                    refuse(request.policy(), "policy", request.action());
                    if (request.slashTolerance() != null
                            && request.slashTolerance() != 0
                            && (request.slashFraction() == null
                                    || request.slashFraction().signum() == 0)) {
                        throw Refusal.invalid(
                                "slash_tolerance needs a slash_fraction above 0: without one nobody is" + " slashed");
                    }
                    yield new GovernanceChange.SetStakeRules(new StakeProperties(
                                    request.minimumToVote() == null ? 0 : request.minimumToVote(),
                                    Boolean.TRUE.equals(request.weightFromStake()),
                                    request.slashFraction(),
                                    request.slashTolerance() == null ? 0 : request.slashTolerance())
                            .rules());
                }
                default ->
                    throw Refusal.invalid("action must be add_validator, remove_validator, set_weight,"
                            + " set_policy or set_stake_rules, got: " + request.action());
            };
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid(e.getMessage());
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw Refusal.invalid(field + " is required");
        }
        return value;
    }

    private static void refuse(Object value, String field, String action) {
        if (value != null) {
            throw Refusal.invalid(action + " takes no " + field);
        }
    }
}
