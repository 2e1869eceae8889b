package ml.consensus.verification;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.BlockHeader;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.MerkleTree;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.model.BaseModel;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.Evaluations;
import ml.consensus.model.SkipGramTrainer;
import ml.consensus.model.TrainingResult;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.ProposalContent;
import ml.consensus.rules.TestChain;
import ml.consensus.rules.VoteKind;
import ml.consensus.rules.VotingRules;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.LedgerBinding;
import ml.consensus.validator.ValidatorKey;
import ml.consensus.validator.ValidatorSet;
import ml.consensus.validator.VoteMessage;
import ml.consensus.validator.VoteSignature;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Check this block on top of my ledger", as every node of a cluster runs it on each committed
 * block: an honest block passes and moves the head; forged ones (a vote signed with another key,
 * an apply without quorum, an apply claiming a model replay does not give, a block that does not
 * link) are refused with the check that failed.
 */
class NextBlockVerifierTests {

    private static final String ALICE = "validator-alice";
    private static final String BOB = "validator-bob";
    private static final String CAROL = "validator-carol";
    private static final Map<String, byte[]> KEYS = Map.of(ALICE, seed(1), BOB, seed(2), CAROL, seed(3));
    private static final VotingRules SIGNED_TWO_OF_THREE =
            VotingRules.signedBy(new ValidatorSet(2, List.of(key(ALICE), key(BOB), key(CAROL))));
    private static final TrainingResult RESULT = new TrainingResult(1, 3, 160, 160, List.of());

    private final EmbeddingModel base = BaseModel.create();
    private final ProposalContent content = new ProposalContent(
            List.of("a fever and a cough since two days"), 0.05, 0, base.hash(), "2026-11-25T12:00:00Z", false);
    private final Sha256 proposal = content.hash();

    /** Genesis, then a block holding the proposal. */
    private final TestChain chain = new TestChain();

    NextBlockVerifierTests() {
        chain.append(ConsensusRecords.proposal(proposal, content));
    }

    private NextBlockVerifier verifier() {
        return new NextBlockVerifier(chain.blocks, SIGNED_TWO_OF_THREE, Evaluations.builtIn(), 0);
    }

    @Test
    void shouldAcceptAnHonestBlockAndJudgeTheNextOneOnTopOfIt() {
        NextBlockVerifier verifier = verifier();
        Block votes = next(chain.blocks.get(1), vote(ALICE, ALICE), vote(BOB, BOB));
        NextBlockVerifier.Verdict first = verifier.check(votes, base, this::earlier);
        assertThat(first.failure()).isEmpty();

        Sha256 trained = trained();
        NextBlockVerifier.Verdict second =
                verifier.check(next(votes, apply(List.of(ALICE, BOB), trained)), base, this::earlier);
        assertThat(second.failure().map(VerificationFailure::message)).isEmpty();
        assertThat(second.modelAfter().hash()).isEqualTo(trained);
        assertThat(base.hash()).as("the model handed in is not changed").isEqualTo(content.modelHashBefore());
    }

    @Test
    void shouldRefuseAVoteSignedWithAnotherValidatorsKey() {
        Block forged = next(chain.blocks.get(1), vote(ALICE, BOB));
        assertRefused(verifier().check(forged, base, this::earlier), "vote_signature");
    }

    @Test
    void shouldRefuseAnApplyWithoutAQuorumOfApprovals() {
        Block forged = next(chain.blocks.get(1), vote(ALICE, ALICE), apply(List.of(ALICE), trained()));
        assertRefused(verifier().check(forged, base, this::earlier), "apply_quorum");
    }

    @Test
    void shouldRefuseAnApplyThatClaimsAModelReplayDoesNotGive() {
        Sha256 wrong = Sha256.digest(new byte[] {42});
        Block forged = next(chain.blocks.get(1), vote(ALICE, ALICE), vote(BOB, BOB), apply(List.of(ALICE, BOB), wrong));
        assertRefused(verifier().check(forged, base, this::earlier), "model_hash_after");
    }

    @Test
    void shouldRefuseABlockThatDoesNotLinkToTheHead() {
        Block votes = next(chain.blocks.get(1), vote(ALICE, ALICE));
        // Built on genesis, not on the proposal block that is the head.
        Block forked = next(chain.blocks.get(0), vote(BOB, BOB));
        NextBlockVerifier verifier = verifier();
        assertRefused(verifier.check(forked, base, this::earlier), "index");
        assertThat(verifier.check(votes, base, this::earlier).failure()).isEmpty();
    }

    private static void assertRefused(NextBlockVerifier.Verdict verdict, String check) {
        assertThat(verdict.accepted()).isFalse();
        VerificationFailure failure = verdict.failure().orElseThrow();
        assertThat(failure.check()).as(failure.message()).isEqualTo(check);
    }

    /** The proposal, as the node finds it in its stored ledger. */
    private ProposalContent earlier(Sha256 hash) {
        return hash.equals(proposal) ? content : null;
    }

    private Sha256 trained() {
        EmbeddingModel model = base.copy();
        new SkipGramTrainer().train(model, content.texts(), content.learningRate(), proposal);
        return model.hash();
    }

    private LedgerRecord vote(String validator, String signer) {
        byte[] signature = Ed25519.sign(
                KEYS.get(signer),
                VoteMessage.bytes(LedgerBinding.LEGACY, VoteKind.APPROVE.wireName(), proposal.hex(), validator));
        return ConsensusRecords.vote(
                VoteKind.APPROVE,
                proposal,
                validator,
                "2026-11-25T12:00:01Z",
                Optional.of(new VoteSignature(HexFormat.of().formatHex(signature), publicKey(validator))));
    }

    private LedgerRecord apply(List<String> approvals, Sha256 after) {
        return ConsensusRecords.modelUpdate(
                proposal, 1, approvals, 2, false, "2026-11-25T12:00:02Z", RESULT, base.hash(), after);
    }

    /** A block on {@code parent}, at difficulty 0 (any hash is proof enough). */
    private static Block next(Block parent, LedgerRecord... records) {
        List<LedgerRecord> list = List.of(records);
        BlockHeader header = new BlockHeader(
                parent.index() + 1,
                "2026-11-25T12:00:03Z",
                parent.hash(),
                MerkleTree.root(list.stream().map(LedgerRecord::recordHash).toList()),
                0,
                0);
        return new Block(header, header.hash(), list);
    }

    private static byte[] seed(int n) {
        byte[] seed = new byte[Ed25519.PRIVATE_KEY_LENGTH];
        Arrays.fill(seed, (byte) n);
        return seed;
    }

    private static String publicKey(String id) {
        return HexFormat.of().formatHex(Ed25519.publicKeyOf(KEYS.get(id)));
    }

    private static ValidatorKey key(String id) {
        return new ValidatorKey(id, publicKey(id));
    }
}
