package ml.consensus.api;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

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

import ml.consensus.ledger.Block;
import ml.consensus.node.NodeStatusReader;
import ml.consensus.proposal.ConsensusService;
import ml.consensus.proposal.ConsensusService.Applied;
import ml.consensus.proposal.ConsensusService.Proposed;
import ml.consensus.proposal.ConsensusService.Voted;
import ml.consensus.proposal.DryRun;
import ml.consensus.proposal.ProposalBook;
import ml.consensus.proposal.ProposalStatus;
import ml.consensus.proposal.ProposalWithdrawals;
import ml.consensus.proposal.ProposalWithdrawals.Withdrawn;
import ml.consensus.refusal.Refusal;
import ml.consensus.rules.ApprovalPolicy;
import ml.consensus.rules.ProposalKind;
import ml.consensus.rules.VoteKind;
import ml.consensus.storage.Ledger;

/** The seed's consensus endpoints: propose, approve, reject, apply, status, and proposal look-ups. */
@RestController
@RequestMapping(path = "/decentralized", produces = MediaType.APPLICATION_JSON_VALUE)
class DecentralizedController {

    private final ConsensusService consensus;
    private final ProposalBook proposals;
    private final NodeStatusReader statusReader;
    private final Ledger ledger;
    private final ProposalWithdrawals withdrawals;
    private final DryRun dryRun;

    DecentralizedController(
            ConsensusService consensus,
            ProposalBook proposals,
            NodeStatusReader statusReader,
            Ledger ledger,
            ProposalWithdrawals withdrawals,
            DryRun dryRun) {
        this.withdrawals = withdrawals;
        this.dryRun = dryRun;
        this.consensus = consensus;
        this.proposals = proposals;
        this.statusReader = statusReader;
        this.ledger = ledger;
    }

    @PostMapping(path = "/propose-training", consumes = MediaType.APPLICATION_JSON_VALUE)
    ObjectNode propose(@RequestBody ProposeTrainingRequest request) {
        Proposed proposed = consensus.propose(
                request.texts(), request.learningRate(), request.allowRebase(), request.proposerKey());
        ObjectNode response = success();
        ObjectNode proposal = response.putObject("proposal");
        proposal.put("status", "proposed");
        proposal.put("proposal_hash", proposed.proposalHash().hex());
        proposal.put("message", "Training proposed to blockchain validators");
        proposal.put("block_index", proposed.block().index());
        proposal.put("model_hash_before", proposed.content().modelHashBefore().hex());
        proposal.put("model_version", proposed.content().modelVersion());
        response.set("blockchain_stats", stats(proposed.block()));
        return response;
    }

    @PostMapping(path = "/approve-proposal", consumes = MediaType.APPLICATION_JSON_VALUE)
    ObjectNode approve(@RequestBody VoteRequest request) {
        return voteResponse(
                "approval",
                consensus.vote(request.proposalHash(), request.validatorId(), VoteKind.APPROVE, request.signature()));
    }

    @PostMapping(path = "/reject-proposal", consumes = MediaType.APPLICATION_JSON_VALUE)
    ObjectNode reject(@RequestBody VoteRequest request) {
        return voteResponse(
                "rejection",
                consensus.vote(request.proposalHash(), request.validatorId(), VoteKind.REJECT, request.signature()));
    }

    /**
     * The answer to a vote. The seed's {@code status} is the proposal's state after the vote (the
     * seed's one-validator example shows {@code approved} because its one approval approves the
     * proposal); a further field says which kind of vote was recorded, so an approval of a proposal that still
     * needs more never reads {@code "status":"approved"}.
     */
    private ObjectNode voteResponse(String field, Voted voted) {
        ObjectNode response = success();
        ObjectNode vote = response.putObject(field);
        vote.put("status", voted.proposal().state().wireName());
        vote.put("vote", voted.kind().wireName());
        vote.put("proposal_hash", voted.proposal().proposalHash().hex());
        vote.put("validator", voted.validatorId());
        vote.put("proposal_state", voted.proposal().state().wireName());
        vote.put("approvals", voted.proposal().approvals());
        vote.put("rejections", voted.proposal().rejections());
        vote.put(
                "approvals_required",
                voted.proposal().judgedBy().approvalsRequired(voted.proposal().approvers()));
        vote.put("approval_policy", voted.proposal().judgedBy().text());
        vote.put("signed", voted.signed());
        vote.put("block_index", voted.block().index());
        response.set("blockchain_stats", stats(voted.block()));
        return response;
    }

    @PostMapping(path = "/withdraw-proposal", consumes = MediaType.APPLICATION_JSON_VALUE)
    ObjectNode withdraw(@RequestBody WithdrawRequest request) {
        Withdrawn withdrawn = withdrawals.withdraw(request.proposalHash(), request.signature());
        ObjectNode response = success();
        ObjectNode withdrawal = response.putObject("withdrawal");
        withdrawal.put("status", "withdrawn");
        withdrawal.put("proposal_hash", withdrawn.proposalHash().hex());
        withdrawal.put("proposal_state", "withdrawn");
        withdrawal.put("block_index", withdrawn.block().index());
        response.set("blockchain_stats", stats(withdrawn.block()));
        return response;
    }

    @PostMapping(path = "/apply-training", consumes = MediaType.APPLICATION_JSON_VALUE)
    ObjectNode apply(@RequestBody ApplyTrainingRequest request) {
        Applied applied = consensus.apply(request.proposalHash(), request.texts(), request.learningRate());
        ObjectNode response = success();
        ObjectNode metrics = response.putObject("metrics");
        metrics.put("batch_size", applied.result().batchSize());
        metrics.put("vocab_before", applied.result().vocabBefore());
        metrics.put("vocab_after", applied.result().vocabAfter());
        metrics.put("new_words", applied.result().newWords().size());
        metrics.put("tokens_trained", applied.result().tokensTrained());
        metrics.put("model_hash_before", applied.modelHashBefore().hex());
        metrics.put("model_hash_after", applied.modelHashAfter().hex());
        metrics.put("proposal_hash", applied.proposalHash().hex());
        metrics.put("rebased", applied.rebased());
        metrics.put("block_index", applied.block().index());
        metrics.put("evaluation_set_hash", applied.score().evaluationSetHash().hex());
        metrics.put("score_before", applied.score().before());
        metrics.put("score_after", applied.score().after());
        ArrayNode slashes = response.putArray("slashes");
        applied.slashes()
                .forEach(slash -> slashes.addObject()
                        .put("validator_id", slash.validatorId())
                        .put("reason", slash.reason())
                        .put("amount", slash.amount())
                        .put("balance_after", slash.balanceAfter()));
        ObjectNode modelInfo = response.putObject("model_info");
        modelInfo.put("name", applied.model().name());
        modelInfo.put("training_steps", applied.model().trainingSteps());
        modelInfo.put("vocab_size", applied.model().vocabSize());
        response.set("blockchain_stats", stats(applied.block()));
        return response;
    }

    @GetMapping("/status")
    ObjectNode status() {
        return Json.status(statusReader.status());
    }

    @GetMapping("/proposals")
    ObjectNode proposals(
            @RequestParam(required = false) String kind,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "100") int size) {
        Set<ProposalKind> kinds = kind == null ? EnumSet.allOf(ProposalKind.class) : EnumSet.of(proposalKind(kind));
        Paging.check(page, size);
        ApprovalPolicy policy = consensus.policy();
        List<ObjectNode> items = proposals.list(kinds, page, size).stream()
                .map(p -> Json.proposal(p, policy))
                .toList();
        ObjectNode response = Json.object();
        response.set("proposals", Json.array(items));
        response.put("count", items.size());
        response.put("total_proposals", proposals.count(kinds));
        response.put("page", page);
        response.put("size", size);
        return response;
    }

    private static ProposalKind proposalKind(String name) {
        return ProposalKind.fromWireName(name)
                .orElseThrow(() -> Refusal.invalid("unknown proposal kind '" + name + "'; one of "
                        + Arrays.stream(ProposalKind.values())
                                .map(ProposalKind::wireName)
                                .toList()));
    }

    @GetMapping("/proposals/{hash}")
    ObjectNode proposal(@PathVariable String hash) {
        ProposalStatus proposal = proposals.resolve(hash);
        ObjectNode view = Json.proposal(proposal, consensus.policy());
        // Trained on request, for this one proposal only: the write paths never pay for it.
        dryRun.of(proposal).ifPresent(trial -> view.set("dry_run", dryRun(trial)));
        return view;
    }

    /** A trial training's scores: advisory, computed on the served model, not on the ledger. */
    private static ObjectNode dryRun(DryRun.Result trial) {
        ObjectNode view = Json.object();
        view.put("model_hash", trial.modelHash().hex());
        view.put("evaluation_set_hash", trial.score().evaluationSetHash().hex());
        view.put("score_before", trial.score().before());
        view.put("score_after", trial.score().after());
        view.put("worsens_beyond_tolerance", trial.worsensBeyondTolerance());
        return view;
    }

    private static ObjectNode success() {
        ObjectNode response = Json.object();
        response.put("status", "success");
        return response;
    }

    /** The chain as the write left it: the write's own block is the head it knows of. */
    private ObjectNode stats(Block written) {
        return Json.blockchainStats(written.index() + 1, ledger.totalRecords());
    }
}
