package ml.consensus.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.cli.OfflineVerifierHarness;
import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.BlockHeader;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.MerkleTree;
import ml.consensus.ledger.ProofOfWork;

/**
 * What a forger does to a ledger export, for the tests that check a forgery is caught: edit a
 * record's body and re-hash it, re-mine blocks so every hash, link and proof of work is right
 * again, and hand the result to the offline verifier.
 */
public final class ForgedExports {

    private static final ProofOfWork MINER = new ProofOfWork();

    private ForgedExports() {}

    /** Edits a record's body and gives it the record hash of its new body. */
    public static void editBody(ObjectNode record, Consumer<ObjectNode> edit) {
        ObjectNode body = (ObjectNode) CanonicalJson.parse(record.get("body").asString());
        edit.accept(body);
        String canonical = CanonicalJson.canonicalize(body);
        record.put("body", canonical);
        record.put("record_hash", LedgerRecord.hashOf(canonical).hex());
    }

    /** Recomputes Merkle roots, links and proof of work from block {@code from} on, as a forger's miner would. */
    public static void remine(ObjectNode export, int from) {
        ArrayNode blocks = (ArrayNode) export.get("blocks");
        for (int i = from; i < blocks.size(); i++) {
            mine(blocks, i);
        }
    }

    /** Recomputes block {@code i}'s Merkle root, link to block {@code i - 1} and proof of work. */
    public static void mine(ArrayNode blocks, int i) {
        ObjectNode block = (ObjectNode) blocks.get(i);
        List<Sha256> leaves = new ArrayList<>();
        block.get("records")
                .forEach(r -> leaves.add(Sha256.fromHex(r.get("record_hash").asString())));
        Sha256 previous = Sha256.fromHex(blocks.get(i - 1).get("hash").asString());
        BlockHeader mined = MINER.mine(new BlockHeader(
                i,
                block.get("timestamp").asString(),
                previous,
                MerkleTree.root(leaves),
                block.get("difficulty").asInt(),
                0));
        block.put("previous_hash", previous.hex());
        block.put("merkle_root", mined.merkleRoot().hex());
        block.put("nonce", mined.nonce());
        block.put("hash", mined.hash().hex());
    }

    /** Writes the export to a temporary file, the way a user hands one to the verifier or a restore. */
    public static Path write(String export) {
        try {
            Path file = Files.createTempFile("ledger", ".json");
            Files.writeString(file, export);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code verify --validator-set} of the export at the tests' difficulty. */
    public static OfflineVerifierHarness.Result verify(String export, Path validatorSet) {
        return OfflineVerifierHarness.run(
                write(export).toString(),
                "--validator-set",
                validatorSet.toString(),
                "--min-difficulty",
                String.valueOf(NodeIntegrationTest.TEST_DIFFICULTY));
    }
}
