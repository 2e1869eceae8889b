package ml.consensus.verification;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
import ml.consensus.model.EvaluationSet;
import ml.consensus.model.Evaluations;
import ml.consensus.model.HeldOutScore;
import ml.consensus.model.SkipGramTrainer;
import ml.consensus.model.TrainingResult;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.ProposalContent;
import ml.consensus.rules.UpdateScore;

import static org.assertj.core.api.Assertions.assertThat;

/** Replay re-scores every scored update on the evaluation set its record names, bit for bit. */
class ScoredReplayTests {

    private static final EvaluationSet OTHER_SET =
            EvaluationSet.of(List.of("a dry cough at night", "a fever and a rash"));
    private static EmbeddingModel base;

    @BeforeAll
    static void buildBase() {
        base = BaseModel.create();
    }

    /** Each batch proposed, then applied with the scores {@code score} gives, as ConsensusService writes it. */
    private static List<Block> history(HeldOutScore score, double forgeAfterBy, List<List<String>> batches) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(block(0, Sha256.ZERO, List.of(ConsensusRecords.genesis(base))));
        EmbeddingModel model = base.copy();
        for (List<String> texts : batches) {
            ProposalContent content = new ProposalContent(
                    texts, 0.05, model.trainingSteps(), model.hash(), "2026-11-25T12:00:00Z", false);
            blocks.add(block(
                    blocks.size(),
                    blocks.get(blocks.size() - 1).hash(),
                    List.of(ConsensusRecords.proposal(content.hash(), content))));
            Sha256 before = model.hash();
            double scoreBefore = score.score(model);
            TrainingResult result = new SkipGramTrainer().train(model, texts, 0.05, content.hash());
            UpdateScore recorded = new UpdateScore(score.setHash(), scoreBefore, score.score(model) + forgeAfterBy);
            blocks.add(block(
                    blocks.size(),
                    blocks.get(blocks.size() - 1).hash(),
                    List.of(ConsensusRecords.modelUpdate(
                            content.hash(),
                            model.trainingSteps(),
                            List.of("validator-alice"),
                            1,
                            null,
                            false,
                            "2026-11-25T12:00:01Z",
                            result,
                            before,
                            model.hash(),
                            Optional.of(recorded)))));
        }
        return blocks;
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

    private static final List<List<String>> BATCHES = List.of(
            List.of("I have a fever", "High temperature"), List.of("persistent dry cough", "shortness of breath"));

    @Test
    void shouldReplayTheRecordedScoresExactly() {
        List<Block> blocks = history(Evaluations.builtIn().current(), 0, BATCHES);
        ModelReplay.Outcome outcome = new ModelReplay().replay(blocks, -1, base);
        assertThat(outcome.failure()).isEmpty();
        assertThat(outcome.updatesReplayed()).isEqualTo(2);
        // The record carries the exact double: canonical JSON writes the shortest form that reads back the same.
        LedgerRecord update = blocks.get(2).records().get(0);
        UpdateScore recorded = UpdateScore.of(update).orElseThrow();
        assertThat(recorded.evaluationSetHash())
                .isEqualTo(EvaluationSet.builtIn().hash());
        assertThat(recorded.before()).isEqualTo(new HeldOutScore(EvaluationSet.builtIn()).score(base));
    }

    @Test
    void shouldNameTheUpdateWhoseRecordedScoreDiffersInTheLastBit() {
        HeldOutScore score = Evaluations.builtIn().current();
        double after = score.score(base);
        List<Block> blocks = history(score, Math.ulp(after) * 4, BATCHES);
        VerificationFailure failure =
                new ModelReplay().replay(blocks, -1, base).failure().orElseThrow();
        assertThat(failure.blockIndex()).isEqualTo(2);
        assertThat(failure.check()).isEqualTo("score_after");
    }

    @Test
    void shouldRefuseAScoreOnAnEvaluationSetTheVerifierDoesNotHave() {
        List<Block> blocks = history(new HeldOutScore(OTHER_SET), 0, BATCHES);
        VerificationFailure failure =
                new ModelReplay().replay(blocks, -1, base).failure().orElseThrow();
        assertThat(failure.check()).isEqualTo("evaluation_set");
        assertThat(failure.computed()).isEqualTo(OTHER_SET.hash().hex());
        // Given the set, the same ledger replays.
        assertThat(new ModelReplay(Evaluations.scoringOn(OTHER_SET))
                        .replay(blocks, -1, base)
                        .failure())
                .isEmpty();
    }
}
