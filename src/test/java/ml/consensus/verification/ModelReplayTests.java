package ml.consensus.verification;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.BlockHeader;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.MerkleTree;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.model.BaseModel;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.SkipGramTrainer;
import ml.consensus.model.TrainingResult;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.ProposalContent;

import static org.assertj.core.api.Assertions.assertThat;

class ModelReplayTests {

    private static EmbeddingModel base;

    @BeforeAll
    static void buildBase() {
        base = BaseModel.create();
    }

    /** A ledger-shaped history: each batch proposed, then applied, the way ConsensusService writes it. */
    private record History(List<Block> blocks, EmbeddingModel finalModel) {}

    private static History history(List<List<String>> batches) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(block(0, Sha256.ZERO, List.of(ConsensusRecords.genesis(base))));
        EmbeddingModel model = base.copy();
        SkipGramTrainer trainer = new SkipGramTrainer();
        for (List<String> texts : batches) {
            ProposalContent content = new ProposalContent(
                    texts, 0.05, model.trainingSteps(), model.hash(), "2026-11-25T12:00:00Z", false);
            Sha256 proposalHash = content.hash();
            blocks.add(block(
                    blocks.size(),
                    blocks.get(blocks.size() - 1).hash(),
                    List.of(ConsensusRecords.proposal(proposalHash, content))));
            Sha256 before = model.hash();
            TrainingResult result = trainer.train(model, texts, 0.05, proposalHash);
            blocks.add(block(
                    blocks.size(),
                    blocks.get(blocks.size() - 1).hash(),
                    List.of(ConsensusRecords.modelUpdate(
                            proposalHash,
                            model.trainingSteps(),
                            List.of("validator-alice"),
                            1,
                            false,
                            "2026-11-25T12:00:01Z",
                            result,
                            before,
                            model.hash()))));
        }
        return new History(blocks, model);
    }

    private static Block block(long index, Sha256 previous, List<LedgerRecord> records) {
        BlockHeader header = new BlockHeader(
                index,
                "2026-11-25T12:00:00Z",
                previous,
                MerkleTree.root(records.stream().map(LedgerRecord::recordHash).toList()),
                0,
                0);
        return new Block(header, header.hash(), records);
    }

    @Test
    void shouldReproduceTheRecordedModelBitForBit() {
        History history = history(List.of(
                List.of("I have a fever", "High temperature"),
                List.of("persistent dry cough", "shortness of breath"),
                List.of("take ibuprofen after food")));
        ModelReplay.Outcome outcome = new ModelReplay().replay(history.blocks(), -1, base);
        assertThat(outcome.isValid()).isTrue();
        assertThat(outcome.updatesReplayed()).isEqualTo(3);
        assertThat(outcome.model().hash()).isEqualTo(history.finalModel().hash());
    }

    @Test
    void shouldReplayOnlyTheTailAfterACheckpoint() {
        History history = history(List.of(List.of("I have a fever"), List.of("nausea and vomiting")));
        // The state after the first update (block 2) stands in for a checkpoint there.
        EmbeddingModel checkpoint = new ModelReplay()
                .replay(history.blocks().subList(0, 3), -1, base)
                .model();
        ModelReplay.Outcome tail = new ModelReplay().replay(history.blocks(), 2, checkpoint);
        assertThat(tail.isValid()).isTrue();
        assertThat(tail.updatesReplayed()).isEqualTo(1);
        assertThat(tail.model().hash()).isEqualTo(history.finalModel().hash());
    }

    @Test
    void shouldNameTheUpdateWhoseRecordedHashDoesNotReplay() {
        History history = history(List.of(List.of("I have a fever"), List.of("nausea and vomiting")));
        // Start from a model that is not the genesis one: the first update's "before" cannot match.
        EmbeddingModel other = base.copy();
        new SkipGramTrainer().train(other, List.of("something else entirely"), 0.1, Sha256.ZERO);
        ModelReplay.Outcome outcome = new ModelReplay().replay(history.blocks(), -1, other);
        VerificationFailure failure = outcome.failure().orElseThrow();
        assertThat(failure.blockIndex()).isEqualTo(2);
        assertThat(failure.check()).isEqualTo("model_hash_before");
        assertThat(failure.computed()).isEqualTo(other.hash().hex());
    }

    @Test
    void shouldRefuseAnUpdateWithoutAnEarlierProposal() {
        History history = history(List.of(List.of("I have a fever")));
        List<Block> withoutProposal = new ArrayList<>(history.blocks());
        withoutProposal.remove(1);
        ModelReplay.Outcome outcome = new ModelReplay().replay(withoutProposal, -1, base);
        assertThat(outcome.failure().orElseThrow().check()).isEqualTo("apply_proposal");
    }
}
