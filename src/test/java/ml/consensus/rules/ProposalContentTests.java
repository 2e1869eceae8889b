package ml.consensus.rules;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;

import static org.assertj.core.api.Assertions.assertThat;

class ProposalContentTests {

    private static final Sha256 BASE = Sha256.digest("base".getBytes(StandardCharsets.UTF_8));
    private final ProposalContent content = new ProposalContent(
            List.of("I have a fever", "High temperature"), 0.01, 3, BASE, "2026-01-01T12:00:00Z", false);

    @Test
    void shouldHashTheDocumentedCanonicalBytes() {
        String canonical = "{\"allow_rebase\":false,\"learning_rate\":0.01,\"model_hash_before\":\"" + BASE.hex()
                + "\",\"model_version\":3,\"texts\":[\"I have a fever\",\"High temperature\"],"
                + "\"timestamp\":\"2026-01-01T12:00:00Z\"}";
        assertThat(CanonicalJson.canonicalize(content.toJson())).isEqualTo(canonical);
        assertThat(content.hash()).isEqualTo(HashDomain.PROPOSAL.hash(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldBindEveryFieldIntoTheHash() {
        Sha256 hash = content.hash();
        assertThat(new ProposalContent(List.of("I have a fever"), 0.01, 3, BASE, content.timestamp(), false).hash())
                .isNotEqualTo(hash);
        assertThat(new ProposalContent(content.texts(), 0.02, 3, BASE, content.timestamp(), false).hash())
                .isNotEqualTo(hash);
        assertThat(new ProposalContent(content.texts(), 0.01, 4, BASE, content.timestamp(), false).hash())
                .isNotEqualTo(hash);
        assertThat(new ProposalContent(content.texts(), 0.01, 3, Sha256.ZERO, content.timestamp(), false).hash())
                .isNotEqualTo(hash);
        assertThat(new ProposalContent(content.texts(), 0.01, 3, BASE, "2026-01-01T12:00:01Z", false).hash())
                .isNotEqualTo(hash);
        assertThat(new ProposalContent(content.texts(), 0.01, 3, BASE, content.timestamp(), true).hash())
                .isNotEqualTo(hash);
    }

    @Test
    void shouldReadBackWhatItWrites() {
        assertThat(ProposalContent.fromJson(CanonicalJson.parse(CanonicalJson.canonicalize(content.toJson()))))
                .isEqualTo(content);
    }
}
