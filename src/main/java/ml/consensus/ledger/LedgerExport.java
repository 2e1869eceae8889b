package ml.consensus.ledger;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.Sha256;

/**
 * The ledger as one JSON document (format {@value #FORMAT}, docs/ledger-format.md): every block
 * with its header fields and stored hash, every record with its stored hash and its canonical
 * body as a string, byte for byte as it was hashed. Reading an export checks its shape only;
 * whether it is a valid ledger is for the verifiers to say.
 */
public final class LedgerExport {

    public static final String FORMAT = "consensus-ml-ledger/v1";

    private LedgerExport() {}

    public static ObjectNode write(List<Block> blocks, String exportedAt) {
        ObjectNode document = CanonicalJson.newObject();
        document.put("format", FORMAT);
        document.put("exported_at", exportedAt);
        document.put("chain_length", blocks.size());
        // Informative only: a reader derives the id from the genesis block, never from this field.
        document.put(
                "ledger_id",
                blocks.isEmpty()
                        ? null
                        : LedgerIdentity.ledgerId(blocks.get(0))
                                .map(Sha256::hex)
                                .orElse(null));
        ArrayNode array = document.putArray("blocks");
        for (Block block : blocks) {
            BlockHeader header = block.header();
            ObjectNode node = array.addObject();
            node.put("index", header.index());
            node.put("timestamp", header.timestamp());
            node.put("previous_hash", header.previousHash().hex());
            node.put("merkle_root", header.merkleRoot().hex());
            node.put("difficulty", header.difficulty());
            node.put("nonce", new BigInteger(Long.toUnsignedString(header.nonce())));
            node.put("hash", block.hash().hex());
            ArrayNode records = node.putArray("records");
            for (LedgerRecord record : block.records()) {
                ObjectNode entry = records.addObject();
                entry.put("record_hash", record.recordHash().hex());
                entry.put("type", record.type().wireName());
                entry.put("body", record.body());
            }
        }
        return document;
    }

    /** Reads an export; throws IllegalArgumentException naming the first malformed field. */
    public static List<Block> read(JsonNode document) {
        if (document == null || !document.isObject()) {
            throw new IllegalArgumentException("an export is a JSON object");
        }
        String format = text(document, "format", "");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format is '" + format + "', expected '" + FORMAT + "'");
        }
        JsonNode blocks = field(document, "blocks", "");
        if (!blocks.isArray()) {
            throw new IllegalArgumentException("blocks must be an array");
        }
        List<Block> result = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            result.add(readBlock(blocks.get(i), "blocks[" + i + "]"));
        }
        return result;
    }

    private static Block readBlock(JsonNode node, String path) {
        BlockHeader header = new BlockHeader(
                number(node, "index", path).longValueExact(),
                text(node, "timestamp", path),
                hash(node, "previous_hash", path),
                hash(node, "merkle_root", path),
                number(node, "difficulty", path).intValueExact(),
                unsigned64(number(node, "nonce", path), path));
        JsonNode records = field(node, "records", path);
        if (!records.isArray()) {
            throw new IllegalArgumentException(path + ".records must be an array");
        }
        List<LedgerRecord> list = new ArrayList<>();
        for (int r = 0; r < records.size(); r++) {
            String recordPath = path + ".records[" + r + "]";
            JsonNode entry = records.get(r);
            String type = text(entry, "type", recordPath);
            RecordType recordType = RecordType.fromWireName(type)
                    .orElseThrow(() -> new IllegalArgumentException(recordPath + ".type '" + type + "' is unknown"));
            list.add(new LedgerRecord(
                    recordType, text(entry, "body", recordPath), hash(entry, "record_hash", recordPath)));
        }
        return new Block(header, hash(node, "hash", path), list);
    }

    private static JsonNode field(JsonNode node, String name, String path) {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException((path.isEmpty() ? "" : path + ".") + name + " is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String name, String path) {
        JsonNode value = field(node, name, path);
        if (!value.isString()) {
            throw new IllegalArgumentException((path.isEmpty() ? "" : path + ".") + name + " must be a string");
        }
        return value.asString();
    }

    private static BigInteger number(JsonNode node, String name, String path) {
        JsonNode value = field(node, name, path);
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException(path + "." + name + " must be a whole number");
        }
        return value.bigIntegerValue();
    }

    private static long unsigned64(BigInteger value, String path) {
        if (value.signum() < 0 || value.bitLength() > 64) {
            throw new IllegalArgumentException(path + ".nonce must be an unsigned 64-bit number");
        }
        return value.longValue();
    }

    private static Sha256 hash(JsonNode node, String name, String path) {
        String value = text(node, name, path);
        if (!Sha256.isHex(value)) {
            throw new IllegalArgumentException(path + "." + name + " must be 64 lower-case hex characters");
        }
        return Sha256.fromHex(value);
    }
}
