package ml.consensus.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

import ml.consensus.NodeProperties;
import ml.consensus.governance.RulesDeclaration;
import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerExport;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.storage.Ledger;
import ml.consensus.verification.AuditReport;
import ml.consensus.verification.ModelReplay;
import ml.consensus.writer.ChainHead;
import ml.consensus.writer.HeadAnchor;
import ml.consensus.writer.LiveRules;
import ml.consensus.writer.NodeState;

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
    private final Optional<Path> restore;
    private final HeadAnchor anchor;
    private final LiveRules rules;
    private final RulesDeclaration declaration;

    NodeStartup(
            Ledger ledger,
            GenesisModel genesis,
            CheckpointStore checkpoints,
            LedgerAudit audit,
            NodeState state,
            NodeProperties properties,
            HeadAnchor anchor,
            LiveRules rules,
            RulesDeclaration declaration) {
        this.anchor = anchor;
        this.rules = rules;
        this.declaration = declaration;
        this.restore = Optional.ofNullable(properties.restoreFrom());
        this.ledger = ledger;
        this.genesis = genesis;
        this.checkpoints = checkpoints;
        this.audit = audit;
        this.state = state;
    }

    @Override
    public void afterSingletonsInstantiated() {
        restore.ifPresent(this::restoreFrom);
        Block genesisBlock = initialise();
        List<Block> blocks = ledger.allBlocks();
        if (blocks.size() == 1) {
            anchor.record(genesisBlock);
        }
        Start start = newestCheckpoint(blocks).orElseGet(() -> new Start(genesis.copy(), -1, "genesis"));
        AuditReport report = audit.audit(blocks, start.afterBlock(), start.model(), start.name(), null);
        EmbeddingModel model = report.replay().map(ModelReplay.Outcome::model).orElse(start.model());
        // The rules first: once the audit marks the node valid, the batcher's thread may follow
        // blocks other nodes appended, and each must land on rules loaded from these blocks.
        rules.load(blocks);
        state.serve(model, ChainHead.of(blocks.get(blocks.size() - 1)));
        state.recordAudit(report.withLiveModel(model.hash()));
        report.failure()
                .ifPresentOrElse(
                        f -> log.error("ledger failed verification at start-up, node is read-only: {}", f.message()),
                        () -> log.info(
                                "ledger ready: {} blocks, model {} (version {}, {} words) from {} + {} updates",
                                blocks.size(),
                                model.hash(),
                                model.trainingSteps(),
                                model.vocabSize(),
                                start.name(),
                                report.replay()
                                        .map(ModelReplay.Outcome::updatesReplayed)
                                        .orElse(0)));
        declaration.declareIfConfigured(blocks);
    }

    /**
     * Writes genesis on an empty ledger. Two nodes starting together on one empty database may
     * both try; the primary key lets one win, and the other finds the winner's genesis.
     */
    private Block initialise() {
        try {
            return ledger.initialise(genesis.genesisRecord());
        } catch (DataIntegrityViolationException lostRace) {
            log.info(
                    "another node wrote genesis first: {}",
                    lostRace.getMostSpecificCause().getMessage());
            return ledger.initialise(genesis.genesisRecord());
        }
    }

    private record Start(EmbeddingModel model, long afterBlock, String name) {}

    /** Rebuilds an empty ledger from a verified export; refuses anything else so nothing is overwritten. */
    private void restoreFrom(Path export) {
        if (ledger.chainLength() > 0) {
            throw new IllegalStateException("consensus.restore-from is set but the ledger in this data directory"
                    + " already has " + ledger.chainLength() + " blocks; restore needs an empty data directory");
        }
        List<Block> blocks;
        try {
            blocks = LedgerExport.read(CanonicalJson.parse(Files.readString(export, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the export to restore from: " + export, e);
        }
        AuditReport report = audit.auditBackup(blocks, genesis.copy());
        report.failure().ifPresent(f -> {
            throw new IllegalStateException("refusing to restore from " + export + ": it fails verification: "
                    + f.message() + " (check " + f.check() + ")");
        });
        ledger.restore(blocks);
        anchor.record(blocks.get(blocks.size() - 1));
        log.info("ledger restored from {}: {} blocks", export, blocks.size());
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
