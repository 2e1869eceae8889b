package ml.consensus.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.BlockHeader;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.MerkleTree;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.model.BaseModel;
import ml.consensus.model.TrainingResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ledger-shaped history written in code for rule tests: blocks linked but not mined (the rules
 * do not look at proof of work), starting with the real genesis. Each test names the block,
 * record and check that must fail.
 */
public final class TestChain {

    public static final Sha256 H0 = BaseModel.create().hash();
    public static final Sha256 H1 = Sha256.digest(new byte[] {1});
    public static final TrainingResult RESULT = new TrainingResult(1, 3, 160, 160, List.of());

    public final List<Block> blocks = new ArrayList<>();
    private String time = "2026-11-25T12:00:00Z";

    /** A legacy ledger: genesis without a ledger nonce, so signed messages are format v1. */
    public TestChain() {
        this(java.util.Optional.empty());
    }

    /** A chain whose genesis carries {@code ledgerNonce} when given: a ledger with an identity. */
    public TestChain(java.util.Optional<String> ledgerNonce) {
        append(ConsensusRecords.genesis(BaseModel.create(), ledgerNonce));
    }

    /** Appends one block holding {@code records}; returns its index. */
    public long append(LedgerRecord... records) {
        return appendAt(time, records);
    }

    /** Appends one block with this header timestamp. */
    public long appendAt(String blockTime, LedgerRecord... records) {
        List<LedgerRecord> list = List.of(records);
        Sha256 previous =
                blocks.isEmpty() ? Sha256.ZERO : blocks.get(blocks.size() - 1).hash();
        BlockHeader header = new BlockHeader(
                blocks.size(),
                blockTime,
                previous,
                MerkleTree.root(list.stream().map(LedgerRecord::recordHash).toList()),
                0,
                0);
        blocks.add(new Block(header, header.hash(), list));
        return blocks.size() - 1L;
    }

    public long last() {
        return blocks.size() - 1L;
    }

    public static ProposalContent content(String text) {
        return new ProposalContent(List.of(text), 0.05, 0, H0, "2026-11-25T12:00:00Z", false);
    }

    /** Appends a proposal of {@code text} against the base model; returns its hash. */
    public Sha256 propose(String text) {
        ProposalContent content = content(text);
        append(ConsensusRecords.proposal(content.hash(), content));
        return content.hash();
    }

    public static LedgerRecord vote(VoteKind kind, Sha256 proposal, String validator) {
        return vote(kind, proposal, validator, "2026-11-25T12:00:01Z");
    }

    public static LedgerRecord vote(VoteKind kind, Sha256 proposal, String validator, String timestamp) {
        return ConsensusRecords.vote(kind, proposal, validator, timestamp, Optional.empty());
    }

    public static LedgerRecord applied(Sha256 proposal, String policy, String... approvals) {
        return ConsensusRecords.modelUpdate(
                proposal,
                1,
                List.of(approvals),
                approvals.length,
                policy,
                false,
                "2026-11-25T12:00:02Z",
                RESULT,
                H0,
                H1,
                Optional.empty());
    }

    public Optional<VerificationFailure> check(VotingRules rules) {
        return new LedgerRules(rules).check(blocks);
    }

    public void assertValid(VotingRules rules) {
        assertThat(check(rules))
                .as(() -> check(rules).map(VerificationFailure::message).orElse(""))
                .isEmpty();
    }

    public void assertBroken(VotingRules rules, long block, int record, String check) {
        VerificationFailure failure = check(rules)
                .orElseThrow(() -> new AssertionError("expected rule " + check + " to fail at block " + block));
        assertThat(failure.check()).as(failure.message()).isEqualTo(check);
        assertThat(failure.blockIndex()).as(failure.message()).isEqualTo(block);
        assertThat(failure.recordIndex()).as(failure.message()).isEqualTo(record);
    }
}
