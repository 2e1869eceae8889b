package ml.consensus.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.cli.OfflineVerifierHarness;
import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.MerkleTree;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** A record found by hash prefix, its canonical body, and its RFC 6962 inclusion proof, checked by the verifier. */
class RecordProofIntegrationTests extends NodeIntegrationTest {

    private String latestProposalRecordHash() {
        JsonNode records =
                node.get("/blockchain-history?type=training_proposal").json().get("records");
        return records.get(records.size() - 1).get("record_hash").asString();
    }

    @Test
    void shouldServeTheCanonicalBodyThatHashesToTheRecordHash() {
        propose(List.of("I have a fever"), 0.05);
        String recordHash = latestProposalRecordHash();
        Answer record = node.get("/records/" + recordHash.substring(0, 10));
        assertThat(record.status()).as(record.raw()).isEqualTo(200);
        assertThat(record.text("record_hash")).isEqualTo(recordHash);
        assertThat(record.text("type")).isEqualTo("training_proposal");
        String body = record.text("canonical_body");
        assertThat(HashDomain.RECORD.hash(body.getBytes(StandardCharsets.UTF_8)).hex())
                .isEqualTo(recordHash);
    }

    @Test
    void shouldProveARecordIsInItsBlock() {
        propose(List.of("dry cough"), 0.05);
        String recordHash = latestProposalRecordHash();
        Answer proof = node.get("/records/" + recordHash + "/proof");
        assertThat(proof.status()).as(proof.raw()).isEqualTo(200);
        Sha256 leaf = MerkleTree.leafHash(Sha256.fromHex(recordHash).bytes());
        assertThat(proof.text("leaf_hash")).isEqualTo(leaf.hex());
        List<Sha256> path = new ArrayList<>();
        proof.json().get("proof").forEach(h -> path.add(Sha256.fromHex(h.asString())));
        MerkleTree.verifyInclusion(
                proof.number("leaf_index"),
                proof.number("tree_size"),
                leaf,
                path,
                Sha256.fromHex(proof.text("merkle_root")));
        Answer block = node.get("/blocks/" + proof.number("block_index"));
        assertThat(block.text("merkle_root")).isEqualTo(proof.text("merkle_root"));
        assertThat(block.text("hash")).isEqualTo(proof.text("block_hash"));
    }

    @Test
    void shouldRefuseUnknownAndMalformedRecordHashes() {
        assertThat(node.get("/records/00000000").status()).isEqualTo(404);
        assertThat(node.get("/records/xyz").status()).isEqualTo(400);
        assertThat(node.get("/records/abc/proof").status()).isEqualTo(400);
    }

    @Test
    void shouldLetTheOfflineVerifierCheckAnInclusionProof() throws IOException {
        propose(List.of("sore throat"), 0.05);
        String recordHash = latestProposalRecordHash();
        Path export = Files.createTempFile("ledger", ".json");
        Files.writeString(export, node.get("/export").raw());
        Answer proof = node.get("/records/" + recordHash + "/proof");
        Path proofFile = Files.createTempFile("proof", ".json");
        Files.writeString(proofFile, proof.raw());

        OfflineVerifierHarness.Result valid = OfflineVerifierHarness.run(
                export.toString(),
                "--min-difficulty",
                String.valueOf(TEST_DIFFICULTY),
                "--proof",
                proofFile.toString());
        assertThat(valid.exitCode()).as(valid.output()).isZero();
        assertThat(valid.output())
                .contains("inclusion proof: record " + recordHash)
                .contains(": VALID");

        ObjectNode forged = (ObjectNode) proof.json().deepCopy();
        forged.put(
                "record_hash",
                Sha256.digest("not on the ledger".getBytes(StandardCharsets.UTF_8))
                        .hex());
        Files.writeString(proofFile, forged.toString());
        OfflineVerifierHarness.Result invalid = OfflineVerifierHarness.run(
                export.toString(),
                "--min-difficulty",
                String.valueOf(TEST_DIFFICULTY),
                "--proof",
                proofFile.toString());
        assertThat(invalid.exitCode()).as(invalid.output()).isEqualTo(1);
        assertThat(invalid.output()).contains("RESULT: INVALID (inclusion proof)");
    }
}
