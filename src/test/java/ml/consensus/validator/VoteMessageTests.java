package ml.consensus.validator;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VoteMessageTests {

    private static final String HASH = "3f2a6c1e9b0d4a7f8e5c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f10";
    private static final String OTHER_HASH = "3f2a6c1e9b0d4a7f8e5c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f11";
    private static final String LEDGER = "aa00000000000000000000000000000000000000000000000000000000000001";
    private static final String OTHER_LEDGER = "aa00000000000000000000000000000000000000000000000000000000000002";
    private static final LedgerBinding V1 = LedgerBinding.LEGACY;
    private static final LedgerBinding V2 = LedgerBinding.of(Sha256.fromHex(LEDGER));

    @Test
    void shouldSpellOutTheDocumentedText() {
        assertThat(VoteMessage.text(V1, "approve", HASH, "validator-alice"))
                .isEqualTo("consensus-ml/vote/v1:approve:" + HASH + ":validator-alice");
        assertThat(VoteMessage.text(V1, "reject", HASH, "validator-bob"))
                .isEqualTo("consensus-ml/vote/v1:reject:" + HASH + ":validator-bob");
    }

    @Test
    void shouldSignUtf8OfTheTextWithoutNewline() {
        assertThat(VoteMessage.bytes(V1, "approve", HASH, "validator-alice"))
                .isEqualTo(
                        ("consensus-ml/vote/v1:approve:" + HASH + ":validator-alice").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldStartWithTheVoteDomainTag() {
        assertThat(VoteMessage.DOMAIN + "/v1").isEqualTo(HashDomain.VOTE.tag());
        assertThat(VoteMessage.text(V1, "approve", HASH, "a")).startsWith(HashDomain.VOTE.tag() + ":");
    }

    @Test
    void shouldNameTheLedgerInVersion2() {
        assertThat(VoteMessage.text(V2, "approve", HASH, "validator-alice"))
                .isEqualTo("consensus-ml/vote/v2:" + LEDGER + ":approve:" + HASH + ":validator-alice");
        assertThat(StakeMessage.text(V2, "unbond", "validator-alice", 30, 2))
                .isEqualTo("consensus-ml/stake/v2:" + LEDGER + ":unbond:validator-alice:30:2");
        assertThat(WithdrawalMessage.text(V2, HASH)).isEqualTo("consensus-ml/withdraw/v2:" + LEDGER + ":" + HASH);
        assertThat(StakeMessage.text(V1, "unbond", "validator-alice", 30, 2))
                .isEqualTo("consensus-ml/stake/v1:unbond:validator-alice:30:2");
        assertThat(WithdrawalMessage.text(V1, HASH)).isEqualTo("consensus-ml/withdraw/v1:" + HASH);
    }

    @Test
    void shouldDifferByLedgerAndVersion() {
        String v2 = VoteMessage.text(V2, "approve", HASH, "validator-alice");
        LedgerBinding other = LedgerBinding.of(Sha256.fromHex(OTHER_LEDGER));

        assertThat(VoteMessage.text(other, "approve", HASH, "validator-alice")).isNotEqualTo(v2);
        assertThat(VoteMessage.text(V1, "approve", HASH, "validator-alice")).isNotEqualTo(v2);
        assertThat(StakeMessage.text(other, "unbond", "a", 1, 0))
                .isNotEqualTo(StakeMessage.text(V2, "unbond", "a", 1, 0));
    }

    @Test
    void shouldDifferByVoteKindHashAndValidator() {
        String approve = VoteMessage.text(V1, "approve", HASH, "validator-alice");

        assertThat(VoteMessage.text(V1, "reject", HASH, "validator-alice")).isNotEqualTo(approve);
        assertThat(VoteMessage.text(V1, "approve", OTHER_HASH, "validator-alice"))
                .isNotEqualTo(approve);
        assertThat(VoteMessage.text(V1, "approve", HASH, "validator-alicf")).isNotEqualTo(approve);
    }

    @Test
    void shouldKeepValidatorIdsWithColonsUnambiguous() {
        assertThat(VoteMessage.text(V1, "approve", HASH, "alice:eu@example.org"))
                .isEqualTo("consensus-ml/vote/v1:approve:" + HASH + ":alice:eu@example.org");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "3f2a6c1e",
                "3f2a6c1e9b0d4a7f8e5c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1",
                "3F2A6C1E9B0D4A7F8E5C2B1A0F9E8D7C6B5A4F3E2D1C0B9A8F7E6D5C4B3A2F10",
                "zf2a6c1e9b0d4a7f8e5c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f10",
                "3f2a6c1e9b0d4a7f8e5c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f100"
            })
    void shouldRefuseAPrefixOrNonHexHash(String hash) {
        assertThatThrownBy(() -> VoteMessage.text(V1, "approve", hash, "validator-alice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("full proposal hash");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Approve", "approved", "yes", "approve ", "reject:"})
    void shouldRefuseAnUnknownVoteKind(String vote) {
        assertThatThrownBy(() -> VoteMessage.text(V1, vote, HASH, "validator-alice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("approve");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"-alice", "alice bob", "alice\n", "al/ice"})
    void shouldRefuseAMalformedValidatorId(String id) {
        assertThatThrownBy(() -> VoteMessage.bytes(V1, "approve", HASH, id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validator id");
    }
}
