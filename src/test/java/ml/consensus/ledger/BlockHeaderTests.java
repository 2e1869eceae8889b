package ml.consensus.ledger;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockHeaderTests {

    private static final HexFormat HEX = HexFormat.of();

    /** The worked example of docs/hashes.md. */
    static BlockHeader workedExample() {
        Sha256 previous = Sha256.digest();
        Sha256 merkleRoot = MerkleTree.root(List.of(Sha256.digest("abc".getBytes(StandardCharsets.US_ASCII))));
        return new BlockHeader(1, "2026-01-01T00:00:00Z", previous, merkleRoot, 8, 232);
    }

    @Test
    void shouldLayOutHeaderBytesAsDocumented() {
        Sha256 previous = Sha256.fromHex("11".repeat(32));
        Sha256 root = Sha256.fromHex("22".repeat(32));
        BlockHeader header = new BlockHeader(0x0102030405060708L, "T", previous, root, 256, 0x8899aabbccddeeffL);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(HEX.parseHex("0102030405060708")); // u64be index
        expected.writeBytes(HEX.parseHex("0001")); // u16be timestamp length
        expected.writeBytes(HEX.parseHex("54")); // "T"
        expected.writeBytes(previous.bytes());
        expected.writeBytes(root.bytes());
        expected.writeBytes(HEX.parseHex("0100")); // u16be difficulty 256
        expected.writeBytes(HEX.parseHex("8899aabbccddeeff")); // u64be nonce, unsigned

        assertThat(header.bytes()).isEqualTo(expected.toByteArray());
        assertThat(header.bytes()).hasSize(8 + 2 + 1 + 32 + 32 + 2 + 8);
    }

    @Test
    void shouldMatchWorkedExampleInDocs() {
        BlockHeader header = workedExample();

        assertThat(header.merkleRoot().hex())
                .isEqualTo("8a7deab2cc5ee003b6394337538a52b3198f1a6ddeb10c7daf62fe1c9834b43b");
        assertThat(HEX.formatHex(header.bytes()))
                .isEqualTo("0000000000000001"
                        + "0014" + "323032362d30312d30315430303a30303a30305a"
                        + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
                        + "8a7deab2cc5ee003b6394337538a52b3198f1a6ddeb10c7daf62fe1c9834b43b"
                        + "0008"
                        + "00000000000000e8");
        assertThat(header.hash().hex()).isEqualTo("001c2f4498fc0da3fdf8841daa8faf73bf9e0f157055995eaee215ca517727ed");
    }

    @Test
    void shouldHashBytesInBlockHeaderDomain() {
        BlockHeader header = workedExample();

        assertThat(header.hash()).isEqualTo(HashDomain.BLOCK_HEADER.hash(header.bytes()));
        assertThat(header.hash())
                .isEqualTo(Sha256.digest(
                        "consensus-ml/block-header/v1".getBytes(StandardCharsets.UTF_8),
                        new byte[] {0},
                        header.bytes()));
        assertThat(header.hash()).isNotEqualTo(Sha256.digest(header.bytes()));
    }

    @Test
    void shouldPutNonceLastAfterPrefix() {
        BlockHeader header = workedExample().withNonce(-2L);

        byte[] bytes = header.bytes();
        byte[] prefix = header.prefixBytes();

        assertThat(bytes).startsWith(prefix).hasSize(prefix.length + 8).endsWith(HEX.parseHex("fffffffffffffffe"));
        assertThat(workedExample().withNonce(7).prefixBytes()).isEqualTo(prefix);
    }

    @Test
    void shouldChangeOnlyNonceWithNonce() {
        BlockHeader header = workedExample();
        BlockHeader other = header.withNonce(233);

        assertThat(other.nonce()).isEqualTo(233);
        assertThat(other)
                .isEqualTo(new BlockHeader(
                        header.index(),
                        header.timestamp(),
                        header.previousHash(),
                        header.merkleRoot(),
                        header.difficulty(),
                        233));
        assertThat(other.hash()).isNotEqualTo(header.hash());
    }

    @Test
    void shouldChangeHashWhenAnyFieldChanges() {
        BlockHeader h = workedExample();

        assertThat(List.of(
                        new BlockHeader(2, h.timestamp(), h.previousHash(), h.merkleRoot(), h.difficulty(), h.nonce()),
                        new BlockHeader(
                                1, "2026-01-01T00:00:01Z", h.previousHash(), h.merkleRoot(), h.difficulty(), h.nonce()),
                        new BlockHeader(1, h.timestamp(), Sha256.ZERO, h.merkleRoot(), h.difficulty(), h.nonce()),
                        new BlockHeader(1, h.timestamp(), h.previousHash(), Sha256.ZERO, h.difficulty(), h.nonce()),
                        new BlockHeader(1, h.timestamp(), h.previousHash(), h.merkleRoot(), 9, h.nonce())))
                .extracting(BlockHeader::hash)
                .doesNotContain(h.hash())
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldAcceptBoundaryValues() {
        String longest = "x".repeat(64);

        BlockHeader header = new BlockHeader(Long.MAX_VALUE, longest, Sha256.ZERO, Sha256.ZERO, 256, Long.MIN_VALUE);

        assertThat(header.bytes()).hasSize(8 + 2 + 64 + 32 + 32 + 2 + 8);
        assertThat(new BlockHeader(0, "", Sha256.ZERO, Sha256.ZERO, 0, 0).bytes())
                .hasSize(84);
    }

    @Test
    void shouldRejectInvalidArguments() {
        Sha256 z = Sha256.ZERO;
        String t = "2026-01-01T00:00:00Z";

        assertThatThrownBy(() -> new BlockHeader(-1, t, z, z, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new BlockHeader(0, "x".repeat(65), z, z, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65");
        assertThatThrownBy(() -> new BlockHeader(0, "2026-01-01T00:00:00Z\u00e9", z, z, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+00E9");
        assertThatThrownBy(() -> new BlockHeader(0, "2026\n", z, z, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ASCII");
        assertThatThrownBy(() -> new BlockHeader(0, t, z, z, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlockHeader(0, t, z, z, 257, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("257");
        assertThatThrownBy(() -> new BlockHeader(0, null, z, z, 0, 0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new BlockHeader(0, t, null, z, 0, 0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new BlockHeader(0, t, z, null, 0, 0)).isInstanceOf(NullPointerException.class);
    }
}
