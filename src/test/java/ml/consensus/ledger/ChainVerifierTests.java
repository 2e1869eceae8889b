package ml.consensus.ledger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.Sha256;

import static org.assertj.core.api.Assertions.assertThat;

class ChainVerifierTests {

    private static final int DIFFICULTY = 6;
    private final ProofOfWork miner = new ProofOfWork();
    private final ChainVerifier verifier = new ChainVerifier(DIFFICULTY);
    private List<Block> chain;

    @BeforeEach
    void buildChain() {
        chain = new ArrayList<>();
        chain.add(block(0, Sha256.ZERO, 0, List.of(record(RecordType.GENESIS, "model_hash", "abc"))));
        for (int i = 1; i <= 4; i++) {
            chain.add(block(
                    i,
                    chain.get(i - 1).hash(),
                    DIFFICULTY,
                    List.of(
                            record(RecordType.TRAINING_PROPOSAL, "proposal_hash", "p" + i),
                            record(RecordType.VALIDATOR_APPROVAL, "validator_id", "v" + i),
                            record(RecordType.VALIDATOR_REJECTION, "validator_id", "w" + i))));
        }
    }

    private static LedgerRecord record(RecordType type, String field, String value) {
        ObjectNode body = CanonicalJson.newObject();
        body.put(field, value);
        return LedgerRecord.of(type, body);
    }

    private Block block(long index, Sha256 previous, int difficulty, List<LedgerRecord> records) {
        return block(index, "2026-11-25T12:00:0" + index + "Z", previous, difficulty, records);
    }

    private Block block(long index, String timestamp, Sha256 previous, int difficulty, List<LedgerRecord> records) {
        List<Sha256> leaves = records.stream().map(LedgerRecord::recordHash).toList();
        BlockHeader header =
                miner.mine(new BlockHeader(index, timestamp, previous, MerkleTree.root(leaves), difficulty, 0));
        return new Block(header, header.hash(), records);
    }

    /** Re-mines block 3 honestly with {@code timestamp}, as a forger with the mining power would. */
    private void remineBlock3With(String timestamp) {
        Block original = chain.get(3);
        chain.set(3, block(3, timestamp, chain.get(2).hash(), DIFFICULTY, original.records()));
        for (int i = 4; i < chain.size(); i++) {
            Block next = chain.get(i);
            chain.set(i, block(i, chain.get(i - 1).hash(), DIFFICULTY, next.records()));
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "yesterday",
                "",
                "2026-11-25 12:00:03Z",
                "2026-11-25t12:00:03Z",
                "2026-11-25T12:00:03",
                "2026-11-25T12:00:03+00:00",
                "2026-11-25T13:00:03+01:00",
                "2026-11-25T12:00:03.000Z",
                "2026-11-25T12:00:03.1Z",
                "2026-11-25T12:00:03.123456Z",
                "2026-02-30T12:00:03Z",
                "2026-11-25T24:00:00Z",
                "+2026-11-25T12:00:03Z",
                "1764072003"
            })
    void shouldRefuseABlockTimestampNotInTheLedgerFormat(String timestamp) {
        remineBlock3With(timestamp);
        VerificationFailure failure = failureOf(chain);
        assertThat(failure.blockIndex()).isEqualTo(3);
        assertThat(failure.check()).isEqualTo("timestamp");
        assertThat(failure.computed()).isEqualTo(timestamp);
    }

    @Test
    void shouldRefuseABlockTimestampFarBeforeThePreviousBlock() {
        // Block 2 is at 12:00:02; 11:55:01 is more than the five-minute tolerance before it.
        remineBlock3With("2026-11-25T11:55:01Z");
        VerificationFailure failure = failureOf(chain);
        assertThat(failure.blockIndex()).isEqualTo(3);
        assertThat(failure.check()).isEqualTo("timestamp");
        assertThat(failure.message()).contains("before the previous block");
    }

    @Test
    void shouldAcceptAStepBackWithinTheToleranceAndMillisecondTimestamps() {
        remineBlock3With("2026-11-25T11:55:02.500Z");
        assertThat(verifier.verify(chain).isValid()).isTrue();
    }

    private VerificationFailure failureOf(List<Block> blocks) {
        ChainVerification result = verifier.verify(blocks);
        assertThat(result.isValid()).as("tampered chain must fail").isFalse();
        return result.failure().orElseThrow();
    }

    @Test
    void shouldAcceptAnUntouchedChain() {
        ChainVerification result = verifier.verify(chain);
        assertThat(result.isValid()).isTrue();
        assertThat(result.blocksChecked()).isEqualTo(5);
        assertThat(result.recordsChecked()).isEqualTo(13);
    }

    @Test
    void shouldRefuseAnEmptyChain() {
        assertThat(failureOf(List.of()).check()).isEqualTo("genesis");
    }

    @Test
    void shouldNameTheRecordWhoseBodyWasChanged() {
        Block original = chain.get(2);
        LedgerRecord honest = original.records().get(1);
        String forged = honest.body().replace("v2", "v9");
        List<LedgerRecord> records = new ArrayList<>(original.records());
        records.set(1, new LedgerRecord(honest.type(), forged, honest.recordHash()));
        chain.set(2, new Block(original.header(), original.hash(), records));

        VerificationFailure failure = failureOf(chain);
        assertThat(failure.blockIndex()).isEqualTo(2);
        assertThat(failure.recordIndex()).isEqualTo(1);
        assertThat(failure.check()).isEqualTo("record_hash");
        assertThat(failure.expected()).isEqualTo(honest.recordHash().hex());
        assertThat(failure.computed()).isEqualTo(LedgerRecord.hashOf(forged).hex());
        assertThat(failure.message()).startsWith("block 2, record 1:");
    }

    @Test
    void shouldDetectARecordRehashedButNotInTheMerkleRoot() {
        Block original = chain.get(3);
        List<LedgerRecord> records = new ArrayList<>(original.records());
        records.set(0, record(RecordType.TRAINING_PROPOSAL, "proposal_hash", "forged"));
        chain.set(3, new Block(original.header(), original.hash(), records));

        VerificationFailure failure = failureOf(chain);
        assertThat(failure.blockIndex()).isEqualTo(3);
        assertThat(failure.recordIndex()).isNull();
        assertThat(failure.check()).isEqualTo("merkle_root");
    }

    @Test
    void shouldDetectRemovedAndReorderedRecords() {
        Block original = chain.get(1);
        List<LedgerRecord> removed = original.records().subList(0, 2);
        chain.set(1, new Block(original.header(), original.hash(), removed));
        assertThat(failureOf(chain).check()).isEqualTo("merkle_root");

        List<LedgerRecord> reordered = new ArrayList<>(original.records());
        java.util.Collections.swap(reordered, 0, 2);
        chain.set(1, new Block(original.header(), original.hash(), reordered));
        assertThat(failureOf(chain).check()).isEqualTo("merkle_root");
    }

    @Test
    void shouldDetectAChangedHeaderField() {
        Block original = chain.get(2);
        BlockHeader h = original.header();
        BlockHeader changed = new BlockHeader(
                h.index(), "2030-01-01T00:00:00Z", h.previousHash(), h.merkleRoot(), h.difficulty(), h.nonce());
        chain.set(2, new Block(changed, original.hash(), original.records()));

        VerificationFailure failure = failureOf(chain);
        assertThat(failure.blockIndex()).isEqualTo(2);
        assertThat(failure.check()).isEqualTo("block_hash");
        assertThat(failure.computed()).isEqualTo(changed.hash().hex());
        assertThat(failure.expected()).isEqualTo(original.hash().hex());
    }

    @Test
    void shouldDetectABrokenLinkWhenABlockIsRemoved() {
        chain.remove(2);
        VerificationFailure failure = failureOf(chain);
        assertThat(failure.blockIndex()).isEqualTo(2);
        assertThat(failure.check()).isEqualTo("index");
    }

    @Test
    void shouldDetectABlockThatDoesNotLinkToItsPredecessor() {
        Block original = chain.get(3);
        chain.set(
                3,
                block(3, Sha256.digest("elsewhere".getBytes(StandardCharsets.UTF_8)), DIFFICULTY, original.records()));
        VerificationFailure failure = failureOf(chain);
        assertThat(failure.blockIndex()).isEqualTo(3);
        assertThat(failure.check()).isEqualTo("previous_hash");
        assertThat(failure.expected()).isEqualTo(chain.get(2).hash().hex());
    }

    @Test
    void shouldDetectAHashThatDoesNotMeetItsClaimedDifficulty() {
        Block original = chain.get(4);
        BlockHeader h = original.header();
        // Find a nonce whose hash has fewer leading zero bits than claimed, and store that honestly.
        BlockHeader weak = h;
        for (long nonce = 0; ProofOfWork.meetsDifficulty(weak.hash(), h.difficulty()); nonce++) {
            weak = h.withNonce(nonce);
        }
        chain.set(4, new Block(weak, weak.hash(), original.records()));
        VerificationFailure failure = failureOf(chain);
        assertThat(failure.blockIndex()).isEqualTo(4);
        assertThat(failure.check()).isEqualTo("proof_of_work");
    }

    @Test
    void shouldRefuseABlockMinedBelowTheMinimumDifficulty() {
        Block original = chain.get(4);
        chain.set(4, block(4, chain.get(3).hash(), 1, original.records()));
        VerificationFailure failure = failureOf(chain);
        assertThat(failure.check()).isEqualTo("difficulty");
        assertThat(failure.computed()).isEqualTo("1");
        assertThat(failure.expected()).isEqualTo(String.valueOf(DIFFICULTY));
    }

    @Test
    void shouldRefuseABodyThatIsNotCanonical() {
        Block original = chain.get(1);
        LedgerRecord honest = original.records().get(0);
        String spaced = honest.body().replace(",", ", ");
        LedgerRecord loose = new LedgerRecord(honest.type(), spaced, LedgerRecord.hashOf(spaced));
        chain.set(
                1,
                block(
                        1,
                        chain.get(0).hash(),
                        DIFFICULTY,
                        List.of(
                                loose,
                                original.records().get(1),
                                original.records().get(2))));
        VerificationFailure failure = failureOf(chain);
        assertThat(failure.check()).isEqualTo("record_canonical");
        assertThat(failure.recordIndex()).isZero();
    }

    @Test
    void shouldRefuseARecordWhoseTypeFieldDisagreesWithItsType() {
        Block original = chain.get(1);
        LedgerRecord approval = original.records().get(1);
        LedgerRecord relabelled =
                new LedgerRecord(RecordType.VALIDATOR_REJECTION, approval.body(), approval.recordHash());
        chain.set(
                1,
                new Block(
                        original.header(),
                        original.hash(),
                        List.of(
                                original.records().get(0),
                                relabelled,
                                original.records().get(2))));
        assertThat(failureOf(chain).check()).isEqualTo("record_type");
    }
}
