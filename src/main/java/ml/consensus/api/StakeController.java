package ml.consensus.api;

import java.util.Optional;
import java.util.TreeSet;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.policy.Electorate;
import ml.consensus.refusal.Refusal;
import ml.consensus.rules.StakeBalances;
import ml.consensus.rules.StakeRules;
import ml.consensus.stake.StakeService;
import ml.consensus.storage.Ledger;
import ml.consensus.validator.StakeMessage;
import ml.consensus.validator.ValidatorKey;

/** Stake: signed bonds and unbonds, and balances now or after any block. */
@RestController
@RequestMapping(path = "/stake", produces = MediaType.APPLICATION_JSON_VALUE)
class StakeController {

    private final StakeService stake;
    private final Ledger ledger;

    StakeController(StakeService stake, Ledger ledger) {
        this.stake = stake;
        this.ledger = ledger;
    }

    @PostMapping(path = "/bond", consumes = MediaType.APPLICATION_JSON_VALUE)
    ObjectNode bond(@RequestBody StakeRequest request) {
        return changed(stake.change(
                StakeMessage.BOND, request.validatorId(), request.amount(), request.sequence(), request.signature()));
    }

    @PostMapping(path = "/unbond", consumes = MediaType.APPLICATION_JSON_VALUE)
    ObjectNode unbond(@RequestBody StakeRequest request) {
        return changed(stake.change(
                StakeMessage.UNBOND, request.validatorId(), request.amount(), request.sequence(), request.signature()));
    }

    private ObjectNode changed(StakeService.Changed changed) {
        ObjectNode response = Json.object();
        response.put("status", "success");
        ObjectNode change = response.putObject("stake");
        change.put("validator_id", changed.validatorId());
        change.put("operation", changed.operation());
        change.put("amount", changed.amount());
        change.put("sequence", changed.sequence());
        change.put("balance", changed.balanceAfter());
        change.put("next_sequence", changed.sequence() + 1);
        change.put("block_index", changed.block().index());
        response.set("blockchain_stats", Json.blockchainStats(changed.block().index() + 1, ledger.totalRecords()));
        return response;
    }

    /** Every validator of the set and everyone who ever held stake, with the rules in force after the block. */
    @GetMapping
    ObjectNode balances(@RequestParam Optional<Long> block) {
        long at = blockIndex(block);
        StakeService.Standing standing = stake.standingAfter(at);
        TreeSet<String> ids = new TreeSet<>();
        standing.balances().validators().forEach(ids::add);
        standing.electorate().members().forEach(member -> ids.add(member.id()));
        ObjectNode response = Json.object();
        response.put("block_index", at);
        response.set("rules", rules(standing.rules()));
        ArrayNode validators = response.putArray("validators");
        ids.forEach(id -> validators.add(account(id, standing)));
        return response;
    }

    @GetMapping("/{validatorId}")
    ObjectNode validator(@PathVariable String validatorId, @RequestParam Optional<Long> block) {
        if (!ValidatorKey.isWellFormedId(validatorId)) {
            throw Refusal.invalid("malformed validator id: " + validatorId);
        }
        long at = blockIndex(block);
        ObjectNode response = account(validatorId, stake.standingAfter(at));
        response.put("block_index", at);
        return response;
    }

    private long blockIndex(Optional<Long> block) {
        long head = ledger.chainLength() - 1;
        if (block.isPresent() && (block.get() < 0 || block.get() > head)) {
            throw Refusal.notFound("no block " + block.get() + "; the chain's blocks are 0 to " + head);
        }
        return block.orElse(head);
    }

    /** One validator's line; a validator outside a listed set in force may not vote and weighs nothing. */
    private static ObjectNode account(String id, StakeService.Standing standing) {
        StakeBalances balances = standing.balances();
        Electorate electorate = standing.electorate();
        Optional<Electorate.Member> member =
                electorate.isOpen() ? Optional.of(new Electorate.Member(id, 1, null)) : electorate.find(id);
        ObjectNode view = Json.object();
        view.put("validator_id", id);
        // A member's line is its current key's account; a former member's, the account it last signed.
        StakeBalances.Account account = member.filter(m -> m.publicKeyHex() != null)
                .map(m -> balances.account(id, m.publicKeyHex()))
                .orElseGet(() -> balances.account(id));
        String key = member.map(Electorate.Member::publicKeyHex).orElse(null);
        view.put("balance", account.balance());
        view.put("next_sequence", account.nextSequence());
        view.put("may_vote", member.isPresent() && balances.mayVote(id, key, standing.rules()));
        view.put(
                "voting_weight",
                member.map(m -> balances.votingWeight(id, m.publicKeyHex(), m.weight(), standing.rules()))
                        .orElse(0L));
        return view;
    }

    private static ObjectNode rules(StakeRules rules) {
        ObjectNode view = Json.object();
        view.put("minimum_to_vote", rules.minimumToVote());
        view.put("weight_from_stake", rules.weightFromStake());
        rules.slashing()
                .ifPresentOrElse(
                        slashing -> {
                            ObjectNode s = view.putObject("slashing");
                            s.put("fraction", slashing.fractionPpm() / (double) StakeRules.Slashing.PPM);
                            s.put("tolerance", slashing.tolerance());
                        },
                        () -> view.putNull("slashing"));
        return view;
    }
}
