package ml.consensus.consensus;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.Ledger;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.model.EmbeddingModel;

/**
 * Brings the node up before it takes any request: writes genesis on an empty ledger, verifies
 * the chain, and rebuilds the model from the newest checkpoint whose file proves itself (or from
 * the base model), replaying only the updates after it.
 */
@Component
class NodeStartup implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(NodeStartup.class);

    private final Ledger ledger;
    private final GenesisModel genesis;
    private final CheckpointStore checkpoints;
    private final LedgerAudit audit;
    private final NodeState state;

    NodeStartup(Ledger ledger, GenesisModel genesis, CheckpointStore checkpoints, LedgerAudit audit,
                NodeState state) {
        this.ledger = ledger;
        this.genesis = genesis;
        this.checkpoints = checkpoints;
        this.audit = audit;
        this.state = state;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ledger.initialise(genesis.genesisRecord());
        List<Block> blocks = ledger.allBlocks();
        Start start = newestCheckpoint(blocks).orElseGet(() -> new Start(genesis.copy(), -1, "genesis"));
        AuditReport report = audit.audit(blocks, start.afterBlock(), start.model(), start.name(), null);
        EmbeddingModel model = report.replay().map(ModelReplay.Outcome::model).orElse(start.model());
        state.replaceModel(model);
        state.recordAudit(report.withLiveModel(model.hash()));
        report.failure().ifPresentOrElse(
                f -> log.error("ledger failed verification at start-up, node is read-only: {}", f.message()),
                () -> log.info("ledger ready: {} blocks, model {} (version {}, {} words) from {} + {} updates",
                        blocks.size(), model.hash(), model.trainingSteps(), model.vocabSize(), start.name(),
                        report.replay().map(ModelReplay.Outcome::updatesReplayed).orElse(0)));
    }

    private record Start(EmbeddingModel model, long afterBlock, String name) {
    }

    private Optional<Start> newestCheckpoint(List<Block> blocks) {
        for (int b = blocks.size() - 1; b >= 0; b--) {
            Block block = blocks.get(b);
            for (int r = block.records().size() - 1; r >= 0; r--) {
                LedgerRecord record = block.records().get(r);
                if (record.type() != RecordType.CHECKPOINT_SAVED) {
                    continue;
                }
                Optional<EmbeddingModel> model = readCheckpoint(record);
                if (model.isPresent()) {
                    return Optional.of(new Start(model.get(), block.index(), "checkpoint@" + block.index()));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<EmbeddingModel> readCheckpoint(LedgerRecord record) {
        String hash = record.text("model_hash");
        if (!Sha256.isHex(hash)) {
            return Optional.empty();
        }
        return checkpoints.read(Sha256.fromHex(hash));
    }
}
