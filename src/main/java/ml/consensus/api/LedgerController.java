package ml.consensus.api;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.history.RecordLookup;
import ml.consensus.ledger.LedgerExport;
import ml.consensus.ledger.LedgerTime;
import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.StoredRecord;
import ml.consensus.node.CheckpointService;
import ml.consensus.node.CheckpointService.Checkpointed;
import ml.consensus.node.LedgerAudit;
import ml.consensus.refusal.Refusal;
import ml.consensus.storage.Ledger;
import ml.consensus.verification.AuditReport;

/** The ledger itself: history, blocks, verification, checkpoints. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class LedgerController {

    private final Ledger ledger;
    private final LedgerAudit audit;
    private final CheckpointService checkpoints;
    private final RecordLookup records;
    private final Clock clock;

    LedgerController(
            Ledger ledger, LedgerAudit audit, CheckpointService checkpoints, RecordLookup records, Clock clock) {
        this.clock = clock;
        this.ledger = ledger;
        this.audit = audit;
        this.checkpoints = checkpoints;
        this.records = records;
    }

    @GetMapping("/blockchain-history")
    ObjectNode history(
            @RequestParam Optional<String> type,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "1000") int size) {
        Paging.check(page, size);
        Optional<RecordType> recordType = type.map(LedgerController::recordType);
        List<ObjectNode> records = ledger.records(recordType, page, size).stream()
                .map(Json::record)
                .toList();
        ObjectNode response = Json.object();
        response.set("records", Json.array(records));
        response.put("count", records.size());
        response.put("total_records", ledger.totalRecords());
        response.put("page", page);
        response.put("size", size);
        return response;
    }

    private static RecordType recordType(String name) {
        return RecordType.fromWireName(name)
                .orElseThrow(() -> Refusal.invalid("unknown record type '" + name + "'; one of "
                        + Arrays.stream(RecordType.values())
                                .map(RecordType::wireName)
                                .toList()));
    }

    @GetMapping("/blocks")
    ObjectNode blocks(@RequestParam(defaultValue = "0") long from, @RequestParam(defaultValue = "100") int size) {
        Paging.check(0, size);
        if (from < 0) {
            throw Refusal.invalid("from must be 0 or more, got " + from);
        }
        List<ObjectNode> blocks = ledger.blocks(from, size).stream()
                .map(b -> Json.block(b, false))
                .toList();
        ObjectNode response = Json.object();
        response.set("blocks", Json.array(blocks));
        response.put("count", blocks.size());
        response.put("chain_length", ledger.chainLength());
        return response;
    }

    @GetMapping("/blocks/{index}")
    ObjectNode block(@PathVariable long index) {
        return ledger.block(index)
                .map(b -> Json.block(b, true))
                .orElseThrow(() -> Refusal.notFound(
                        "no block with index " + index + "; the chain has " + ledger.chainLength() + " blocks"));
    }

    @GetMapping("/records/{hash}")
    ObjectNode record(@PathVariable String hash) {
        StoredRecord stored = records.find(hash);
        ObjectNode response = Json.record(stored);
        // The exact canonical text that was hashed, for checking record_hash by hand.
        response.put("canonical_body", stored.record().body());
        return response;
    }

    @GetMapping("/records/{hash}/proof")
    ObjectNode proof(@PathVariable String hash) {
        RecordLookup.InclusionProof proof = records.prove(hash);
        ObjectNode response = Json.object();
        response.put("record_hash", proof.record().record().recordHash().hex());
        response.put("block_index", proof.block().index());
        response.put("block_hash", proof.block().hash().hex());
        response.put("leaf_index", proof.record().position());
        response.put("tree_size", proof.treeSize());
        response.put("leaf_hash", proof.leafHash().hex());
        ArrayNode path = response.putArray("proof");
        proof.path().forEach(h -> path.add(h.hex()));
        response.put("merkle_root", proof.block().header().merkleRoot().hex());
        return response;
    }

    @GetMapping("/export")
    ObjectNode export() {
        return LedgerExport.write(ledger.allBlocks(), LedgerTime.now(clock));
    }

    @GetMapping("/verify")
    ObjectNode verify() {
        AuditReport report = audit.auditFromGenesis();
        ObjectNode response = Json.object();
        response.put("valid", report.isValid());
        response.put("blocks_checked", report.chain().blocksChecked());
        response.put("records_checked", report.chain().recordsChecked());
        response.put(
                "updates_replayed",
                report.replay().map(r -> r.updatesReplayed()).orElse(0));
        response.put(
                "replayed_model_hash",
                report.replayedModelHash().map(h -> h.hex()).orElse(null));
        response.put(
                "live_model_hash",
                report.liveModelHash() == null ? null : report.liveModelHash().hex());
        response.put("checked_at", report.checkedAt());
        if (report.failure().isPresent()) {
            response.set("failure", Json.failure(report.failure().get()));
        } else {
            response.putNull("failure");
        }
        return response;
    }

    @PostMapping("/save-checkpoint")
    ObjectNode saveCheckpoint() {
        Checkpointed saved = checkpoints.saveCheckpoint();
        ObjectNode response = Json.object();
        response.put("status", "success");
        ObjectNode checkpoint = response.putObject("checkpoint");
        checkpoint.put("model_hash", saved.modelHash().hex());
        checkpoint.put("model_version", saved.modelVersion());
        checkpoint.put("vocab_size", saved.vocabSize());
        checkpoint.put("file", saved.file());
        checkpoint.put("block_index", saved.block().index());
        response.set("blockchain_stats", Json.blockchainStats(saved.block().index() + 1, ledger.totalRecords()));
        return response;
    }
}
