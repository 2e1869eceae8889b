package ml.consensus.rules;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.StoredRecord;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.policy.Electorate;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.ValidatorKey;
import ml.consensus.validator.VoteMessage;
import ml.consensus.validator.WithdrawalMessage;

/**
 * Re-checks the consensus rules as they stood when each record was written, from the records
 * alone: every proposal hash binds its content; every vote names an earlier, still open
 * proposal, is its validator's only vote on it and, when signatures are required, is signed by
 * that validator's key; every apply follows a quorum of approvals, happens once, lists the
 * approvals on the chain, and trains on the model the validators approved unless the proposal
 * allowed a rebase. Under the stake rules the ledger declares ({@link StakeCheck}) also: every bond
 * and unbond is signed by a validator of the set in force, in sequence, and keeps the balance in
 * range; every voter holds the minimum stake; proposals are judged with the weights stake gives;
 * and each apply is followed, in its block, by exactly the slashes its recorded scores call for.
 * Pure: the same check serves the live node and the offline verifier.
 */
public final class LedgerRules {

    private final VotingRules start;

    public LedgerRules(VotingRules start) {
        this.start = start;
    }

    /** What the rules know about one proposal while walking the chain. */
    private static final class Track {
        /** A training proposal's content, or null for a governance proposal. */
        final ProposalContent content;
        /** A governance proposal, or null for a training proposal. */
        final GovernanceProposal governance;

        final Set<String> approvers = new LinkedHashSet<>();
        final Set<String> rejecters = new LinkedHashSet<>();
        boolean applied;
        boolean withdrawn;

        Track(ProposalContent content) {
            this.content = content;
            this.governance = null;
        }

        Track(GovernanceProposal governance) {
            this.content = null;
            this.governance = governance;
        }

        ProposalTerms terms() {
            return content != null ? content.terms() : governance.terms();
        }

        /** The state as of a record in block {@code block} carrying its own {@code timestamp}. */
        ProposalState state(ApprovalPolicy policy, long block, String timestamp) {
            return ProposalLifecycle.state(
                    applied,
                    withdrawn,
                    policy.stateAfter(approvers, rejecters),
                    terms(),
                    new ProposalLifecycle.Moment(block, timestamp));
        }
    }

    /** The first broken rule, in chain order, or empty when every record keeps the rules. */
    public Optional<VerificationFailure> check(List<Block> blocks) {
        Map<Sha256, Track> proposals = new HashMap<>();
        RulesInForce rules = new RulesInForce(start);
        StakeCheck stake = new StakeCheck(rules);
        for (Block block : blocks) {
            rules.enterBlock(block.index());
            for (int position = 0; position < block.records().size(); position++) {
                LedgerRecord record = block.records().get(position);
                Optional<VerificationFailure> failure;
                try {
                    failure = stake.beforeRecord(record, block.index(), position);
                    if (failure.isEmpty()) {
                        failure = checkRecord(rules, proposals, stake, record, block.index(), position);
                    }
                } catch (RuntimeException e) {
                    failure = Optional.of(fail(
                            block.index(),
                            position,
                            "record_fields",
                            e.getMessage(),
                            "the documented fields of " + record.type().wireName(),
                            "record lacks or mangles a field its type requires"));
                }
                if (failure.isPresent()) {
                    return failure;
                }
            }
            Optional<VerificationFailure> leftOver =
                    stake.endOfBlock(block.index(), block.records().size());
            if (leftOver.isPresent()) {
                return leftOver;
            }
        }
        return Optional.empty();
    }

    private Optional<VerificationFailure> checkRecord(
            RulesInForce rules,
            Map<Sha256, Track> proposals,
            StakeCheck stake,
            LedgerRecord record,
            long block,
            int position) {
        return switch (record.type()) {
            case TRAINING_PROPOSAL, GOVERNANCE_PROPOSAL -> checkProposal(proposals, record, block, position);
            case GOVERNANCE_APPLIED -> checkGovernance(rules, proposals, stake, record, block, position);
            case VALIDATOR_APPROVAL -> checkVote(rules, proposals, stake, record, VoteKind.APPROVE, block, position);
            case VALIDATOR_REJECTION -> checkVote(rules, proposals, stake, record, VoteKind.REJECT, block, position);
            case MODEL_UPDATE_APPROVED ->
                checkApply(rules, proposals, stake, record, block, position)
                        .or(() -> stakeAfterApply(proposals, stake, record, block, position));
            case POLICY_DECLARED -> breach(rules.declare(record.text("policy"), !proposals.isEmpty()), block, position);
            case STAKE_RULES_DECLARED ->
                breach(
                        rules.declareStake(StakeRecords.readDeclaration(record.json()), !proposals.isEmpty()),
                        block,
                        position);
            case GENESIS ->
                block == 0
                        ? Optional.empty()
                        : Optional.of(fail(
                                block,
                                position,
                                "genesis",
                                "block " + block,
                                "block 0",
                                "a genesis record outside the genesis block"));
            case CHECKPOINT_SAVED -> Optional.empty();
            case PROPOSAL_WITHDRAWN -> checkWithdrawal(proposals, record, block, position);
            case STAKE_BONDED, STAKE_UNBONDED, VALIDATOR_SLASHED -> stake.checkStakeRecord(record, block, position);
        };
    }

    /** The slashes an apply calls for, from its recorded scores and the proposal's voters. */
    private static Optional<VerificationFailure> stakeAfterApply(
            Map<Sha256, Track> proposals, StakeCheck stake, LedgerRecord record, long block, int position) {
        Track track = proposals.get(Sha256.fromHex(record.text("proposal_hash")));
        return stake.afterApply(
                Sha256.fromHex(record.text("proposal_hash")),
                UpdateScore.of(record),
                List.copyOf(track.approvers),
                List.copyOf(track.rejecters),
                block,
                position);
    }

    private Optional<VerificationFailure> checkProposal(
            Map<Sha256, Track> proposals, LedgerRecord record, long block, int position) {
        Sha256 stated = Sha256.fromHex(record.text("proposal_hash"));
        JsonNode stored = record.json().get("proposal");
        // Hash what is stored, not a re-serialisation of what was read; then read it strictly, so
        // that nothing the hash binds is ignored and nothing read is unbound.
        Sha256 computed =
                HashDomain.PROPOSAL.hash(CanonicalJson.canonicalize(stored).getBytes(StandardCharsets.UTF_8));
        if (!computed.equals(stated)) {
            return Optional.of(fail(
                    block,
                    position,
                    "proposal_hash",
                    computed,
                    stated,
                    "proposal_hash does not match the proposal's content"));
        }
        Track track = record.type() == RecordType.GOVERNANCE_PROPOSAL
                ? new Track(GovernanceProposal.fromJson(stored))
                : new Track(ProposalContent.fromJson(stored));
        if (proposals.putIfAbsent(stated, track) != null) {
            return Optional.of(
                    fail(block, position, "duplicate_proposal", stated, null, "the same proposal appears twice"));
        }
        return Optional.empty();
    }

    private Optional<VerificationFailure> checkVote(
            RulesInForce rules,
            Map<Sha256, Track> proposals,
            StakeCheck stake,
            LedgerRecord record,
            VoteKind kind,
            long block,
            int position) {
        Sha256 proposalHash = Sha256.fromHex(record.text("proposal_hash"));
        String validatorId = record.text("validator_id");
        if (!ValidatorKey.isWellFormedId(validatorId)) {
            return Optional.of(fail(
                    block,
                    position,
                    "record_fields",
                    validatorId,
                    "a well-formed validator_id",
                    "vote without a well-formed validator_id"));
        }
        Track track = proposals.get(proposalHash);
        if (track == null) {
            return Optional.of(fail(
                    block,
                    position,
                    "vote_proposal",
                    proposalHash,
                    null,
                    "vote on a proposal that is not earlier on the chain"));
        }
        ProposalState state = track.state(judging(rules, stake), block, record.text("timestamp"));
        Optional<VerificationFailure> closed = closedLifecycle(state, block, position, "vote by " + validatorId);
        if (closed.isPresent()) {
            return closed;
        }
        if (state == ProposalState.APPLIED || state == ProposalState.REJECTED) {
            return Optional.of(fail(
                    block,
                    position,
                    "vote_closed",
                    state.wireName(),
                    "proposed or approved",
                    "vote by " + validatorId + " on a proposal already " + state.wireName()));
        }
        if (track.approvers.contains(validatorId) || track.rejecters.contains(validatorId)) {
            return Optional.of(fail(
                    block,
                    position,
                    "duplicate_vote",
                    validatorId,
                    null,
                    "second vote by " + validatorId + " on proposal " + proposalHash));
        }
        Optional<VerificationFailure> signature =
                checkVoter(rules, record, kind, proposalHash, validatorId, block, position);
        if (signature.isPresent()) {
            return signature;
        }
        Optional<VerificationFailure> stakeFailure = stake.checkVoter(validatorId, block, position);
        if (stakeFailure.isPresent()) {
            return stakeFailure;
        }
        (kind == VoteKind.APPROVE ? track.approvers : track.rejecters).add(validatorId);
        return Optional.empty();
    }

    /** The voter must be in the electorate in force and, where votes are signed, have signed with its key. */
    private Optional<VerificationFailure> checkVoter(
            RulesInForce rules,
            LedgerRecord record,
            VoteKind kind,
            Sha256 proposalHash,
            String validatorId,
            long block,
            int position) {
        Electorate electorate = rules.policy().electorate();
        // In the seed's unsigned modes the verifier is not told who may vote; the node checks it.
        if (!rules.signaturesRequired()) {
            return Optional.empty();
        }
        Optional<ValidatorKey> key = electorate
                .find(validatorId)
                .map(m -> new ValidatorKey(m.id(), m.publicKeyHex(), Math.toIntExact(m.weight())));
        if (key.isEmpty()) {
            return Optional.of(fail(
                    block,
                    position,
                    "vote_validator",
                    validatorId,
                    "a member of the validator set",
                    "vote by " + validatorId + ", who is not in the validator set"));
        }
        String signature = record.text("signature");
        String publicKey = record.text("public_key");
        if (signature == null || publicKey == null) {
            return Optional.of(fail(
                    block,
                    position,
                    "vote_signature",
                    "unsigned",
                    "signed by " + validatorId,
                    "unsigned vote where signatures are required"));
        }
        if (!publicKey.equals(key.get().publicKeyHex())) {
            return Optional.of(fail(
                    block,
                    position,
                    "vote_key",
                    publicKey,
                    key.get().publicKeyHex(),
                    "vote carries a public key that is not " + validatorId + "'s"));
        }
        byte[] message = VoteMessage.bytes(kind.wireName(), proposalHash.hex(), validatorId);
        if (!Ed25519.verify(key.get().publicKey(), message, parseHex(signature))) {
            return Optional.of(fail(
                    block,
                    position,
                    "vote_signature",
                    signature,
                    "a signature over '" + VoteMessage.text(kind.wireName(), proposalHash.hex(), validatorId) + "'",
                    "signature does not verify with " + validatorId + "'s key"));
        }
        return Optional.empty();
    }

    private Optional<VerificationFailure> checkApply(
            RulesInForce rules,
            Map<Sha256, Track> proposals,
            StakeCheck stake,
            LedgerRecord record,
            long block,
            int position) {
        AppliedUpdate update = AppliedUpdate.from(new StoredRecord(record, block, position));
        Track track = proposals.get(update.proposalHash());
        if (track == null) {
            return Optional.of(fail(
                    block,
                    position,
                    "apply_proposal",
                    update.proposalHash(),
                    null,
                    "update applies a proposal that is not earlier on the chain"));
        }
        if (track.content == null) {
            return Optional.of(fail(
                    block,
                    position,
                    "apply_proposal",
                    update.proposalHash(),
                    null,
                    "model update applies a governance proposal"));
        }
        if (track.applied) {
            return Optional.of(fail(
                    block, position, "duplicate_apply", update.proposalHash(), null, "proposal applied a second time"));
        }
        ProposalState state = track.state(judging(rules, stake), block, update.timestamp());
        Optional<VerificationFailure> closed = closedLifecycle(state, block, position, "update");
        if (closed.isPresent()) {
            return closed;
        }
        if (state != ProposalState.APPROVED) {
            return Optional.of(fail(
                    block,
                    position,
                    "apply_quorum",
                    track.approvers.size() + " approvals",
                    rules.policy().isCount()
                            ? rules.policy().required() + " approvals"
                            : "approvals meeting " + rules.policy().text(),
                    "update applied to a proposal that was " + state.wireName() + ", not approved"));
        }
        String statedPolicy = record.text("policy");
        String policyInForce = rules.policy().isCount() ? null : rules.policy().text();
        if (!java.util.Objects.equals(statedPolicy, policyInForce)) {
            return Optional.of(fail(
                    block,
                    position,
                    "apply_policy",
                    statedPolicy,
                    policyInForce,
                    "update names another approval policy than the one in force"));
        }
        List<String> onChain = List.copyOf(track.approvers);
        if (!onChain.equals(update.approvals())) {
            return Optional.of(fail(
                    block,
                    position,
                    "apply_approvals",
                    update.approvals(),
                    onChain,
                    "update lists other approvals than the chain holds"));
        }
        boolean baseMatches = update.modelHashBefore().equals(track.content.modelHashBefore());
        if (!track.content.allowRebase() && (update.rebased() || !baseMatches)) {
            return Optional.of(fail(
                    block,
                    position,
                    "apply_base",
                    update.modelHashBefore(),
                    track.content.modelHashBefore(),
                    "update trained on another model than the one validators approved, without allow_rebase"));
        }
        if (update.rebased() == baseMatches) {
            return Optional.of(fail(
                    block,
                    position,
                    "apply_rebased_flag",
                    update.rebased(),
                    !baseMatches,
                    "the rebased flag contradicts the model hashes"));
        }
        track.applied = true;
        return Optional.empty();
    }

    /**
     * A governance change is applied once, to an approved governance proposal, lists the approvals on
     * the chain, names the policy in force, and applies to the rules in force; its result holds from
     * the next block.
     */
    private Optional<VerificationFailure> checkGovernance(
            RulesInForce rules,
            Map<Sha256, Track> proposals,
            StakeCheck stake,
            LedgerRecord record,
            long block,
            int position) {
        Sha256 proposalHash = Sha256.fromHex(record.text("proposal_hash"));
        Track track = proposals.get(proposalHash);
        if (track == null || track.governance == null) {
            return Optional.of(fail(
                    block,
                    position,
                    "governance_proposal",
                    proposalHash,
                    null,
                    "governance change applies no governance proposal earlier on the chain"));
        }
        if (track.applied) {
            return Optional.of(fail(
                    block,
                    position,
                    "duplicate_apply",
                    proposalHash,
                    null,
                    "governance proposal applied a second time"));
        }
        ProposalState state = track.state(judging(rules, stake), block, record.text("timestamp"));
        Optional<VerificationFailure> closed = closedLifecycle(state, block, position, "governance change");
        if (closed.isPresent()) {
            return closed;
        }
        if (state != ProposalState.APPROVED) {
            return Optional.of(fail(
                    block,
                    position,
                    "apply_quorum",
                    track.approvers.size() + " approvals",
                    "approvals meeting " + rules.policy().text(),
                    "governance change applied to a proposal that was " + state.wireName() + ", not approved"));
        }
        List<String> approvals = record.json()
                .get("approvals")
                .valueStream()
                .map(JsonNode::asString)
                .toList();
        if (!List.copyOf(track.approvers).equals(approvals)) {
            return Optional.of(fail(
                    block,
                    position,
                    "apply_approvals",
                    approvals,
                    List.copyOf(track.approvers),
                    "governance change lists other approvals than the chain holds"));
        }
        if (!rules.policy().text().equals(record.text("policy"))) {
            return Optional.of(fail(
                    block,
                    position,
                    "apply_policy",
                    record.text("policy"),
                    rules.policy().text(),
                    "governance change names another approval policy than the one in force"));
        }
        if (!track.governance.change().action().equals(record.text("action"))) {
            return Optional.of(fail(
                    block,
                    position,
                    "record_fields",
                    record.text("action"),
                    track.governance.change().action(),
                    "governance change names another action than its proposal"));
        }
        Optional<VerificationFailure> invalid = breach(rules.govern(track.governance.change()), block, position);
        if (invalid.isEmpty()) {
            track.applied = true;
        }
        return invalid;
    }

    /**
     * The policy in force with each member's weight as the stake rules in force make it, from the
     * balances after every record before this one: what a proposal is judged by at this record.
     */
    private static ApprovalPolicy judging(RulesInForce rules, StakeCheck stake) {
        return rules.policy().withStake(stake.balances(), rules.stakeRules());
    }

    /** A record about a withdrawn or expired proposal breaks its lifecycle. */
    private static Optional<VerificationFailure> closedLifecycle(
            ProposalState state, long block, int position, String what) {
        if (state == ProposalState.WITHDRAWN) {
            return Optional.of(fail(
                    block,
                    position,
                    "proposal_withdrawn",
                    state.wireName(),
                    "an open proposal",
                    what + " on a proposal its proposer withdrew"));
        }
        if (state == ProposalState.EXPIRED) {
            return Optional.of(fail(
                    block,
                    position,
                    "proposal_expired",
                    state.wireName(),
                    "an open proposal",
                    what + " after the proposal expired"));
        }
        return Optional.empty();
    }

    /**
     * A withdrawal names an earlier proposal that carries a proposer key, is signed by that key over
     * {@link WithdrawalMessage}, and comes before the proposal was applied or withdrawn.
     */
    private Optional<VerificationFailure> checkWithdrawal(
            Map<Sha256, Track> proposals, LedgerRecord record, long block, int position) {
        Sha256 proposalHash = Sha256.fromHex(record.text("proposal_hash"));
        Track track = proposals.get(proposalHash);
        if (track == null) {
            return Optional.of(fail(
                    block,
                    position,
                    "withdraw_proposal",
                    proposalHash,
                    null,
                    "withdrawal of a proposal that is not earlier on the chain"));
        }
        String proposerKey = track.terms().proposerKey();
        String publicKey = record.text("public_key");
        if (proposerKey == null || !proposerKey.equals(publicKey)) {
            return Optional.of(fail(
                    block,
                    position,
                    "withdraw_key",
                    publicKey,
                    proposerKey,
                    "withdrawal not made with the proposal's proposer key"));
        }
        String signature = record.text("signature");
        if (signature == null
                || !Ed25519.verify(
                        HexFormat.of().parseHex(proposerKey),
                        WithdrawalMessage.bytes(proposalHash.hex()),
                        parseHex(signature))) {
            return Optional.of(fail(
                    block,
                    position,
                    "withdraw_signature",
                    signature,
                    "a signature over '" + WithdrawalMessage.text(proposalHash.hex()) + "'",
                    "withdrawal signature does not verify with the proposer key"));
        }
        if (track.applied || track.withdrawn) {
            return Optional.of(fail(
                    block,
                    position,
                    "withdraw_closed",
                    track.applied ? "applied" : "withdrawn",
                    "an open proposal",
                    "withdrawal of a proposal already " + (track.applied ? "applied" : "withdrawn")));
        }
        track.withdrawn = true;
        return Optional.empty();
    }

    private static Optional<VerificationFailure> breach(
            Optional<RulesInForce.Breach> breach, long block, int position) {
        return breach.map(b -> fail(block, position, b.check(), b.computed(), b.expected(), b.message()));
    }

    private static byte[] parseHex(String hex) {
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static VerificationFailure fail(
            long block, int position, String check, Object computed, Object expected, String message) {
        return VerificationFailure.ofRecord(block, position, check, computed, expected, message);
    }
}
