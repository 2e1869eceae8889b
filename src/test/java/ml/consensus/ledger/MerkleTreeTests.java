package ml.consensus.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ml.consensus.hashing.Sha256;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MerkleTreeTests {

    private static final Path INCLUSION_VECTORS =
            Path.of("src", "test", "resources", "vectors", "rfc6962-merkle", "inclusion");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    /** One transparency-dev/merkle inclusion vector; base64 fields that are null or absent decode to no bytes. */
    // A test value read once and compared by its fields, never used as a key: arrays are fine here.
    @SuppressWarnings("ArrayRecordComponent")
    record InclusionVector(
            String name,
            long leafIdx,
            long treeSize,
            byte[] root,
            byte[] leafHash,
            List<byte[]> proof,
            boolean wantErr) {

        static InclusionVector read(Path file) {
            try {
                JsonNode json = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
                List<byte[]> proof = new ArrayList<>();
                JsonNode proofNode = json.get("proof");
                if (proofNode != null && !proofNode.isNull()) {
                    proofNode.values().forEach(h -> proof.add(base64(h)));
                }
                return new InclusionVector(
                        INCLUSION_VECTORS.relativize(file).toString(),
                        // leafIdx and treeSize are uint64 (one vector has 2^64 - 1): keep the low 64 bits.
                        json.get("leafIdx").bigIntegerValue().longValue(),
                        json.get("treeSize").bigIntegerValue().longValue(),
                        base64(json.get("root")),
                        base64(json.get("leafHash")),
                        proof,
                        json.get("wantErr").booleanValue());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
        }

        private static byte[] base64(JsonNode node) {
            return node == null || node.isNull()
                    ? new byte[0]
                    : Base64.getDecoder().decode(node.stringValue());
        }

        boolean allHashesAre32Bytes() {
            return root.length == 32 && leafHash.length == 32 && proof.stream().allMatch(h -> h.length == 32);
        }

        Sha256 typedRoot() {
            return Sha256.ofBytes(root);
        }

        Sha256 typedLeafHash() {
            return Sha256.ofBytes(leafHash);
        }

        List<Sha256> typedProof() {
            return proof.stream().map(Sha256::ofBytes).toList();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<InclusionVector> inclusionVectors() throws IOException {
        if (!Files.isDirectory(INCLUSION_VECTORS)) {
            throw new IllegalStateException(
                    "RFC 6962 inclusion vectors missing: " + INCLUSION_VECTORS.toAbsolutePath());
        }
        try (Stream<Path> files = Files.walk(INCLUSION_VECTORS)) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .sorted()
                    .map(InclusionVector::read)
                    .toList();
        }
    }

    @Test
    void shouldFindHappyAndTamperedInclusionVectors() throws IOException {
        List<InclusionVector> vectors = inclusionVectors();

        assertThat(vectors).filteredOn(InclusionVector::wantErr).hasSizeGreaterThan(50);
        assertThat(vectors).filteredOn(v -> !v.wantErr()).hasSizeGreaterThanOrEqualTo(6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inclusionVectors")
    void shouldAgreeWithTransparencyDevInclusionVector(InclusionVector v) {
        if (v.wantErr()) {
            assertThatThrownBy(() ->
                            MerkleTree.verifyInclusion(v.leafIdx(), v.treeSize(), v.leafHash(), v.proof(), v.root()))
                    .isInstanceOf(MerkleProofException.class);
            if (v.allHashesAre32Bytes()) {
                assertThatThrownBy(() -> MerkleTree.verifyInclusion(
                                v.leafIdx(), v.treeSize(), v.typedLeafHash(), v.typedProof(), v.typedRoot()))
                        .isInstanceOf(MerkleProofException.class);
            }
        } else {
            assertThatCode(() ->
                            MerkleTree.verifyInclusion(v.leafIdx(), v.treeSize(), v.leafHash(), v.proof(), v.root()))
                    .doesNotThrowAnyException();
            assertThatCode(() -> MerkleTree.verifyInclusion(
                            v.leafIdx(), v.treeSize(), v.typedLeafHash(), v.typedProof(), v.typedRoot()))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void shouldMatchRfc6962KnownAnswerForTheEightTestLeaves() {
        // The leaves of the RFC 6962 reference tests (Certificate Transparency, transparency-dev/merkle).
        List<Sha256> leaves = Stream.of(
                        "",
                        "00",
                        "10",
                        "2021",
                        "3031",
                        "40414243",
                        "5051525354555657",
                        "606162636465666768696a6b6c6d6e6f")
                .map(h -> MerkleTree.leafHash(HEX.parseHex(h)))
                .toList();
        Sha256 root = MerkleTree.nodeHash(
                MerkleTree.nodeHash(
                        MerkleTree.nodeHash(leaves.get(0), leaves.get(1)),
                        MerkleTree.nodeHash(leaves.get(2), leaves.get(3))),
                MerkleTree.nodeHash(
                        MerkleTree.nodeHash(leaves.get(4), leaves.get(5)),
                        MerkleTree.nodeHash(leaves.get(6), leaves.get(7))));

        assertThat(leaves.get(0).hex()).isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
        assertThat(root.hex()).isEqualTo("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    }

    @Test
    void shouldUseRfc6962LeafAndNodePrefixes() throws Exception {
        Sha256 a = recordHash(1);
        Sha256 b = recordHash(2);

        assertThat(MerkleTree.leafHash(a.bytes())).isEqualTo(Sha256.digest(new byte[] {0x00}, a.bytes()));
        assertThat(MerkleTree.nodeHash(a, b)).isEqualTo(Sha256.digest(new byte[] {0x01}, a.bytes(), b.bytes()));
        assertThat(MerkleTree.nodeHash(a, b)).isNotEqualTo(MerkleTree.nodeHash(b, a));
    }

    @Test
    void shouldGiveHashOfEmptyStringAsRootOfNoRecords() {
        assertThat(MerkleTree.root(List.of()).hex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void shouldMatchTwoRecordExampleInDocs() {
        Sha256 abc = Sha256.digest("abc".getBytes(StandardCharsets.US_ASCII));
        Sha256 empty = Sha256.digest();

        assertThat(MerkleTree.root(List.of(abc)).hex())
                .isEqualTo("8a7deab2cc5ee003b6394337538a52b3198f1a6ddeb10c7daf62fe1c9834b43b");
        assertThat(MerkleTree.root(List.of(abc, empty)).hex())
                .isEqualTo("fb12d6ae208106a73219c7c61bcebf429a6d9ae5c1dc35159a205814458234c5");
        assertThat(MerkleTree.inclusionProof(List.of(abc, empty), 0))
                .extracting(Sha256::hex)
                .containsExactly("4e59bf27372b1304bc0b137d1be9d566ad58b154b6a6b5778af7f414b1d4b84c");
    }

    @Test
    void shouldGiveLeafHashAsRootOfOneRecord() {
        Sha256 record = recordHash(7);

        assertThat(MerkleTree.root(List.of(record))).isEqualTo(MerkleTree.leafHash(record.bytes()));
    }

    @Test
    void shouldComputeRootAsRfc6962DefinesIt() {
        for (int n = 0; n <= 70; n++) {
            List<Sha256> records = records(n);

            assertThat(MerkleTree.root(records).hex())
                    .as("root of %d records", n)
                    .isEqualTo(HEX.formatHex(referenceRoot(records)));
        }
    }

    @Test
    void shouldChangeRootWhenRecordsChangeOrMove() {
        List<Sha256> records = records(5);
        List<Sha256> swapped = new ArrayList<>(records);
        swapped.set(1, records.get(2));
        swapped.set(2, records.get(1));
        List<Sha256> changed = new ArrayList<>(records);
        changed.set(4, recordHash(99));

        assertThat(MerkleTree.root(swapped)).isNotEqualTo(MerkleTree.root(records));
        assertThat(MerkleTree.root(changed)).isNotEqualTo(MerkleTree.root(records));
        assertThat(MerkleTree.root(records.subList(0, 4))).isNotEqualTo(MerkleTree.root(records));
    }

    @Test
    void shouldBuildAuditPathAsRfc6962DefinesIt() {
        for (int n = 1; n <= 20; n++) {
            List<Sha256> records = records(n);
            for (int i = 0; i < n; i++) {
                List<String> expected =
                        referencePath(i, records).stream().map(HEX::formatHex).toList();

                assertThat(MerkleTree.inclusionProof(records, i))
                        .as("path of %d in %d", i, n)
                        .extracting(Sha256::hex)
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void shouldVerifyEveryInclusionProofOfTreesUpToTwenty() {
        for (int n = 1; n <= 20; n++) {
            List<Sha256> records = records(n);
            Sha256 root = MerkleTree.root(records);
            for (int i = 0; i < n; i++) {
                Sha256 leaf = MerkleTree.leafHash(records.get(i).bytes());
                List<Sha256> proof = MerkleTree.inclusionProof(records, i);
                long index = i;
                long size = n;

                assertThatCode(() -> MerkleTree.verifyInclusion(index, size, leaf, proof, root))
                        .as("leaf %d of %d", i, n)
                        .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void shouldRefuseEveryProofWithOneFlippedBit() {
        for (int n = 2; n <= 20; n++) {
            List<Sha256> records = records(n);
            Sha256 root = MerkleTree.root(records);
            for (int i = 0; i < n; i++) {
                Sha256 leaf = MerkleTree.leafHash(records.get(i).bytes());
                List<Sha256> proof = MerkleTree.inclusionProof(records, i);
                for (int k = 0; k < proof.size(); k++) {
                    List<Sha256> tampered = new ArrayList<>(proof);
                    tampered.set(k, flipBit(proof.get(k), (i * 31 + k * 7) % 256));
                    long index = i;
                    long size = n;

                    assertThatThrownBy(() -> MerkleTree.verifyInclusion(index, size, leaf, tampered, root))
                            .as("leaf %d of %d, proof[%d] flipped", i, n, k)
                            .isInstanceOf(MerkleProofException.class)
                            .hasMessageContaining("computed root")
                            .hasMessageContaining("expected " + root.hex());
                }
            }
        }
    }

    @Test
    void shouldRefuseWrongLeafWrongIndexAndFlippedRoot() {
        List<Sha256> records = records(13);
        Sha256 root = MerkleTree.root(records);
        Sha256 leaf = MerkleTree.leafHash(records.get(5).bytes());
        List<Sha256> proof = MerkleTree.inclusionProof(records, 5);

        assertThatThrownBy(() -> MerkleTree.verifyInclusion(
                        5, 13, MerkleTree.leafHash(records.get(6).bytes()), proof, root))
                .isInstanceOf(MerkleProofException.class);
        assertThatThrownBy(() -> MerkleTree.verifyInclusion(4, 13, leaf, proof, root))
                .isInstanceOf(MerkleProofException.class);
        assertThatThrownBy(() -> MerkleTree.verifyInclusion(5, 13, leaf, proof, flipBit(root, 255)))
                .isInstanceOf(MerkleProofException.class);
        // The record hash itself is not the leaf hash: a leaf can never pass for its data.
        assertThatThrownBy(() -> MerkleTree.verifyInclusion(5, 13, records.get(5), proof, root))
                .isInstanceOf(MerkleProofException.class);
    }

    @Test
    void shouldExplainFailuresWithEvidence() {
        List<Sha256> records = records(3);
        Sha256 root = MerkleTree.root(records);
        Sha256 leaf = MerkleTree.leafHash(records.get(0).bytes());
        List<Sha256> proof = MerkleTree.inclusionProof(records, 0);
        List<Sha256> longer = new ArrayList<>(proof);
        longer.add(root);

        assertThatThrownBy(() -> MerkleTree.verifyInclusion(5, 3, leaf, proof, root))
                .isInstanceOf(MerkleProofException.class)
                .hasMessage("index 5 out of range for size 3");
        assertThatThrownBy(() -> MerkleTree.verifyInclusion(-1, 3, leaf, proof, root))
                .isInstanceOf(MerkleProofException.class)
                .hasMessage("index 18446744073709551615 out of range for size 3");
        assertThatThrownBy(() -> MerkleTree.verifyInclusion(0, 3, leaf, longer, root))
                .isInstanceOf(MerkleProofException.class)
                .hasMessage("leaf 0 of tree size 3: proof has 3 hashes, expected 2");
        Sha256 wrongRoot = recordHash(42);
        assertThatThrownBy(() -> MerkleTree.verifyInclusion(0, 3, leaf, proof, wrongRoot))
                .isInstanceOf(MerkleProofException.class)
                .hasMessage("leaf 0 of tree size 3: computed root " + root.hex() + ", expected " + wrongRoot.hex());
        assertThatThrownBy(() -> MerkleTree.verifyInclusion(0, 3, new byte[9], List.of(), root.bytes()))
                .isInstanceOf(MerkleProofException.class)
                .hasMessageStartingWith("leaf hash has 9 bytes, expected 32");
        assertThatThrownBy(() -> MerkleTree.verifyInclusion(
                        0, 3, leaf.bytes(), List.of(new byte[0], new byte[32]), root.bytes()))
                .isInstanceOf(MerkleProofException.class)
                .hasMessage("proof[0] has 0 bytes, expected 32: (empty)");
    }

    @Test
    void shouldRefuseProofForIndexOutsideTheRecords() {
        List<Sha256> records = records(4);

        assertThatThrownBy(() -> MerkleTree.inclusionProof(records, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index 4 out of range for 4 records");
        assertThatThrownBy(() -> MerkleTree.inclusionProof(records, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.inclusionProof(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Sha256 recordHash(int i) {
        return Sha256.digest(("record " + i).getBytes(StandardCharsets.UTF_8));
    }

    private static List<Sha256> records(int n) {
        return IntStream.range(0, n).mapToObj(MerkleTreeTests::recordHash).toList();
    }

    private static Sha256 flipBit(Sha256 hash, int bit) {
        byte[] bytes = hash.bytes();
        bytes[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
        return Sha256.ofBytes(bytes);
    }

    // Reference implementation, written straight from RFC 6962 §2.1 with nothing shared with MerkleTree.

    private static byte[] sha256(byte prefix, byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(prefix);
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int split(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    /** MTH(D[n]). */
    private static byte[] referenceRoot(List<Sha256> d) {
        int n = d.size();
        if (n == 0) {
            try {
                return MessageDigest.getInstance("SHA-256").digest();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (n == 1) {
            return sha256((byte) 0x00, d.get(0).bytes());
        }
        int k = split(n);
        return sha256((byte) 0x01, referenceRoot(d.subList(0, k)), referenceRoot(d.subList(k, n)));
    }

    /** PATH(m, D[n]). */
    private static List<byte[]> referencePath(int m, List<Sha256> d) {
        int n = d.size();
        List<byte[]> path = new ArrayList<>();
        if (n > 1) {
            int k = split(n);
            if (m < k) {
                path.addAll(referencePath(m, d.subList(0, k)));
                path.add(referenceRoot(d.subList(k, n)));
            } else {
                path.addAll(referencePath(m - k, d.subList(k, n)));
                path.add(referenceRoot(d.subList(0, k)));
            }
        }
        return path;
    }
}
