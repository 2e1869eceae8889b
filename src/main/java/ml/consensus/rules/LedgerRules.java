package ml.consensus.rules;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** The state before genesis: the starting rules, no proposals, no stake. */
    public LedgerState initialState() {
        return new LedgerState(start);
    }

    /** The first broken rule, in chain order, or empty when every record keeps the rules. */
    public Optional<VerificationFailure> check(List<Block> blocks) {
        LedgerState state = initialState();
        for (Block block : blocks) {
            Optional<RuleBreach> breach = checkBlock(state, block);
            if (breach.isPresent()) {
                return breach.map(RuleBreach::evidence);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks one whole block against {@code state} (the ledger before it) and folds it in: what a
     * node checks before storing a block another node made. On a breach the state is unusable; check
     * on a {@link LedgerState#fork()} to keep the original.
     */
    public Optional<RuleBreach> checkBlock(LedgerState state, Block block) {
        enterBlock(state, block.index());
        for (int position = 0; position < block.records().size(); position++) {
            Optional<RuleBreach> breach = checkRecord(state, block.records().get(position), block.index(), position);
            if (breach.isPresent()) {
                return breach;
            }
        }
        return endOfBlock(state, block.index(), block.records().size());
    }

    /** Starts block {@code index} on {@code state}: rule changes of earlier blocks now hold. */
    public void enterBlock(LedgerState state, long index) {
        state.rules.enterBlock(index);
        state.block = index;
    }

    /** After the last record of block {@code index}: no slash an apply called for may be owed. */
    public Optional<RuleBreach> endOfBlock(LedgerState state, long index, int records) {
        return state.stake.endOfBlock(index, records);
    }

    /**
     * Checks one record at {@code position} of block {@code block} (entered with
     * {@link #enterBlock}) against {@code state}, and folds it in when it keeps every rule. The one
     * definition of each rule: replay walks a chain with it, and the live node stages each write
     * with it on its state plus the writes queued before it in the block.
     */
    public Optional<RuleBreach> checkRecord(LedgerState state, LedgerRecord record, long block, int position) {
        try {
            Optional<RuleBreach> breach = state.stake
                    .beforeRecord(record, block, position)
                    .or(() -> oneRulesChangePerBlock(state, record, block, position))
                    .or(() -> checkRecord(state.rules, state.proposals, state.stake, record, block, position));
            if (breach.isEmpty() && changesRules(record)) {
                state.rulesChangedInBlock = block;
            }
            return breach;
        } catch (RuntimeException e) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.RECORD_FIELDS,
                    e.getMessage(),
                    "the documented fields of " + record.type().wireName(),
                    "record lacks or mangles a field its type requires"));
        }
    }

    private static boolean changesRules(LedgerRecord record) {
        return record.type() == RecordType.GOVERNANCE_APPLIED
                || record.type() == RecordType.POLICY_DECLARED
                || record.type() == RecordType.STAKE_RULES_DECLARED;
    }

    /**
     * A governance change may not share its block with another rules change: each change is judged
     * against the rules before its block, so a second one would be judged against rules its
     * validators never saw (two removals approved against the same set may not both still apply).
     * The declarations a new ledger starts with ({@code policy_declared}, {@code
     * stake_rules_declared}) go together in one block, before any proposal, so only governance is
     * limited here.
     */
    private static Optional<RuleBreach> oneRulesChangePerBlock(
            LedgerState state, LedgerRecord record, long block, int position) {
        if (record.type() != RecordType.GOVERNANCE_APPLIED || state.rulesChangedInBlock != block) {
            return Optional.empty();
        }
        return Optional.of(fail(
                block,
                position,
                RuleCode.RULES_CHANGED_TWICE,
                "a second rules change in block " + block,
                "one rules change per block",
                "another rules change is already written in this block; apply the governance change in a later"
                        + " block"));
    }

    private Optional<RuleBreach> checkRecord(
            RulesInForce rules,
            Map<Sha256, ProposalTrack> proposals,
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
                                RuleCode.GENESIS,
                                "block " + block,
                                "block 0",
                                "a genesis record outside the genesis block"));
            case CHECKPOINT_SAVED -> Optional.empty();
            case PROPOSAL_WITHDRAWN -> checkWithdrawal(proposals, record, block, position);
            case STAKE_UNBONDED ->
                unbondWhileVoted(rules, proposals, stake, record, block, position)
                        .or(() -> stake.checkStakeRecord(record, block, position));
            case STAKE_BONDED, VALIDATOR_SLASHED -> stake.checkStakeRecord(record, block, position);
        };
    }

    /**
     * Issue 15.5: where slashing is in force, a validator may not unbond while a proposal it voted on
     * is still open (proposed or approved): its apply may call for a slash of that validator, which
     * unbonding first would dodge. Once every proposal it voted on is applied, rejected, withdrawn or
     * expired, its stake is free again.
     */
    private static Optional<RuleBreach> unbondWhileVoted(
            RulesInForce rules,
            Map<Sha256, ProposalTrack> proposals,
            StakeCheck stake,
            LedgerRecord record,
            long block,
            int position) {
        if (rules.stakeRules().slashing().isEmpty()) {
            return Optional.empty();
        }
        String validatorId = record.text("validator_id");
        ApprovalPolicy policy = judging(rules, stake);
        String timestamp = record.text("timestamp");
        for (Map.Entry<Sha256, ProposalTrack> entry : proposals.entrySet()) {
            ProposalTrack track = entry.getValue();
            if (!track.approvers.contains(validatorId) && !track.rejecters.contains(validatorId)) {
                continue;
            }
            ProposalState state = track.state(policy, block, timestamp);
            if (state == ProposalState.PROPOSED || state == ProposalState.APPROVED) {
                return Optional.of(fail(
                        block,
                        position,
                        RuleCode.STAKE_LOCKED,
                        "a vote on open proposal " + entry.getKey(),
                        "no vote on an open proposal",
                        "validator " + validatorId + " voted on proposal " + entry.getKey() + ", which is still "
                                + state.wireName() + "; where slashing applies, stake stays bonded until every"
                                + " proposal its validator voted on is applied, rejected, withdrawn or expired"));
            }
        }
        return Optional.empty();
    }

    /** The slashes an apply calls for, from its recorded scores and the proposal's voters. */
    private static Optional<RuleBreach> stakeAfterApply(
            Map<Sha256, ProposalTrack> proposals, StakeCheck stake, LedgerRecord record, long block, int position) {
        ProposalTrack track = proposals.get(Sha256.fromHex(record.text("proposal_hash")));
        return stake.afterApply(
                Sha256.fromHex(record.text("proposal_hash")),
                UpdateScore.of(record),
                List.copyOf(track.approvers),
                List.copyOf(track.rejecters),
                block,
                position);
    }

    private Optional<RuleBreach> checkProposal(
            Map<Sha256, ProposalTrack> proposals, LedgerRecord record, long block, int position) {
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
                    RuleCode.PROPOSAL_HASH,
                    computed,
                    stated,
                    "proposal_hash does not match the proposal's content"));
        }
        ProposalTrack track = record.type() == RecordType.GOVERNANCE_PROPOSAL
                ? new ProposalTrack(GovernanceProposal.fromJson(stored))
                : new ProposalTrack(ProposalContent.fromJson(stored));
        if (proposals.putIfAbsent(stated, track) != null) {
            return Optional.of(fail(
                    block, position, RuleCode.DUPLICATE_PROPOSAL, stated, null, "the same proposal appears twice"));
        }
        return Optional.empty();
    }

    private Optional<RuleBreach> checkVote(
            RulesInForce rules,
            Map<Sha256, ProposalTrack> proposals,
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
                    RuleCode.RECORD_FIELDS,
                    validatorId,
                    "a well-formed validator_id",
                    "vote without a well-formed validator_id"));
        }
        ProposalTrack track = proposals.get(proposalHash);
        if (track == null) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.VOTE_PROPOSAL,
                    proposalHash,
                    null,
                    "vote on a proposal that is not earlier on the chain"));
        }
        ProposalState state = track.state(judging(rules, stake), block, record.text("timestamp"));
        Optional<RuleBreach> closed = votesClosed(track, state, proposalHash, block, position);
        if (closed.isPresent()) {
            return closed;
        }
        if (track.approvers.contains(validatorId) || track.rejecters.contains(validatorId)) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.DUPLICATE_VOTE,
                    validatorId,
                    null,
                    "validator " + validatorId + " already voted "
                            + (track.approvers.contains(validatorId) ? VoteKind.APPROVE : VoteKind.REJECT).wireName()
                            + " on proposal " + proposalHash + "; one vote per validator"));
        }
        Optional<RuleBreach> signature = checkVoter(rules, record, kind, proposalHash, validatorId, block, position);
        if (signature.isPresent()) {
            return signature;
        }
        Optional<RuleBreach> stakeFailure = stake.checkVoter(validatorId, block, position);
        if (stakeFailure.isPresent()) {
            return stakeFailure;
        }
        (kind == VoteKind.APPROVE ? track.approvers : track.rejecters).add(validatorId);
        String publicKey = record.text("public_key");
        if (publicKey != null) {
            track.voteKeys.put(validatorId, publicKey);
        }
        return Optional.empty();
    }

    /** The voter must be in the electorate in force and, where votes are signed, have signed with its key. */
    private Optional<RuleBreach> checkVoter(
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
                    RuleCode.VOTE_VALIDATOR,
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
                    RuleCode.VOTE_SIGNATURE,
                    "unsigned",
                    "signed by " + validatorId,
                    "unsigned vote where signatures are required"));
        }
        if (!publicKey.equals(key.get().publicKeyHex())) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.VOTE_KEY,
                    publicKey,
                    key.get().publicKeyHex(),
                    "vote carries a public key that is not " + validatorId + "'s"));
        }
        byte[] message = VoteMessage.bytes(kind.wireName(), proposalHash.hex(), validatorId);
        if (!Ed25519.verify(key.get().publicKey(), message, parseHex(signature))) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.VOTE_SIGNATURE,
                    signature,
                    "a signature over '" + VoteMessage.text(kind.wireName(), proposalHash.hex(), validatorId) + "'",
                    "signature does not verify with " + validatorId + "'s key"));
        }
        return Optional.empty();
    }

    private Optional<RuleBreach> checkApply(
            RulesInForce rules,
            Map<Sha256, ProposalTrack> proposals,
            StakeCheck stake,
            LedgerRecord record,
            long block,
            int position) {
        AppliedUpdate update = AppliedUpdate.from(new StoredRecord(record, block, position));
        ProposalTrack track = proposals.get(update.proposalHash());
        if (track == null) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.APPLY_PROPOSAL,
                    update.proposalHash(),
                    null,
                    "update applies a proposal that is not earlier on the chain"));
        }
        if (track.content == null) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.APPLY_PROPOSAL,
                    update.proposalHash(),
                    null,
                    "model update applies a governance proposal"));
        }
        if (track.applied) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.DUPLICATE_APPLY,
                    update.proposalHash(),
                    null,
                    "proposal applied a second time"));
        }
        ProposalState state = track.state(judging(rules, stake), block, update.timestamp());
        Optional<RuleBreach> closed = closedLifecycle(state, block, position, "update");
        if (closed.isPresent()) {
            return closed;
        }
        if (state != ProposalState.APPROVED) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.APPLY_QUORUM,
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
                    RuleCode.APPLY_POLICY,
                    statedPolicy,
                    policyInForce,
                    "update names another approval policy than the one in force"));
        }
        List<String> onChain = List.copyOf(track.approvers);
        if (!onChain.equals(update.approvals())) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.APPLY_APPROVALS,
                    update.approvals(),
                    onChain,
                    "update lists other approvals than the chain holds"));
        }
        boolean baseMatches = update.modelHashBefore().equals(track.content.modelHashBefore());
        if (!track.content.allowRebase() && (update.rebased() || !baseMatches)) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.APPLY_BASE,
                    update.modelHashBefore(),
                    track.content.modelHashBefore(),
                    "update trained on another model than the one validators approved, without allow_rebase"));
        }
        if (update.rebased() == baseMatches) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.APPLY_REBASED_FLAG,
                    update.rebased(),
                    !baseMatches,
                    "the rebased flag contradicts the model hashes"));
        }
        track.applied = true;
        track.appliedInBlock = block;
        return Optional.empty();
    }

    /**
     * A governance change is applied once, to an approved governance proposal, lists the approvals on
     * the chain, names the policy in force, and applies to the rules in force; its result holds from
     * the next block.
     */
    private Optional<RuleBreach> checkGovernance(
            RulesInForce rules,
            Map<Sha256, ProposalTrack> proposals,
            StakeCheck stake,
            LedgerRecord record,
            long block,
            int position) {
        Sha256 proposalHash = Sha256.fromHex(record.text("proposal_hash"));
        ProposalTrack track = proposals.get(proposalHash);
        if (track == null || track.governance == null) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.GOVERNANCE_PROPOSAL,
                    proposalHash,
                    null,
                    "governance change applies no governance proposal earlier on the chain"));
        }
        if (track.applied) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.DUPLICATE_APPLY,
                    proposalHash,
                    null,
                    "governance proposal applied a second time"));
        }
        ProposalState state = track.state(judging(rules, stake), block, record.text("timestamp"));
        Optional<RuleBreach> closed = closedLifecycle(state, block, position, "governance change");
        if (closed.isPresent()) {
            return closed;
        }
        if (state != ProposalState.APPROVED) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.APPLY_QUORUM,
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
                    RuleCode.APPLY_APPROVALS,
                    approvals,
                    List.copyOf(track.approvers),
                    "governance change lists other approvals than the chain holds"));
        }
        if (!rules.policy().text().equals(record.text("policy"))) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.APPLY_POLICY,
                    record.text("policy"),
                    rules.policy().text(),
                    "governance change names another approval policy than the one in force"));
        }
        if (!track.governance.change().action().equals(record.text("action"))) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.RECORD_FIELDS,
                    record.text("action"),
                    track.governance.change().action(),
                    "governance change names another action than its proposal"));
        }
        Optional<RuleBreach> invalid = breach(rules.govern(track.governance.change()), block, position);
        if (invalid.isEmpty()) {
            track.applied = true;
            track.appliedInBlock = block;
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

    /** Votes close when a proposal is applied, rejected, withdrawn or expired. */
    private static Optional<RuleBreach> votesClosed(
            ProposalTrack track, ProposalState state, Sha256 proposalHash, long block, int position) {
        String proposal = "proposal " + proposalHash;
        return switch (state) {
            case WITHDRAWN ->
                Optional.of(fail(
                        block,
                        position,
                        RuleCode.PROPOSAL_WITHDRAWN,
                        state.wireName(),
                        "an open proposal",
                        proposal + " was withdrawn by its proposer; votes are closed"));
            case EXPIRED ->
                Optional.of(fail(
                        block,
                        position,
                        RuleCode.PROPOSAL_EXPIRED,
                        state.wireName(),
                        "an open proposal",
                        proposal + " has expired; votes are closed (propose it again)"));
            case APPLIED, REJECTED ->
                Optional.of(fail(
                        block,
                        position,
                        RuleCode.VOTE_CLOSED,
                        state.wireName(),
                        "proposed or approved",
                        proposal
                                + (state == ProposalState.REJECTED
                                        ? " was rejected; votes are closed"
                                        : " was already applied"
                                                + (track.appliedInBlock == block
                                                        ? " in the block being written"
                                                        : " in block " + track.appliedInBlock)
                                                + "; votes are closed")));
            case PROPOSED, APPROVED -> Optional.empty();
        };
    }

    /** A record about a withdrawn or expired proposal breaks its lifecycle. */
    private static Optional<RuleBreach> closedLifecycle(ProposalState state, long block, int position, String what) {
        if (state == ProposalState.WITHDRAWN) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.PROPOSAL_WITHDRAWN,
                    state.wireName(),
                    "an open proposal",
                    what + " on a proposal its proposer withdrew"));
        }
        if (state == ProposalState.EXPIRED) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.PROPOSAL_EXPIRED,
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
    private Optional<RuleBreach> checkWithdrawal(
            Map<Sha256, ProposalTrack> proposals, LedgerRecord record, long block, int position) {
        Sha256 proposalHash = Sha256.fromHex(record.text("proposal_hash"));
        ProposalTrack track = proposals.get(proposalHash);
        if (track == null) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.WITHDRAW_PROPOSAL,
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
                    RuleCode.WITHDRAW_KEY,
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
                    RuleCode.WITHDRAW_SIGNATURE,
                    signature,
                    "a signature over '" + WithdrawalMessage.text(proposalHash.hex()) + "'",
                    "withdrawal signature does not verify with the proposer key"));
        }
        if (track.applied || track.withdrawn) {
            return Optional.of(fail(
                    block,
                    position,
                    RuleCode.WITHDRAW_CLOSED,
                    track.applied ? "applied" : "withdrawn",
                    "an open proposal",
                    "withdrawal of a proposal already " + (track.applied ? "applied" : "withdrawn")));
        }
        track.withdrawn = true;
        return Optional.empty();
    }

    private static Optional<RuleBreach> breach(Optional<RulesInForce.Breach> breach, long block, int position) {
        return breach.map(b -> fail(block, position, b.code(), b.computed(), b.expected(), b.message()));
    }

    private static byte[] parseHex(String hex) {
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static RuleBreach fail(
            long block, int position, RuleCode code, Object computed, Object expected, String message) {
        return RuleBreach.of(code, block, position, computed, expected, message);
    }
}
