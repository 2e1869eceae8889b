package ml.consensus.validator;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import ml.consensus.hashing.HashDomain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VoteMessageTests {

    private static final String HASH = "3f2a6c1e9b0d4a7f8e5c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f10";
    private static final String OTHER_HASH = "3f2a6c1e9b0d4a7f8e5c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f11";

    @Test
    void shouldSpellOutTheDocumentedText() {
        assertThat(VoteMessage.text("approve", HASH, "validator-alice"))
                .isEqualTo("consensus-ml/vote/v1:approve:" + HASH + ":validator-alice");
        assertThat(VoteMessage.text("reject", HASH, "validator-bob"))
                .isEqualTo("consensus-ml/vote/v1:reject:" + HASH + ":validator-bob");
    }

    @Test
    void shouldSignUtf8OfTheTextWithoutNewline() {
        assertThat(VoteMessage.bytes("approve", HASH, "validator-alice"))
                .isEqualTo(
                        ("consensus-ml/vote/v1:approve:" + HASH + ":validator-alice").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldStartWithTheVoteDomainTag() {
        assertThat(VoteMessage.PREFIX).isEqualTo(HashDomain.VOTE.tag() + ":");
        assertThat(VoteMessage.text("approve", HASH, "a")).startsWith(HashDomain.VOTE.tag() + ":");
    }

    @Test
    void shouldDifferByVoteKindHashAndValidator() {
        String approve = VoteMessage.text("approve", HASH, "validator-alice");

        assertThat(VoteMessage.text("reject", HASH, "validator-alice")).isNotEqualTo(approve);
        assertThat(VoteMessage.text("approve", OTHER_HASH, "validator-alice")).isNotEqualTo(approve);
        assertThat(VoteMessage.text("approve", HASH, "validator-alicf")).isNotEqualTo(approve);
    }

    @Test
    void shouldKeepValidatorIdsWithColonsUnambiguous() {
        assertThat(VoteMessage.text("approve", HASH, "alice:eu@example.org"))
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
        assertThatThrownBy(() -> VoteMessage.text("approve", hash, "validator-alice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("full proposal hash");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Approve", "approved", "yes", "approve ", "reject:"})
    void shouldRefuseAnUnknownVoteKind(String vote) {
        assertThatThrownBy(() -> VoteMessage.text(vote, HASH, "validator-alice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("approve");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"-alice", "alice bob", "alice\n", "al/ice"})
    void shouldRefuseAMalformedValidatorId(String id) {
        assertThatThrownBy(() -> VoteMessage.bytes("approve", HASH, id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validator id");
    }
}
