package ml.consensus.rules;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.model.BaseModel;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.TrainingResult;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.LedgerBinding;
import ml.consensus.validator.ValidatorSet;
import ml.consensus.validator.VoteMessage;
import ml.consensus.validator.VoteSignature;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consensus rules re-checked from the records alone. Each test writes a small ledger-shaped
 * history in code (one record per block unless a test says otherwise; blocks are not mined,
 * LedgerRules does not look at proof of work) and names the exact block, record and check
 * that must fail. Models are not trained here: the rules compare hashes, replay trains.
 */
class LedgerRulesTests {

    private static final String ALICE = "validator-alice";
    private static final String BOB = "validator-bob";
    private static final String CAROL = "validator-carol";
    private static final String MALLORY = "validator-mallory";

    /** Fixed seeds, so every run signs the same bytes; MALLORY has a key but is not in the set. */
    private static final SeededKeys KEYS = new SeededKeys(List.of(ALICE, BOB, CAROL, MALLORY));

    private static ValidatorSet twoOfThree;
    private static VotingRules signed;
    private static EmbeddingModel base;

    /** Model hashes an update may claim; the rules only compare them. */
    private static Sha256 h0;

    private static final Sha256 H1 = Sha256.digest("model after update 1".getBytes(StandardCharsets.UTF_8));
    private static final Sha256 H2 = Sha256.digest("model after update 2".getBytes(StandardCharsets.UTF_8));
    private static final TrainingResult RESULT = new TrainingResult(1, 3, 160, 160, List.of());

    /** The history under test, genesis first; blocks are not mined. */
    private final TestChain chain = new TestChain();

    private final List<Block> blocks = chain.blocks;

    @BeforeAll
    static void keysAndBaseModel() {
        twoOfThree = new ValidatorSet(2, List.of(KEYS.key(ALICE), KEYS.key(BOB), KEYS.key(CAROL)));
        signed = VotingRules.signedBy(twoOfThree);
        base = BaseModel.create();
        h0 = base.hash();
    }

    // --- building a history -------------------------------------------------------------------

    /** Appends one block holding {@code records}, linked to the block before; not mined. */
    private void append(LedgerRecord... records) {
        chain.append(records);
    }

    private static ProposalContent content(String text, Sha256 modelBefore, boolean allowRebase) {
        return new ProposalContent(List.of(text), 0.05, 0, modelBefore, "2026-11-25T12:00:00Z", allowRebase);
    }

    private static LedgerRecord proposal(ProposalContent content) {
        return ConsensusRecords.proposal(content.hash(), content);
    }

    /** Appends a proposal of {@code text} against the base model and returns its hash. */
    private Sha256 propose(String text) {
        ProposalContent content = content(text, h0, false);
        append(proposal(content));
        return content.hash();
    }

    private static LedgerRecord unsignedVote(VoteKind kind, Sha256 proposal, String validator) {
        return ConsensusRecords.vote(kind, proposal, validator, "2026-11-25T12:00:01Z", Optional.empty());
    }

    /** A vote by {@code validator}, correctly signed with its own key. */
    private static LedgerRecord signedVote(VoteKind kind, Sha256 proposal, String validator) {
        return forgedVote(kind, proposal, validator, validator, kind, proposal, KEYS.publicKeyHex(validator));
    }

    /**
     * A vote record of {@code kind} on {@code proposal} by {@code validator}, carrying a signature
     * that {@code signer} made over the message for {@code signedKind}, {@code signedProposal},
     * {@code validator}, and the public key {@code storedKey}.
     */
    private static LedgerRecord forgedVote(
            VoteKind kind,
            Sha256 proposal,
            String validator,
            String signer,
            VoteKind signedKind,
            Sha256 signedProposal,
            String storedKey) {
        byte[] signature = Ed25519.sign(
                KEYS.privateKey(signer),
                VoteMessage.bytes(LedgerBinding.LEGACY, signedKind.wireName(), signedProposal.hex(), validator));
        return ConsensusRecords.vote(
                kind,
                proposal,
                validator,
                "2026-11-25T12:00:01Z",
                Optional.of(new VoteSignature(HexFormat.of().formatHex(signature), storedKey)));
    }

    private static LedgerRecord applied(
            Sha256 proposal, List<String> approvals, boolean rebased, Sha256 before, Sha256 after) {
        return ConsensusRecords.modelUpdate(
                proposal, 1, approvals, 2, rebased, "2026-11-25T12:00:02Z", RESULT, before, after);
    }

    /** An honest apply: the approvals on the chain, trained on the proposal's own model. */
    private static LedgerRecord applied(Sha256 proposal, String... approvals) {
        return applied(proposal, List.of(approvals), false, h0, H1);
    }

    /** The same record with one body field removed (re-hashed, so only the rules can object). */
    private static LedgerRecord without(LedgerRecord record, String field) {
        ObjectNode body = (ObjectNode) record.json();
        body.remove(field);
        return LedgerRecord.of(record.type(), body);
    }

    /** Appends a proposal approved by alice and bob under the signed 2-of-3 rules. */
    private Sha256 approvedBySignedQuorum(String text) {
        Sha256 proposal = propose(text);
        append(signedVote(VoteKind.APPROVE, proposal, ALICE));
        append(signedVote(VoteKind.APPROVE, proposal, BOB));
        return proposal;
    }

    // --- checking -----------------------------------------------------------------------------

    private Optional<VerificationFailure> check(VotingRules rules) {
        return new LedgerRules(rules).check(blocks);
    }

    private void assertBroken(VotingRules rules, long block, int record, String check) {
        VerificationFailure failure = check(rules)
                .orElseThrow(() -> new AssertionError("expected rule " + check + " to fail at block " + block));
        assertThat(failure.check()).as(failure.message()).isEqualTo(check);
        assertThat(failure.blockIndex()).as(failure.message()).isEqualTo(block);
        assertThat(failure.recordIndex()).as(failure.message()).isEqualTo(record);
        assertThat(failure.message()).startsWith("block " + block + ", record " + record + ": ");
    }

    /** The last block written, where most tests put the offending record. */
    private long last() {
        return blocks.size() - 1L;
    }

    // --- histories that keep the rules ----------------------------------------------------------

    @Test
    void shouldAcceptASignedHistoryOfAppliesRejectionsRebasesAndCheckpoints() {
        Sha256 first = propose("I have a fever");
        // Two votes in one block: positions are checked in block order.
        append(signedVote(VoteKind.APPROVE, first, ALICE), signedVote(VoteKind.REJECT, first, CAROL));
        append(signedVote(VoteKind.APPROVE, first, BOB));
        append(applied(first, ALICE, BOB));

        Sha256 second = propose("High temperature");
        append(signedVote(VoteKind.REJECT, second, ALICE));
        append(signedVote(VoteKind.REJECT, second, BOB));

        // Proposed against the base model, applied to H1: allowed because the proposal said so.
        ProposalContent rebasing = content("persistent dry cough", h0, true);
        append(proposal(rebasing));
        append(signedVote(VoteKind.APPROVE, rebasing.hash(), ALICE));
        append(signedVote(VoteKind.APPROVE, rebasing.hash(), CAROL));
        append(applied(rebasing.hash(), List.of(ALICE, CAROL), true, H1, H2));
        append(ConsensusRecords.checkpoint(base, h0.hex() + ".model", "2026-11-25T12:00:03Z"));

        assertThat(check(signed)).isEmpty();
    }

    @Test
    void shouldAcceptAnOpenModeHistoryOfUnsignedVotes() {
        Sha256 first = propose("I have a fever");
        append(unsignedVote(VoteKind.APPROVE, first, ALICE));
        append(applied(first, ALICE));
        Sha256 second = propose("High temperature");
        append(unsignedVote(VoteKind.REJECT, second, "anyone-at-all"));
        assertThat(check(VotingRules.open(1))).isEmpty();
    }

    @Test
    void shouldAcceptAnApprovalCastAfterQuorumWhenTheUpdateListsIt() {
        Sha256 proposal = approvedBySignedQuorum("I have a fever");
        append(signedVote(VoteKind.APPROVE, proposal, CAROL));
        append(applied(proposal, ALICE, BOB, CAROL));
        assertThat(check(signed)).isEmpty();
    }

    @Test
    void shouldAcceptTheProposalOfARejectedBatchAgainWhenItIsANewProposal() {
        // Same texts, another timestamp: a different proposal hash, so no duplicate.
        propose("I have a fever");
        ProposalContent again =
                new ProposalContent(List.of("I have a fever"), 0.05, 0, h0, "2026-11-25T13:00:00Z", false);
        append(proposal(again));
        assertThat(check(signed)).isEmpty();
    }

    // --- proposals ----------------------------------------------------------------------------

    @Test
    void shouldRefuseAProposalWhoseContentWasEditedUnderItsHash() {
        ProposalContent honest = content("I have a fever", h0, false);
        ProposalContent edited = content("I have no fever", h0, false);
        append(ConsensusRecords.proposal(honest.hash(), edited));
        assertBroken(signed, 1, 0, "proposal_hash");
        VerificationFailure failure = check(signed).orElseThrow();
        assertThat(failure.computed()).isEqualTo(edited.hash().hex());
        assertThat(failure.expected()).isEqualTo(honest.hash().hex());
    }

    @Test
    void shouldRefuseAProposalWhoseAllowRebaseWasFlippedUnderItsHash() {
        ProposalContent honest = content("I have a fever", h0, false);
        append(ConsensusRecords.proposal(honest.hash(), content("I have a fever", h0, true)));
        assertBroken(signed, 1, 0, "proposal_hash");
    }

    @Test
    void shouldRefuseAProposalCarryingAFieldItsHashDoesNotBind() {
        // proposal_hash is SHA-256 over JCS(proposal) as stored (docs/ledger-format.md), so an extra
        // field changes it; a hash over the known fields only would let unreviewed content ride along.
        ProposalContent content = content("I have a fever", h0, false);
        ObjectNode body = (ObjectNode) proposal(content).json();
        ((ObjectNode) body.get("proposal")).put("note", "not what the validators saw");
        append(LedgerRecord.of(proposal(content).type(), body));
        assertBroken(signed, 1, 0, "proposal_hash");
    }

    @Test
    void shouldRefuseAProposalWhoseLearningRateIsWrittenAsText() {
        // JCS of {"learning_rate":"0.05"} is not JCS of {"learning_rate":0.05}: the stored proposal does not
        // hash to proposal_hash, whichever way the verifier names it.
        ProposalContent content = content("I have a fever", h0, false);
        ObjectNode body = (ObjectNode) proposal(content).json();
        ((ObjectNode) body.get("proposal")).put("learning_rate", "0.05");
        append(LedgerRecord.of(proposal(content).type(), body));
        VerificationFailure failure = check(signed)
                .orElseThrow(() -> new AssertionError("a proposal with a text learning rate passed the rules"));
        assertThat(failure.check()).isIn("proposal_hash", "record_fields");
        assertThat(failure.blockIndex()).isEqualTo(1);
        assertThat(failure.recordIndex()).isZero();
    }

    @Test
    void shouldRefuseTheSameProposalTwice() {
        propose("I have a fever");
        propose("I have a fever");
        assertBroken(signed, 2, 0, "duplicate_proposal");
    }

    @Test
    void shouldNameThePositionOfADuplicateProposalInTheSameBlock() {
        ProposalContent content = content("I have a fever", h0, false);
        append(proposal(content), proposal(content));
        assertBroken(signed, 1, 1, "duplicate_proposal");
    }

    // --- votes --------------------------------------------------------------------------------

    @Test
    void shouldRefuseAVoteBeforeItsProposal() {
        ProposalContent content = content("I have a fever", h0, false);
        append(signedVote(VoteKind.APPROVE, content.hash(), ALICE));
        append(proposal(content));
        assertBroken(signed, 1, 0, "vote_proposal");
    }

    @Test
    void shouldRefuseAVoteOnAProposalThatIsNowhereOnTheChain() {
        propose("I have a fever");
        append(unsignedVote(
                VoteKind.APPROVE, content("never proposed", h0, false).hash(), ALICE));
        assertBroken(VotingRules.open(1), 2, 0, "vote_proposal");
    }

    @Test
    void shouldRefuseAVoteAfterTheProposalWasApplied() {
        Sha256 proposal = approvedBySignedQuorum("I have a fever");
        append(applied(proposal, ALICE, BOB));
        append(signedVote(VoteKind.APPROVE, proposal, CAROL));
        assertBroken(signed, last(), 0, "vote_closed");
        assertThat(check(signed).orElseThrow().computed()).isEqualTo("applied");
    }

    @Test
    void shouldRefuseAVoteAfterTheProposalWasRejected() {
        Sha256 proposal = propose("I have a fever");
        append(signedVote(VoteKind.REJECT, proposal, ALICE));
        append(signedVote(VoteKind.REJECT, proposal, BOB));
        append(signedVote(VoteKind.APPROVE, proposal, CAROL));
        assertBroken(signed, 4, 0, "vote_closed");
        assertThat(check(signed).orElseThrow().computed()).isEqualTo("rejected");
    }

    @Test
    void shouldRefuseAVoteAfterOneRejectionClosedAnOpenModeProposal() {
        // Open mode with quorum 1 counts N = 1, so a single rejection makes the quorum unreachable.
        Sha256 proposal = propose("I have a fever");
        append(unsignedVote(VoteKind.REJECT, proposal, ALICE));
        append(unsignedVote(VoteKind.APPROVE, proposal, BOB));
        assertBroken(VotingRules.open(1), 3, 0, "vote_closed");
    }

    @Test
    void shouldRefuseASecondApprovalByTheSameValidator() {
        Sha256 proposal = propose("I have a fever");
        append(signedVote(VoteKind.APPROVE, proposal, ALICE));
        append(signedVote(VoteKind.APPROVE, proposal, ALICE));
        assertBroken(signed, 3, 0, "duplicate_vote");
    }

    @Test
    void shouldRefuseARejectionAfterTheSameValidatorsApproval() {
        Sha256 proposal = propose("I have a fever");
        append(signedVote(VoteKind.APPROVE, proposal, ALICE));
        append(signedVote(VoteKind.REJECT, proposal, ALICE));
        assertBroken(signed, 3, 0, "duplicate_vote");
    }

    @Test
    void shouldRefuseARepeatedUnsignedApprovalInOpenMode() {
        // Quorum 2, so the first approval leaves the proposal open and the second one is a repeat, not a late vote.
        ProposalContent content = content("I have a fever", h0, false);
        append(
                proposal(content),
                unsignedVote(VoteKind.APPROVE, content.hash(), ALICE),
                unsignedVote(VoteKind.APPROVE, content.hash(), ALICE));
        assertBroken(VotingRules.open(2), 1, 2, "duplicate_vote");
    }

    @Test
    void shouldRefuseAVoteBySomeoneOutsideTheValidatorSet() {
        Sha256 proposal = propose("I have a fever");
        append(signedVote(VoteKind.APPROVE, proposal, MALLORY));
        assertBroken(signed, 2, 0, "vote_validator");
    }

    @Test
    void shouldRefuseAnUnsignedVoteWhereSignaturesAreRequired() {
        Sha256 proposal = propose("I have a fever");
        append(unsignedVote(VoteKind.APPROVE, proposal, ALICE));
        assertBroken(signed, 2, 0, "vote_signature");
    }

    @Test
    void shouldRefuseASignatureMadeWithAnotherValidatorsPrivateKey() {
        Sha256 proposal = propose("I have a fever");
        append(forgedVote(
                VoteKind.APPROVE, proposal, ALICE, CAROL, VoteKind.APPROVE, proposal, KEYS.publicKeyHex(ALICE)));
        assertBroken(signed, 2, 0, "vote_signature");
    }

    @Test
    void shouldRefuseASignatureWithAFlippedBitOrNotHexAtAll() {
        Sha256 proposal = propose("I have a fever");
        LedgerRecord honest = signedVote(VoteKind.APPROVE, proposal, ALICE);
        byte[] signature = HexFormat.of().parseHex(honest.text("signature"));
        signature[0] ^= 0x01;
        append(ConsensusRecords.vote(
                VoteKind.APPROVE,
                proposal,
                ALICE,
                "2026-11-25T12:00:01Z",
                Optional.of(new VoteSignature(HexFormat.of().formatHex(signature), KEYS.publicKeyHex(ALICE)))));
        assertBroken(signed, 2, 0, "vote_signature");

        blocks.remove(2);
        append(ConsensusRecords.vote(
                VoteKind.APPROVE,
                proposal,
                ALICE,
                "2026-11-25T12:00:01Z",
                Optional.of(new VoteSignature("not hex", KEYS.publicKeyHex(ALICE)))));
        assertBroken(signed, 2, 0, "vote_signature");
    }

    @Test
    void shouldRefuseASignatureMadeForAnotherProposal() {
        Sha256 first = propose("I have a fever");
        Sha256 second = propose("High temperature");
        append(forgedVote(VoteKind.APPROVE, second, ALICE, ALICE, VoteKind.APPROVE, first, KEYS.publicKeyHex(ALICE)));
        assertBroken(signed, 3, 0, "vote_signature");
    }

    @Test
    void shouldRefuseASignatureMadeForTheOtherVoteKind() {
        Sha256 proposal = propose("I have a fever");
        append(forgedVote(
                VoteKind.APPROVE, proposal, ALICE, ALICE, VoteKind.REJECT, proposal, KEYS.publicKeyHex(ALICE)));
        assertBroken(signed, 2, 0, "vote_signature");
    }

    @Test
    void shouldRefuseAVoteThatCarriesSomeoneElsesKey() {
        // Bob signs alice's vote message with his own key and stores his key: it verifies, but it is not alice's key.
        Sha256 proposal = propose("I have a fever");
        append(forgedVote(VoteKind.APPROVE, proposal, ALICE, BOB, VoteKind.APPROVE, proposal, KEYS.publicKeyHex(BOB)));
        assertBroken(signed, 2, 0, "vote_key");
        VerificationFailure failure = check(signed).orElseThrow();
        assertThat(failure.computed()).isEqualTo(KEYS.publicKeyHex(BOB));
        assertThat(failure.expected()).isEqualTo(KEYS.publicKeyHex(ALICE));
    }

    // --- applies ------------------------------------------------------------------------------

    @Test
    void shouldRefuseAnApplyOfAProposalThatIsNotOnTheChain() {
        propose("I have a fever");
        append(applied(content("never proposed", h0, false).hash(), ALICE, BOB));
        assertBroken(signed, 2, 0, "apply_proposal");
    }

    @Test
    void shouldRefuseAnApplyBeforeItsProposal() {
        ProposalContent content = content("I have a fever", h0, false);
        append(applied(content.hash(), ALICE));
        append(proposal(content));
        assertBroken(VotingRules.open(1), 1, 0, "apply_proposal");
    }

    @Test
    void shouldRefuseASecondApplyOfTheSameProposal() {
        Sha256 proposal = approvedBySignedQuorum("I have a fever");
        append(applied(proposal, ALICE, BOB));
        append(applied(proposal, ALICE, BOB));
        assertBroken(signed, 5, 0, "duplicate_apply");
    }

    @Test
    void shouldRefuseAnApplyWithOneApprovalWhereTwoAreRequired() {
        Sha256 proposal = propose("I have a fever");
        append(signedVote(VoteKind.APPROVE, proposal, ALICE));
        append(applied(proposal, ALICE));
        assertBroken(signed, 3, 0, "apply_quorum");
        VerificationFailure failure = check(signed).orElseThrow();
        assertThat(failure.computed()).isEqualTo("1 approvals");
        assertThat(failure.expected()).isEqualTo("2 approvals");
    }

    @Test
    void shouldRefuseAnApplyOfARejectedProposal() {
        Sha256 proposal = propose("I have a fever");
        append(signedVote(VoteKind.APPROVE, proposal, ALICE));
        append(signedVote(VoteKind.REJECT, proposal, BOB));
        append(signedVote(VoteKind.REJECT, proposal, CAROL));
        append(applied(proposal, ALICE));
        assertBroken(signed, 5, 0, "apply_quorum");
    }

    @Test
    void shouldRefuseAnApplyWithoutAnyApprovalInOpenMode() {
        Sha256 proposal = propose("I have a fever");
        append(applied(proposal));
        assertBroken(VotingRules.open(1), 2, 0, "apply_quorum");
    }

    @Test
    void shouldRefuseAnApplyListingOtherApprovalsThanTheChainHolds() {
        Sha256 proposal = approvedBySignedQuorum("I have a fever");
        append(applied(proposal, ALICE, CAROL));
        assertBroken(signed, 4, 0, "apply_approvals");
        VerificationFailure failure = check(signed).orElseThrow();
        assertThat(failure.computed()).isEqualTo(List.of(ALICE, CAROL).toString());
        assertThat(failure.expected()).isEqualTo(List.of(ALICE, BOB).toString());
    }

    @Test
    void shouldRefuseAnApplyThatLeavesOutAnApprovalOnTheChain() {
        Sha256 proposal = approvedBySignedQuorum("I have a fever");
        append(signedVote(VoteKind.APPROVE, proposal, CAROL));
        append(applied(proposal, ALICE, BOB));
        assertBroken(signed, 5, 0, "apply_approvals");
    }

    @Test
    void shouldRefuseAnApplyTrainedOnAnotherModelWithoutAllowRebase() {
        Sha256 proposal = approvedBySignedQuorum("I have a fever");
        append(applied(proposal, List.of(ALICE, BOB), false, H1, H2));
        assertBroken(signed, 4, 0, "apply_base");
        VerificationFailure failure = check(signed).orElseThrow();
        assertThat(failure.computed()).isEqualTo(H1.hex());
        assertThat(failure.expected()).isEqualTo(h0.hex());
    }

    @Test
    void shouldRefuseARebasedApplyWhenTheProposalDidNotAllowIt() {
        Sha256 proposal = approvedBySignedQuorum("I have a fever");
        append(applied(proposal, List.of(ALICE, BOB), true, H1, H2));
        assertBroken(signed, 4, 0, "apply_base");
    }

    @Test
    void shouldRefuseARebasedFlagOnAnApplyToTheProposedModel() {
        ProposalContent rebasing = content("I have a fever", h0, true);
        append(proposal(rebasing));
        append(signedVote(VoteKind.APPROVE, rebasing.hash(), ALICE));
        append(signedVote(VoteKind.APPROVE, rebasing.hash(), BOB));
        append(applied(rebasing.hash(), List.of(ALICE, BOB), true, h0, H1));
        assertBroken(signed, 4, 0, "apply_rebased_flag");
    }

    @Test
    void shouldRefuseAnApplyToAnotherModelThatDoesNotSayItWasRebased() {
        ProposalContent rebasing = content("I have a fever", h0, true);
        append(proposal(rebasing));
        append(signedVote(VoteKind.APPROVE, rebasing.hash(), ALICE));
        append(signedVote(VoteKind.APPROVE, rebasing.hash(), BOB));
        append(applied(rebasing.hash(), List.of(ALICE, BOB), false, H1, H2));
        assertBroken(signed, 4, 0, "apply_rebased_flag");
    }

    // --- record shape -------------------------------------------------------------------------

    @Test
    void shouldRefuseAProposalRecordWithoutItsProposal() {
        append(without(proposal(content("I have a fever", h0, false)), "proposal"));
        assertBroken(signed, 1, 0, "record_fields");
    }

    @Test
    void shouldRefuseAProposalWhoseModelHashIsNotAHash() {
        ProposalContent content = content("I have a fever", h0, false);
        ObjectNode body = (ObjectNode) proposal(content).json();
        ((ObjectNode) body.get("proposal")).put("model_hash_before", "not a hash");
        // Re-hash the edited proposal so the hash check passes and the field itself is what fails.
        body.put(
                "proposal_hash",
                ml.consensus.hashing.HashDomain.PROPOSAL
                        .hash(ml.consensus.hashing.CanonicalJson.canonicalize(body.get("proposal"))
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .hex());
        append(LedgerRecord.of(proposal(content).type(), body));
        assertBroken(signed, 1, 0, "record_fields");
    }

    @Test
    void shouldRefuseAVoteWithoutItsProposalHash() {
        Sha256 proposal = propose("I have a fever");
        append(without(signedVote(VoteKind.APPROVE, proposal, ALICE), "proposal_hash"));
        assertBroken(signed, 2, 0, "record_fields");
    }

    @Test
    void shouldRefuseAnOpenModeVoteWithoutAValidatorId() {
        Sha256 proposal = propose("I have a fever");
        append(without(unsignedVote(VoteKind.APPROVE, proposal, ALICE), "validator_id"));
        assertBroken(VotingRules.open(1), 2, 0, "record_fields");
    }

    @Test
    void shouldRefuseAnApplyWithoutItsMetrics() {
        Sha256 proposal = approvedBySignedQuorum("I have a fever");
        append(without(applied(proposal, ALICE, BOB), "metrics"));
        assertBroken(signed, 4, 0, "record_fields");
    }

    @Test
    void shouldRefuseAnApplyWithoutItsApprovals() {
        Sha256 proposal = approvedBySignedQuorum("I have a fever");
        append(without(applied(proposal, ALICE, BOB), "approvals"));
        assertBroken(signed, 4, 0, "record_fields");
    }

    @Test
    void shouldRefuseAGenesisRecordOutsideTheGenesisBlock() {
        propose("I have a fever");
        append(ConsensusRecords.genesis(base));
        assertBroken(signed, 2, 0, "genesis");
    }

    @Test
    void shouldReportOnlyTheFirstBrokenRuleInChainOrder() {
        Sha256 proposal = propose("I have a fever");
        append(unsignedVote(VoteKind.APPROVE, proposal, ALICE));
        append(applied(proposal, ALICE));
        append(applied(proposal, ALICE));
        // Block 2 already breaks the signed rules; the duplicate apply in block 4 is never reached.
        assertBroken(signed, 2, 0, "vote_signature");
    }
}
