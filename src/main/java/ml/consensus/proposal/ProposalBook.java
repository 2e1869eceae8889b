package ml.consensus.proposal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerTime;
import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.StoredRecord;
import ml.consensus.refusal.Refusal;
import ml.consensus.rules.AppliedUpdate;
import ml.consensus.rules.ApprovalPolicy;
import ml.consensus.rules.GovernanceProposal;
import ml.consensus.rules.ProposalContent;
import ml.consensus.rules.ProposalKind;
import ml.consensus.rules.ProposalLifecycle;
import ml.consensus.rules.ProposalLifecycle.Moment;
import ml.consensus.rules.ProposalState;
import ml.consensus.rules.ProposalTerms;
import ml.consensus.rules.StakeRules;
import ml.consensus.rules.VoteKind;
import ml.consensus.stake.StakeLedger;
import ml.consensus.storage.HashPrefixes;
import ml.consensus.storage.Ledger;
import ml.consensus.storage.ProposalCounts;
import ml.consensus.writer.LiveRules;
import ml.consensus.writer.PendingRecords;

/** Reads proposals back from the ledger: finds them by hash or unique prefix and derives their state. */
@Component
public class ProposalBook {

    private final Ledger ledger;
    private final LiveRules rules;
    private final StakeLedger stake;
    private final Clock clock;

    ProposalBook(Ledger ledger, LiveRules rules, StakeLedger stake, Clock clock) {
        this.ledger = ledger;
        this.rules = rules;
        this.stake = stake;
        this.clock = clock;
    }

    /** The policy proposals are judged by now: the one in force, weighted as the stake rules in force say. */
    public ApprovalPolicy judging() {
        return judging(PendingRecords.none());
    }

    /**
     * The policy a write in the block being assembled is judged by: the policy in force with each
     * member's weight from the stake balances after the ledger and {@code pending} (what the
     * verifier computes at the same record).
     */
    public ApprovalPolicy judging(PendingRecords pending) {
        ApprovalPolicy policy = rules.policy();
        StakeRules stakeRules = rules.stakeRules();
        if (!stakeRules.affectsWeights()) {
            return policy;
        }
        return policy.withStake(stake.balances(pending), stakeRules);
    }

    /** A read's moment: the next block to be written, and now. */
    private Moment now() {
        return new Moment(ledger.chainLength(), LedgerTime.now(clock));
    }

    /**
     * The proposal whose hash is {@code hashOrPrefix} or starts with it. Refuses a malformed
     * value (400), no match (404) and more than one match (409).
     */
    public ProposalStatus resolve(String hashOrPrefix) {
        return resolve(hashOrPrefix, PendingRecords.none(), now());
    }

    /**
     * As {@link #resolve(String)}, seeing also the records pending in the block being assembled,
     * with the state as of {@code at} (the block and time a write would stand at).
     */
    public ProposalStatus resolve(String hashOrPrefix, PendingRecords pending, Moment at) {
        Sha256 hash = resolveHash(hashOrPrefix, pending);
        return find(hash, pending, at).orElseThrow(() -> Refusal.notFound("no proposal with hash " + hash.hex()));
    }

    /** The full hash of the one proposal matching {@code hashOrPrefix}; refusals as {@link #resolve}. */
    public Sha256 resolveHash(String hashOrPrefix) {
        return resolveHash(hashOrPrefix, PendingRecords.none());
    }

    private Sha256 resolveHash(String hashOrPrefix, PendingRecords pending) {
        String prefix = HashPrefixes.normalise("proposal_hash", hashOrPrefix);
        if (prefix.length() == 64) {
            // A full hash is a unique-key look-up, not a range scan.
            Sha256 full = Sha256.fromHex(prefix);
            boolean onLedger = pending.ledgerFact(
                    "proposal:" + prefix, () -> ledger.proposalRecord(full).isPresent());
            if (onLedger || !pending.proposalHashesStartingWith(prefix).isEmpty()) {
                return full;
            }
            throw Refusal.notFound("no proposal with hash " + prefix);
        }
        List<String> matches = new ArrayList<>(ledger.proposalHashesStartingWith(prefix, 2));
        matches.addAll(pending.proposalHashesStartingWith(prefix));
        if (matches.isEmpty()) {
            throw Refusal.notFound("no proposal with hash prefix " + prefix);
        }
        if (matches.size() > 1) {
            throw Refusal.ambiguous("hash prefix " + prefix + " matches more than one proposal" + " (for example "
                    + matches.get(0) + " and " + matches.get(1) + "); give more characters");
        }
        return Sha256.fromHex(matches.get(0));
    }

    /**
     * The state and vote counts of the proposal matching {@code hashOrPrefix}, ledger plus
     * pending records: what checking a vote needs. Under a count policy it takes indexed look-ups
     * only, at a cost that does not grow with the proposal's votes; weight and expression policies
     * read the proposal's voters, once per batch. Refusals as {@link #resolve(String)}.
     */
    ProposalTally tally(String hashOrPrefix, PendingRecords pending, Moment at) {
        Sha256 hash = resolveHash(hashOrPrefix, pending);
        // Looked up once per batch: the writes of one batch often concern the same proposal.
        ProposalCounts committed = pending.ledgerFact("counts:" + hash.hex(), () -> ledger.countsAbout(hash));
        int approvals = committed.approvals() + pending.count(hash, RecordType.VALIDATOR_APPROVAL);
        int rejections = committed.rejections() + pending.count(hash, RecordType.VALIDATOR_REJECTION);
        java.util.OptionalLong applied = committed.appliedInBlock().isPresent()
                ? committed.appliedInBlock()
                : pending.count(hash, RecordType.MODEL_UPDATE_APPROVED)
                                        + pending.count(hash, RecordType.GOVERNANCE_APPLIED)
                                > 0
                        ? java.util.OptionalLong.of(-1)
                        : java.util.OptionalLong.empty();
        ApprovalPolicy policy = judging(pending);
        ProposalTerms terms = pending.ledgerFact(
                "terms:" + hash.hex(),
                () -> termsOf(ledger.proposalRecord(hash)
                        .orElseGet(() -> pending.about(hash).stream()
                                .filter(r -> r.record().type() == RecordType.TRAINING_PROPOSAL
                                        || r.record().type() == RecordType.GOVERNANCE_PROPOSAL)
                                .findFirst()
                                .orElseThrow())));
        boolean withdrawn = committed.withdrawals() + pending.count(hash, RecordType.PROPOSAL_WITHDRAWN) > 0;
        // Raw counts include votes of validators governance has since removed, which a count policy
        // does not count (ApprovalPolicy.stateAfter(Set, Set), as LedgerRules and find() judge).
        if (policy.isCount() && rules.everyVoterStillVotes()) {
            ProposalState state = ProposalLifecycle.state(
                    applied.isPresent(), withdrawn, policy.stateAfter(approvals, rejections), terms, at);
            return new ProposalTally(hash, state, approvals, rejections, applied, policy);
        }
        // Weights and expressions need to know who voted; a proposal has at most one vote per validator.
        // The committed voters are read once per batch, like the counts; the pending ones go on top.
        Voters committedVoters = pending.ledgerFact("voters:" + hash.hex(), () -> Voters.of(ledger.recordsAbout(hash)));
        Voters pendingVoters = Voters.of(pending.about(hash));
        Set<String> approvers = new HashSet<>(committedVoters.approvers());
        approvers.addAll(pendingVoters.approvers());
        Set<String> rejecters = new HashSet<>(committedVoters.rejecters());
        rejecters.addAll(pendingVoters.rejecters());
        Map<String, String> keys = new HashMap<>(committedVoters.keys());
        keys.putAll(pendingVoters.keys());
        ProposalState state = ProposalLifecycle.state(
                applied.isPresent(),
                withdrawn,
                policy.stateAfter(countedBy(policy, approvers, keys), countedBy(policy, rejecters, keys)),
                terms,
                at);
        return new ProposalTally(hash, state, approvals, rejections, applied, approvers, rejecters, policy);
    }

    /**
     * Who approved and who rejected, among {@code records} about one proposal, with the key each
     * signed vote was made with (a vote belongs to its key: see {@link #countedBy}).
     */
    private record Voters(Set<String> approvers, Set<String> rejecters, Map<String, String> keys) {

        static Voters of(List<StoredRecord> records) {
            Set<String> approvers = new HashSet<>();
            Set<String> rejecters = new HashSet<>();
            Map<String, String> keys = new HashMap<>();
            for (StoredRecord stored : records) {
                RecordType type = stored.record().type();
                String id = stored.record().text("validator_id");
                // A vote without an id (a damaged record, which verification reports) counts for nobody.
                if ((type == RecordType.VALIDATOR_APPROVAL || type == RecordType.VALIDATOR_REJECTION) && id != null) {
                    (type == RecordType.VALIDATOR_APPROVAL ? approvers : rejecters).add(id);
                    String key = stored.record().text("public_key");
                    if (key != null) {
                        keys.put(id, key);
                    }
                }
            }
            return new Voters(Set.copyOf(approvers), Set.copyOf(rejecters), Map.copyOf(keys));
        }
    }

    /**
     * The voters among {@code voters} whose votes count under {@code policy}: not those signed with a
     * key the validator no longer holds (removed and added again with another key), as
     * {@code LedgerRules} judges.
     */
    private static Set<String> countedBy(ApprovalPolicy policy, Set<String> voters, Map<String, String> keys) {
        if (keys.isEmpty()) {
            return voters;
        }
        Set<String> counted = new HashSet<>();
        for (String id : voters) {
            String signedWith = keys.get(id);
            String keyNow =
                    policy.electorate().find(id).map(m -> m.publicKeyHex()).orElse(null);
            if (signedWith == null || keyNow == null || signedWith.equals(keyNow)) {
                counted.add(id);
            }
        }
        return counted;
    }

    /** The vote {@code validatorId} has already cast on this proposal, on the ledger or pending. */
    Optional<Vote> voteOf(Sha256 proposalHash, String validatorId, PendingRecords pending) {
        return ledger.voteRecord(proposalHash, validatorId)
                .or(() -> pending.voteOf(proposalHash, validatorId))
                .map(r -> vote(
                        r, r.record().type() == RecordType.VALIDATOR_APPROVAL ? VoteKind.APPROVE : VoteKind.REJECT));
    }

    /** The proposal with exactly this hash; refuses with 404 when there is none. */
    public ProposalStatus load(Sha256 proposalHash) {
        return find(proposalHash).orElseThrow(() -> Refusal.notFound("no proposal with hash " + proposalHash.hex()));
    }

    public Optional<ProposalStatus> find(Sha256 proposalHash) {
        return find(proposalHash, PendingRecords.none(), now());
    }

    private Optional<ProposalStatus> find(Sha256 proposalHash, PendingRecords pending, Moment at) {
        List<StoredRecord> about = new ArrayList<>(ledger.recordsAbout(proposalHash));
        about.addAll(pending.about(proposalHash));
        StoredRecord proposal = null;
        List<Vote> votes = new ArrayList<>();
        AppliedUpdate applied = null;
        boolean withdrawn = false;
        java.util.OptionalLong governed = java.util.OptionalLong.empty();
        for (StoredRecord stored : about) {
            switch (stored.record().type()) {
                case TRAINING_PROPOSAL, GOVERNANCE_PROPOSAL -> proposal = stored;
                case GOVERNANCE_APPLIED -> governed = java.util.OptionalLong.of(stored.blockIndex());
                case VALIDATOR_APPROVAL -> votes.add(vote(stored, VoteKind.APPROVE));
                case VALIDATOR_REJECTION -> votes.add(vote(stored, VoteKind.REJECT));
                case MODEL_UPDATE_APPROVED -> applied = AppliedUpdate.from(stored);
                case PROPOSAL_WITHDRAWN -> withdrawn = true;
                default -> {
                    // other record types carry no proposal hash
                }
            }
        }
        if (proposal == null) {
            return Optional.empty();
        }
        boolean governance = proposal.record().type() == RecordType.GOVERNANCE_PROPOSAL;
        JsonNode body = proposal.record().json().get("proposal");
        ProposalContent content = governance ? null : ProposalContent.fromJson(body);
        GovernanceProposal change = governance ? GovernanceProposal.fromJson(body) : null;
        Voters voters = Voters.of(about);
        ApprovalPolicy policy = judging(pending);
        ProposalState state = ProposalLifecycle.state(
                applied != null || governed.isPresent(),
                withdrawn,
                policy.stateAfter(
                        countedBy(policy, voters.approvers(), voters.keys()),
                        countedBy(policy, voters.rejecters(), voters.keys())),
                governance ? change.terms() : content.terms(),
                at);
        return Optional.of(new ProposalStatus(
                proposalHash,
                content,
                proposal.blockIndex(),
                votes,
                Optional.ofNullable(applied),
                state,
                change,
                governed));
    }

    /**
     * Proposals of the given kinds in chain order (block, then position in the block), a page at a
     * time, each as {@link #find(Sha256)} reads it. Requires at least one kind.
     */
    public List<ProposalStatus> list(Set<ProposalKind> kinds, int page, int size) {
        Set<RecordType> types = EnumSet.noneOf(RecordType.class);
        kinds.forEach(kind -> types.add(kind.recordType()));
        return ledger.records(types, page, size).stream()
                .map(r -> load(Sha256.fromHex(r.record().text("proposal_hash"))))
                .toList();
    }

    /** How many proposals of the given kinds the ledger holds, from its maintained record counts. */
    public long count(Set<ProposalKind> kinds) {
        return kinds.stream()
                .mapToLong(kind -> ledger.countRecords(kind.recordType()))
                .sum();
    }

    private static ProposalTerms termsOf(StoredRecord proposal) {
        JsonNode body = proposal.record().json().get("proposal");
        return proposal.record().type() == RecordType.GOVERNANCE_PROPOSAL
                ? GovernanceProposal.fromJson(body).terms()
                : ProposalContent.fromJson(body).terms();
    }

    private static Vote vote(StoredRecord stored, VoteKind kind) {
        return new Vote(
                stored.record().text("validator_id"),
                kind,
                stored.record().text("timestamp"),
                stored.record().recordHash(),
                stored.blockIndex());
    }
}
