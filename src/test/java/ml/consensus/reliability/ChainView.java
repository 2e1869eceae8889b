package ml.consensus.reliability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole chain as the HTTP API shows it: every block from {@code /blocks} and every record from
 * {@code /blockchain-history}, read a page at a time, with the structural checks a client can make
 * from outside: contiguous indices, unbroken {@code previous_hash} links (no fork), each record
 * listed once and in the block that lists it, and the ledger's uniqueness rules.
 */
final class ChainView {

    private static final int PAGE = 1000;
    private static final String ZERO = "0".repeat(64);

    private final List<JsonNode> blocks;
    private final List<JsonNode> records;

    private ChainView(List<JsonNode> blocks, List<JsonNode> records) {
        this.blocks = blocks;
        this.records = records;
    }

    /** Reads every block and record; call it while no write is in flight. */
    static ChainView read(NodeClient node) {
        List<JsonNode> blocks = new ArrayList<>();
        while (true) {
            Answer page = node.get("/blocks?from=" + blocks.size() + "&size=" + PAGE);
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            page.json().get("blocks").forEach(blocks::add);
            if (page.json().get("count").asInt() < PAGE) {
                break;
            }
        }
        List<JsonNode> records = new ArrayList<>();
        for (int p = 0; ; p++) {
            Answer page = node.get("/blockchain-history?page=" + p + "&size=" + PAGE);
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            page.json().get("records").forEach(records::add);
            if (page.json().get("count").asInt() < PAGE) {
                break;
            }
        }
        return new ChainView(List.copyOf(blocks), List.copyOf(records));
    }

    List<JsonNode> blocks() {
        return blocks;
    }

    List<JsonNode> records() {
        return records;
    }

    long length() {
        return blocks.size();
    }

    /** Indices 0..n-1 without gaps, each previous_hash the hash of the block before, genesis linked to zero. */
    void assertLinkedWithoutForks() {
        Set<String> hashes = new HashSet<>();
        String previous = ZERO;
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            assertThat(block.get("index").asLong())
                    .as("index of the block at position %d", i)
                    .isEqualTo(i);
            assertThat(block.get("previous_hash").asString())
                    .as("previous_hash of block %d", i)
                    .isEqualTo(previous);
            assertThat(hashes.add(block.get("hash").asString()))
                    .as("block %d's hash is unique", i)
                    .isTrue();
            previous = block.get("hash").asString();
        }
    }

    /**
     * Every record is listed once, in the block and position its block lists it at; one proposal
     * record per proposal hash, one vote per validator per proposal, one apply per proposal.
     */
    void assertRecordsListedOnceAndUnique() {
        Map<String, JsonNode> byHash = new HashMap<>();
        for (JsonNode record : records) {
            String hash = record.get("record_hash").asString();
            assertThat(byHash.put(hash, record))
                    .as("record %s is listed once in the history", hash)
                    .isNull();
        }
        long listed = 0;
        for (JsonNode block : blocks) {
            JsonNode summaries = block.get("records");
            assertThat(summaries.size())
                    .as("record_count of block %s", block.get("index"))
                    .isEqualTo(block.get("record_count").asInt());
            for (int position = 0; position < summaries.size(); position++) {
                String hash = summaries.get(position).get("record_hash").asString();
                JsonNode record = byHash.get(hash);
                assertThat(record)
                        .as("record %s of block %s is in the history", hash, block.get("index"))
                        .isNotNull();
                assertThat(record.get("block_index").asLong())
                        .isEqualTo(block.get("index").asLong());
                assertThat(record.get("position").asInt()).isEqualTo(position);
                listed++;
            }
        }
        assertThat(listed).as("records in blocks = records in the history").isEqualTo(records.size());

        Map<String, Integer> keys = new LinkedHashMap<>();
        for (JsonNode record : records) {
            String type = record.get("type").asString();
            String key = switch (type) {
                case "training_proposal" ->
                    "proposal:" + record.get("proposal_hash").asString();
                case "validator_approval", "validator_rejection" ->
                    "vote:" + record.get("proposal_hash").asString() + ":"
                            + record.get("validator_id").asString();
                case "model_update_approved" ->
                    "apply:" + record.get("proposal_hash").asString();
                default -> null;
            };
            if (key != null) {
                keys.merge(key, 1, Integer::sum);
            }
        }
        keys.forEach(
                (key, count) -> assertThat(count).as("records with key %s", key).isEqualTo(1));
    }

    /** The records of {@code type} about {@code proposalHash}, in chain order. */
    List<JsonNode> recordsAbout(String proposalHash, String type) {
        return records.stream()
                .filter(r -> r.get("type").asString().equals(type))
                .filter(r -> r.has("proposal_hash")
                        && r.get("proposal_hash").asString().equals(proposalHash))
                .toList();
    }
}
