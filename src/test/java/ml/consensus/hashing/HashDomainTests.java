package ml.consensus.hashing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class HashDomainTests {

    private static final byte[] PAYLOAD = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldKeepTheDocumentedTags() {
        // Part of the ledger format (docs/hashes.md): changing a tag changes every hash of its kind.
        Map<HashDomain, String> tags =
                Arrays.stream(HashDomain.values()).collect(Collectors.toMap(d -> d, HashDomain::tag));

        assertThat(tags)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        HashDomain.BLOCK_HEADER, "consensus-ml/block-header/v1",
                        HashDomain.RECORD, "consensus-ml/record/v1",
                        HashDomain.PROPOSAL, "consensus-ml/proposal/v1",
                        HashDomain.MODEL, "consensus-ml/model/v1",
                        HashDomain.VOTE, "consensus-ml/vote/v1",
                        HashDomain.TRAINING_SEED, "consensus-ml/training-seed/v1",
                        HashDomain.EVALUATION_SET, "consensus-ml/evaluation-set/v1",
                        HashDomain.STAKE, "consensus-ml/stake/v1",
                        HashDomain.PRIVATE_TEXT, "consensus-ml/private-text/v1",
                        HashDomain.MODEL_DELTA, "consensus-ml/model-delta/v1"));
    }

    @ParameterizedTest
    @EnumSource(HashDomain.class)
    void shouldHashTagThenZeroByteThenPayload(HashDomain domain) throws NoSuchAlgorithmException {
        MessageDigest independent = MessageDigest.getInstance("SHA-256");
        independent.update(domain.tag().getBytes(StandardCharsets.UTF_8));
        independent.update((byte) 0x00);
        independent.update(PAYLOAD);
        String expected = HexFormat.of().formatHex(independent.digest());

        assertThat(domain.hash(PAYLOAD).hex()).isEqualTo(expected);
        MessageDigest streamed = domain.newDigest();
        streamed.update(PAYLOAD);
        assertThat(HexFormat.of().formatHex(streamed.digest())).isEqualTo(expected);
    }

    @Test
    void shouldMatchKnownAnswerForRecordDomain() {
        // printf 'consensus-ml/record/v1\0{"a":1}' | sha256sum
        assertThat(HashDomain.RECORD.hash(PAYLOAD).hex())
                .isEqualTo("5b4e6b2a0194b141679f1310c7c160c962ec12cef761dc678155d1226d4a624d");
    }

    @Test
    void shouldSeparateDomains() {
        long distinct = Arrays.stream(HashDomain.values())
                .map(d -> d.hash(PAYLOAD))
                .distinct()
                .count();

        assertThat(distinct).isEqualTo(HashDomain.values().length);
        assertThat(HashDomain.RECORD.hash(PAYLOAD)).isNotEqualTo(Sha256.digest(PAYLOAD));
    }

    @Test
    void shouldEndPrefixWithOneZeroByteAndCopyIt() {
        byte[] prefix = HashDomain.VOTE.prefix();

        assertThat(prefix).hasSize("consensus-ml/vote/v1".length() + 1);
        assertThat(prefix[prefix.length - 1]).isZero();
        prefix[0] = 'X';
        assertThat(HashDomain.VOTE.prefix()[0]).isEqualTo((byte) 'c');
    }
}
