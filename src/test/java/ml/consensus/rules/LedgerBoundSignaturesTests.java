package ml.consensus.rules;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerIdentity;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.LedgerBinding;
import ml.consensus.validator.StakeMessage;
import ml.consensus.validator.ValidatorSet;
import ml.consensus.validator.VoteMessage;
import ml.consensus.validator.VoteSignature;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15.4: a signed message names its ledger. On a ledger whose genesis carries a nonce only
 * format v2 naming that ledger's id verifies, on replay as live ({@link LedgerRules} is both); on a
 * legacy ledger format v1 still does, and v2 does not.
 */
class LedgerBoundSignaturesTests {

    private static final String ALICE = "validator-alice";
    private static final String BOB = "validator-bob";
    private static final String TIME = "2026-11-25T12:00:00Z";
    private static final SeededKeys KEYS = new SeededKeys(List.of(ALICE, BOB));
    private static final VotingRules SIGNED =
            VotingRules.signedBy(new ValidatorSet(2, List.of(KEYS.key(ALICE), KEYS.key(BOB))));
    private static final StakeRules STAKED = new StakeRules(10, false, Optional.empty());

    private final TestChain ledgerA = new TestChain(Optional.of(LedgerIdentity.newNonce()));
    private final TestChain ledgerB = new TestChain(Optional.of(LedgerIdentity.newNonce()));
    private final TestChain legacy = new TestChain();

    private static LedgerBinding idOf(TestChain chain) {
        return LedgerIdentity.ledgerId(chain.blocks.get(0))
                .map(LedgerBinding::of)
                .orElse(LedgerBinding.LEGACY);
    }

    private static LedgerRecord vote(LedgerBinding signedFor, Sha256 proposal, String validator) {
        byte[] signature = Ed25519.sign(
                KEYS.privateKey(validator),
                VoteMessage.bytes(signedFor, VoteKind.APPROVE.wireName(), proposal.hex(), validator));
        return ConsensusRecords.vote(
                VoteKind.APPROVE,
                proposal,
                validator,
                TIME,
                Optional.of(new VoteSignature(HexFormat.of().formatHex(signature), KEYS.publicKeyHex(validator))));
    }

    private static LedgerRecord bond(LedgerBinding signedFor, String validator, long amount) {
        byte[] signature = Ed25519.sign(
                KEYS.privateKey(validator), StakeMessage.bytes(signedFor, StakeMessage.BOND, validator, amount, 0));
        return StakeRecords.signedChange(
                RecordType.STAKE_BONDED,
                validator,
                amount,
                0,
                amount,
                TIME,
                HexFormat.of().formatHex(signature),
                KEYS.publicKeyHex(validator));
    }

    private static Optional<VerificationFailure> check(TestChain chain) {
        return new LedgerRules(SIGNED).check(chain.blocks);
    }

    @Test
    void shouldGiveEveryNewLedgerItsOwnId() {
        assertThat(idOf(ledgerA).version()).isEqualTo(2);
        assertThat(idOf(ledgerA)).isNotEqualTo(idOf(ledgerB));
        assertThat(idOf(legacy)).isEqualTo(LedgerBinding.LEGACY);
    }

    @Test
    void shouldAcceptAVoteSignedForThisLedger() {
        Sha256 proposal = ledgerB.propose("the same text on both ledgers");
        ledgerB.append(vote(idOf(ledgerB), proposal, ALICE));

        assertThat(check(ledgerB)).isEmpty();
    }

    @Test
    void shouldRefuseAVoteSignedForAnotherLedgerWithTheSameProposal() {
        // The same text against the same base model is the same proposal hash on both ledgers.
        Sha256 onA = ledgerA.propose("the same text on both ledgers");
        Sha256 onB = ledgerB.propose("the same text on both ledgers");
        assertThat(onA).isEqualTo(onB);
        ledgerB.append(vote(idOf(ledgerA), onB, ALICE));

        VerificationFailure failure = check(ledgerB).orElseThrow();
        assertThat(failure.check()).isEqualTo(RuleCode.VOTE_SIGNATURE.wireName());
        assertThat(failure.blockIndex()).isEqualTo(2);
        assertThat(failure.expected())
                .contains("consensus-ml/vote/v2:"
                        + idOf(ledgerB).ledgerId().orElseThrow().hex());
    }

    @Test
    void shouldRefuseAVersion1VoteOnALedgerWithAnId() {
        Sha256 proposal = ledgerB.propose("text");
        ledgerB.append(vote(LedgerBinding.LEGACY, proposal, ALICE));

        assertThat(check(ledgerB).orElseThrow().check()).isEqualTo(RuleCode.VOTE_SIGNATURE.wireName());
    }

    @Test
    void shouldKeepVersion1ValidOnALegacyLedgerAndRefuseVersion2There() {
        Sha256 proposal = legacy.propose("text");
        legacy.append(vote(LedgerBinding.LEGACY, proposal, ALICE));
        assertThat(check(legacy)).isEmpty();

        legacy.append(vote(idOf(ledgerA), proposal, BOB));
        assertThat(check(legacy).orElseThrow().check()).isEqualTo(RuleCode.VOTE_SIGNATURE.wireName());
    }

    @Test
    void shouldRefuseAStakeChangeSignedForAnotherLedger() {
        ledgerB.append(StakeRecords.rulesDeclared(STAKED, TIME));
        ledgerB.append(bond(idOf(ledgerB), ALICE, 20));
        assertThat(check(ledgerB)).isEmpty();

        ledgerB.append(bond(idOf(ledgerA), BOB, 20));
        VerificationFailure failure = check(ledgerB).orElseThrow();
        assertThat(failure.check()).isEqualTo(RuleCode.STAKE_SIGNATURE.wireName());
        assertThat(failure.blockIndex()).isEqualTo(3);
    }
}
