package ml.consensus.consensus;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.StoredRecord;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.stake.StakeRules;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.ValidatorKey;
import ml.consensus.validator.VoteMessage;
import tools.jackson.databind.JsonNode;

/**
 * Re-checks the consensus rules as they stood when each record was written, from the records
 * alone: every proposal hash binds its content; every vote names an earlier, still open
 * proposal, is its validator's only vote on it and, when signatures are required, is signed by
 * that validator's key; every apply follows a quorum of approvals, happens once, lists the
 * approvals on the chain, and trains on the model the validators approved unless the proposal
 * allowed a rebase. Under {@link StakeRules} ({@link StakeCheck}) also: every bond and unbond is
 * signed, in sequence and keeps the balance in range; every voter holds the minimum stake; and
 * each apply is followed, in its block, by exactly the slashes its recorded scores call for.
 * Pure: the same check serves the live node and the offline verifier.
 */
public final class LedgerRules {

    private final VotingRules rules;
    private final StakeRules stakeRules;

    public LedgerRules(VotingRules rules) {
        this(rules, StakeRules.NONE);
    }

    /** Also checks stake records, the minimum stake to vote and slashing under {@code stakeRules}. */
    public LedgerRules(VotingRules rules, StakeRules stakeRules) {
        this.rules = rules;
        this.stakeRules = stakeRules;
    }

    /** What the rules know about one proposal while walking the chain. */
    private static final class Track {
        final ProposalContent content;
        final Set<String> approvers = new LinkedHashSet<>();
        final Set<String> rejecters = new LinkedHashSet<>();
        boolean applied;

        Track(ProposalContent content) {
            this.content = content;
        }

        ProposalState state(ApprovalPolicy policy) {
            return applied ? ProposalState.APPLIED : policy.stateAfter(approvers.size(), rejecters.size());
        }
    }

    /** The first broken rule, in chain order, or empty when every record keeps the rules. */
    public Optional<VerificationFailure> check(List<Block> blocks) {
        Map<Sha256, Track> proposals = new HashMap<>();
        StakeCheck stake = new StakeCheck(stakeRules, rules.validatorSet());
        for (Block block : blocks) {
            for (int position = 0; position < block.records().size(); position++) {
                LedgerRecord record = block.records().get(position);
                Optional<VerificationFailure> failure;
                try {
                    failure = stake.beforeRecord(record, block.index(), position);
                    if (failure.isEmpty()) {
                        failure = checkRecord(proposals, stake, record, block.index(), position);
                    }
                } catch (RuntimeException e) {
                    failure = Optional.of(fail(block.index(), position, "record_fields", e.getMessage(),
                            "the documented fields of " + record.type().wireName(),
                            "record lacks or mangles a field its type requires"));
                }
                if (failure.isPresent()) {
                    return failure;
                }
            }
            Optional<VerificationFailure> leftOver = stake.endOfBlock(block.index(), block.records().size());
            if (leftOver.isPresent()) {
                return leftOver;
            }
        }
        return Optional.empty();
    }

    private Optional<VerificationFailure> checkRecord(Map<Sha256, Track> proposals, StakeCheck stake,
                                                      LedgerRecord record, long block, int position) {
        return switch (record.type()) {
            case TRAINING_PROPOSAL -> checkProposal(proposals, record, block, position);
            case VALIDATOR_APPROVAL -> checkVote(proposals, stake, record, VoteKind.APPROVE, block, position);
            case VALIDATOR_REJECTION -> checkVote(proposals, stake, record, VoteKind.REJECT, block, position);
            case MODEL_UPDATE_APPROVED -> checkApply(proposals, record, block, position)
                    .or(() -> stakeAfterApply(proposals, stake, record, block, position));
            case GENESIS -> block == 0 ? Optional.empty()
                    : Optional.of(fail(block, position, "genesis", "block " + block, "block 0",
                            "a genesis record outside the genesis block"));
            case CHECKPOINT_SAVED -> Optional.empty();
            case STAKE_BONDED, STAKE_UNBONDED, VALIDATOR_SLASHED -> stake.checkStakeRecord(record, block, position);
        };
    }

    /** The slashes an apply calls for, from its recorded scores and the proposal's voters. */
    private static Optional<VerificationFailure> stakeAfterApply(Map<Sha256, Track> proposals, StakeCheck stake,
                                                                 LedgerRecord record, long block, int position) {
        Track track = proposals.get(Sha256.fromHex(record.text("proposal_hash")));
        return stake.afterApply(Sha256.fromHex(record.text("proposal_hash")), UpdateScore.of(record),
                List.copyOf(track.approvers), List.copyOf(track.rejecters), block, position);
    }

    private Optional<VerificationFailure> checkProposal(Map<Sha256, Track> proposals, LedgerRecord record,
                                                        long block, int position) {
        Sha256 stated = Sha256.fromHex(record.text("proposal_hash"));
        JsonNode stored = record.json().get("proposal");
        // Hash what is stored, not a re-serialisation of what was read; then read it strictly, so
        // that nothing the hash binds is ignored and nothing read is unbound.
        Sha256 computed = HashDomain.PROPOSAL.hash(CanonicalJson.canonicalize(stored)
                .getBytes(StandardCharsets.UTF_8));
        if (!computed.equals(stated)) {
            return Optional.of(fail(block, position, "proposal_hash", computed, stated,
                    "proposal_hash does not match the proposal's content"));
        }
        ProposalContent content = ProposalContent.fromJson(stored);
        if (proposals.putIfAbsent(stated, new Track(content)) != null) {
            return Optional.of(fail(block, position, "duplicate_proposal", stated, null,
                    "the same proposal appears twice"));
        }
        return Optional.empty();
    }

    private Optional<VerificationFailure> checkVote(Map<Sha256, Track> proposals, StakeCheck stake,
                                                    LedgerRecord record, VoteKind kind, long block, int position) {
        Sha256 proposalHash = Sha256.fromHex(record.text("proposal_hash"));
        String validatorId = record.text("validator_id");
        if (!ValidatorKey.isWellFormedId(validatorId)) {
            return Optional.of(fail(block, position, "record_fields", validatorId, "a well-formed validator_id",
                    "vote without a well-formed validator_id"));
        }
        Track track = proposals.get(proposalHash);
        if (track == null) {
            return Optional.of(fail(block, position, "vote_proposal", proposalHash, null,
                    "vote on a proposal that is not earlier on the chain"));
        }
        ProposalState state = track.state(rules.policy());
        if (state == ProposalState.APPLIED || state == ProposalState.REJECTED) {
            return Optional.of(fail(block, position, "vote_closed", state.wireName(), "proposed or approved",
                    "vote by " + validatorId + " on a proposal already " + state.wireName()));
        }
        if (track.approvers.contains(validatorId) || track.rejecters.contains(validatorId)) {
            return Optional.of(fail(block, position, "duplicate_vote", validatorId, null,
                    "second vote by " + validatorId + " on proposal " + proposalHash));
        }
        Optional<VerificationFailure> signature = checkSignature(record, kind, proposalHash, validatorId, block,
                position);
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

    private Optional<VerificationFailure> checkSignature(LedgerRecord record, VoteKind kind, Sha256 proposalHash,
                                                         String validatorId, long block, int position) {
        if (rules.validatorSet().isEmpty()) {
            return Optional.empty();
        }
        Optional<ValidatorKey> key = rules.validatorSet().get().find(validatorId);
        if (key.isEmpty()) {
            return Optional.of(fail(block, position, "vote_validator", validatorId, "a member of the validator set",
                    "vote by " + validatorId + ", who is not in the validator set"));
        }
        String signature = record.text("signature");
        String publicKey = record.text("public_key");
        if (signature == null || publicKey == null) {
            return Optional.of(fail(block, position, "vote_signature", "unsigned", "signed by " + validatorId,
                    "unsigned vote where signatures are required"));
        }
        if (!publicKey.equals(key.get().publicKeyHex())) {
            return Optional.of(fail(block, position, "vote_key", publicKey, key.get().publicKeyHex(),
                    "vote carries a public key that is not " + validatorId + "'s"));
        }
        byte[] message = VoteMessage.bytes(kind.wireName(), proposalHash.hex(), validatorId);
        if (!Ed25519.verify(key.get().publicKey(), message, parseHex(signature))) {
            return Optional.of(fail(block, position, "vote_signature", signature,
                    "a signature over '" + VoteMessage.text(kind.wireName(), proposalHash.hex(), validatorId) + "'",
                    "signature does not verify with " + validatorId + "'s key"));
        }
        return Optional.empty();
    }

    private Optional<VerificationFailure> checkApply(Map<Sha256, Track> proposals, LedgerRecord record, long block,
                                                     int position) {
        AppliedUpdate update = AppliedUpdate.from(new StoredRecord(record, block, position));
        Track track = proposals.get(update.proposalHash());
        if (track == null) {
            return Optional.of(fail(block, position, "apply_proposal", update.proposalHash(), null,
                    "update applies a proposal that is not earlier on the chain"));
        }
        if (track.applied) {
            return Optional.of(fail(block, position, "duplicate_apply", update.proposalHash(), null,
                    "proposal applied a second time"));
        }
        ProposalState state = track.state(rules.policy());
        if (state != ProposalState.APPROVED) {
            return Optional.of(fail(block, position, "apply_quorum", track.approvers.size() + " approvals",
                    rules.policy().required() + " approvals",
                    "update applied to a proposal that was " + state.wireName() + ", not approved"));
        }
        List<String> onChain = List.copyOf(track.approvers);
        if (!onChain.equals(update.approvals())) {
            return Optional.of(fail(block, position, "apply_approvals", update.approvals(), onChain,
                    "update lists other approvals than the chain holds"));
        }
        boolean baseMatches = update.modelHashBefore().equals(track.content.modelHashBefore());
        if (!track.content.allowRebase() && (update.rebased() || !baseMatches)) {
            return Optional.of(fail(block, position, "apply_base", update.modelHashBefore(),
                    track.content.modelHashBefore(),
                    "update trained on another model than the one validators approved, without allow_rebase"));
        }
        if (update.rebased() == baseMatches) {
            return Optional.of(fail(block, position, "apply_rebased_flag", update.rebased(), !baseMatches,
                    "the rebased flag contradicts the model hashes"));
        }
        track.applied = true;
        return Optional.empty();
    }

    private static byte[] parseHex(String hex) {
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static VerificationFailure fail(long block, int position, String check, Object computed, Object expected,
                                            String message) {
        return VerificationFailure.ofRecord(block, position, check, computed, expected, message);
    }
}
