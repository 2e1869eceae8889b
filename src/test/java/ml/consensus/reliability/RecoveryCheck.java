package ml.consensus.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import ml.consensus.reliability.AcknowledgedWrites.Checkpoint;
import ml.consensus.reliability.AcknowledgedWrites.Proposal;
import ml.consensus.reliability.AcknowledgedWrites.State;
import ml.consensus.reliability.AcknowledgedWrites.Vote;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;

/**
 * What a node restarted after a SIGKILL must show, checked over its HTTP API and its data
 * directory: the chain verifies (hashes, links, proof of work, Merkle roots, record hashes, rules)
 * and the served model is the replay of the ledger; every acknowledged write is there, in the
 * block it was acknowledged in, with what was acknowledged; nothing beyond the one write in doubt
 * landed; no earlier block changed; every acknowledged checkpoint file exists and proves itself.
 * Violations are returned as sentences carrying the evidence.
 */
final class RecoveryCheck {

    /** What one check found. {@code inDoubtOutcome} says whether the write in doubt landed. */
    record Result(
            List<String> violations,
            int acknowledgedChecked,
            long chainLength,
            String modelHash,
            String inDoubtOutcome) {}

    private static final int PAGE = 1000;

    private final AcknowledgedWrites acknowledged;
    private final Path dataDir;
    private List<String> blockHashesSeen = List.of();

    RecoveryCheck(AcknowledgedWrites acknowledged, Path dataDir) {
        this.acknowledged = acknowledged;
        this.dataDir = dataDir;
    }

    Result check(NodeClient node, Workload.Attempt inDoubt) {
        List<String> violations = new ArrayList<>(acknowledged.violations());

        Answer status = node.get("/decentralized/status");
        JsonNode chain = status.json().get("blockchain");
        long chainLength = chain.get("chain_length").asLong();
        long totalRecords = chain.get("total_records").asLong();
        String statusModel = status.json().get("model").get("model_hash").asString();
        if (!chain.get("is_valid").asBoolean()) {
            violations.add("status says the chain is invalid: " + status.raw());
        }

        Answer verify = node.get("/verify");
        JsonNode report = verify.json();
        String replayed = text(report, "replayed_model_hash");
        String live = text(report, "live_model_hash");
        if (!report.get("valid").asBoolean()) {
            violations.add("GET /verify is not valid: " + verify.raw());
        }
        if (replayed == null || !replayed.equals(live) || !live.equals(statusModel)) {
            violations.add("model hash differs from the replay of the ledger: replayed " + replayed + ", live " + live
                    + ", status " + statusModel);
        }

        long highest = acknowledged.highestBlock();
        long allowed = highest + 1 + (inDoubt == null ? 0 : 1);
        if (chainLength < highest + 1) {
            violations.add("chain has " + chainLength + " blocks but block " + highest + " was acknowledged: "
                    + (highest + 1 - chainLength) + " acknowledged block(s) lost");
        }
        if (chainLength > allowed) {
            violations.add(
                    "chain has " + chainLength + " blocks; at most " + allowed + " possible (highest acknowledged "
                            + highest + ", write in doubt: " + inDoubt + "): a write nobody sent landed");
        }
        if (totalRecords != chainLength) {
            violations.add("a serial client's writes each get a block holding their one record, but " + chainLength
                    + " blocks hold " + totalRecords + " records: a block and its record were not written together");
        }

        List<String> hashes = blockHashes(node, chainLength, violations);
        for (int i = 0; i < Math.min(blockHashesSeen.size(), hashes.size()); i++) {
            if (!blockHashesSeen.get(i).equals(hashes.get(i))) {
                violations.add("block " + i + " changed across the restart: was " + blockHashesSeen.get(i) + ", now "
                        + hashes.get(i));
                break;
            }
        }
        blockHashesSeen = hashes;

        int checked = checkProposals(node, violations) + checkCheckpoints(node, violations);

        String outcome = "no write in doubt";
        if (inDoubt != null) {
            outcome = chainLength == highest + 2 ? landed(node, highest + 1, inDoubt, violations) : "absent";
            outcome = inDoubt + " " + outcome;
        }
        return new Result(violations, checked, chainLength, statusModel, outcome);
    }

    /** The write in doubt landed as block {@code index}: it must be that write, whole. */
    private static String landed(NodeClient node, long index, Workload.Attempt inDoubt, List<String> violations) {
        Answer block = node.get("/blocks/" + index);
        JsonNode records = block.json().get("records");
        JsonNode record = records.get(0);
        if (records.size() != 1
                || !record.get("type").asString().equals(inDoubt.recordType())
                || (inDoubt.proposalHash != null && !inDoubt.proposalHash.equals(text(record, "proposal_hash")))
                || (inDoubt.texts != null && !inDoubt.texts.equals(texts(record.get("proposal"))))) {
            violations.add("block " + index + " should hold the write in doubt (" + inDoubt + ", a "
                    + inDoubt.recordType() + "), but holds " + block.raw());
        }
        return "landed whole in block " + index;
    }

    private int checkProposals(NodeClient node, List<String> violations) {
        Map<String, JsonNode> onNode = new HashMap<>();
        for (int page = 0; ; page++) {
            JsonNode list = node.get("/decentralized/proposals?size=" + PAGE + "&page=" + page)
                    .json()
                    .get("proposals");
            list.forEach(p -> onNode.put(p.get("proposal_hash").asString(), p));
            if (list.size() < PAGE) {
                break;
            }
        }
        int checked = 0;
        for (Proposal acked : acknowledged.proposals()) {
            checked += 1 + acked.votes.size() + (acked.appliedInBlock == null ? 0 : 1);
            JsonNode view = onNode.get(acked.hash);
            if (view == null) {
                violations.add(
                        "acknowledged proposal " + acked.hash + " (block " + acked.proposedInBlock + ") is missing");
                continue;
            }
            if (view.get("proposed_in_block").asLong() != acked.proposedInBlock) {
                violations.add("proposal " + acked.hash + " acknowledged in block " + acked.proposedInBlock
                        + " is now in block " + view.get("proposed_in_block").asLong());
            }
            State now = State.ofWire(view.get("state").asString());
            if (!acked.acknowledgedState.allows(now)) {
                violations.add("proposal " + acked.hash + " was acknowledged " + acked.acknowledgedState.wire()
                        + " but is now " + now.wire() + ": " + view);
            }
            Map<String, JsonNode> votes = new HashMap<>();
            view.get("votes").forEach(v -> votes.put(v.get("validator_id").asString(), v));
            for (Vote vote : acked.votes.values()) {
                JsonNode found = votes.get(vote.validatorId());
                if (found == null
                        || !found.get("vote").asString().equals(vote.kind())
                        || found.get("block_index").asLong() != vote.blockIndex()) {
                    violations.add("acknowledged " + vote.kind() + " of " + acked.hash + " by " + vote.validatorId()
                            + " in block " + vote.blockIndex() + " is missing or changed: " + found);
                }
            }
            if (acked.appliedInBlock != null
                    && (view.get("applied_in_block").isNull()
                            || view.get("applied_in_block").asLong() != acked.appliedInBlock
                            || !acked.modelHashAfter.equals(text(view, "model_hash_after")))) {
                violations.add("acknowledged apply of " + acked.hash + " in block " + acked.appliedInBlock
                        + " (model " + acked.modelHashAfter + ") is missing or changed: applied_in_block "
                        + view.get("applied_in_block") + ", model_hash_after " + view.get("model_hash_after"));
            }
            acked.knownState = now;
            votes.keySet().forEach(acked.knownVoters::add);
        }
        return checked;
    }

    private int checkCheckpoints(NodeClient node, List<String> violations) {
        Map<Long, JsonNode> onNode = new HashMap<>();
        for (int page = 0; ; page++) {
            JsonNode list = node.get("/blockchain-history?type=checkpoint_saved&size=" + PAGE + "&page=" + page)
                    .json()
                    .get("records");
            list.forEach(r -> onNode.put(r.get("block_index").asLong(), r));
            if (list.size() < PAGE) {
                break;
            }
        }
        for (Checkpoint acked : acknowledged.checkpoints()) {
            JsonNode record = onNode.get(acked.blockIndex());
            if (record == null || !acked.modelHash().equals(text(record, "model_hash"))) {
                violations.add("acknowledged checkpoint of model " + acked.modelHash() + " in block "
                        + acked.blockIndex() + " is missing or changed: " + record);
            }
            String problem = checkpointFileProblem(acked);
            if (problem != null) {
                violations.add("acknowledged checkpoint " + acked.file() + ": " + problem);
            }
        }
        return acknowledged.checkpoints().size();
    }

    /** docs/ledger-format.md: SHA-256("consensus-ml/model/v1" 0x00 file bytes) must be the model hash. */
    private String checkpointFileProblem(Checkpoint acked) {
        Path file = dataDir.resolve("checkpoints").resolve(acked.file());
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("consensus-ml/model/v1".getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) 0);
            String hash = HexFormat.of().formatHex(sha256.digest(Files.readAllBytes(file)));
            return hash.equals(acked.modelHash()) ? null : "file " + file + " hashes to " + hash;
        } catch (IOException e) {
            return "file " + file + " cannot be read: " + e;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> blockHashes(NodeClient node, long chainLength, List<String> violations) {
        List<String> hashes = new ArrayList<>();
        while (hashes.size() < chainLength) {
            JsonNode blocks = node.get("/blocks?from=" + hashes.size() + "&size=" + PAGE)
                    .json()
                    .get("blocks");
            if (blocks.isEmpty()) {
                violations.add("GET /blocks ends at " + hashes.size() + " but chain_length is " + chainLength);
                break;
            }
            for (JsonNode block : blocks) {
                if (block.get("index").asLong() != hashes.size()) {
                    violations.add(
                            "GET /blocks has block " + block.get("index") + " where " + hashes.size() + " belongs");
                }
                hashes.add(block.get("hash").asString());
            }
        }
        return hashes;
    }

    private static List<String> texts(JsonNode proposal) {
        List<String> texts = new ArrayList<>();
        if (proposal != null) {
            proposal.get("texts").forEach(t -> texts.add(t.asString()));
        }
        return texts;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
