package ml.consensus.hashing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Every kind of hash this system defines, each with its own domain-separation tag, so that the
 * bytes hashed for one kind can never produce a hash that passes for another kind.
 *
 * <p>{@code hash(payload) = SHA-256(UTF-8(tag) || 0x00 || payload)}. The tags are part of the
 * ledger format (docs/ledger-format.md): changing one changes every hash of that kind.
 * Merkle leaves and nodes are the exception: they follow RFC 6962 (prefix bytes 0x00 and 0x01)
 * so that standard Merkle tooling can check our inclusion proofs.
 */
public enum HashDomain {
    BLOCK_HEADER("consensus-ml/block-header/v1"),
    RECORD("consensus-ml/record/v1"),
    PROPOSAL("consensus-ml/proposal/v1"),
    MODEL("consensus-ml/model/v1"),
    VOTE("consensus-ml/vote/v1"),
    TRAINING_SEED("consensus-ml/training-seed/v1"),
    EVALUATION_SET("consensus-ml/evaluation-set/v1"),
    STAKE("consensus-ml/stake/v1"),
    /** One private training text with its salt: {@code salt || UTF-8(text)} (docs/privacy.md). */
    PRIVATE_TEXT("consensus-ml/private-text/v1"),
    /** The canonical serialization of a model delta (docs/privacy.md). */
    MODEL_DELTA("consensus-ml/model-delta/v1");

    private final String tag;
    // Never handed out: prefix() returns a copy, so the constant stays immutable.
    @SuppressWarnings("ImmutableEnumChecker")
    private final byte[] prefix;

    HashDomain(String tag) {
        this.tag = tag;
        byte[] tagBytes = tag.getBytes(StandardCharsets.UTF_8);
        this.prefix = new byte[tagBytes.length + 1];
        System.arraycopy(tagBytes, 0, prefix, 0, tagBytes.length);
        // prefix[last] stays 0x00: the separator between tag and payload.
    }

    public String tag() {
        return tag;
    }

    /** The bytes hashed before any payload: UTF-8 tag followed by one zero byte. */
    public byte[] prefix() {
        return prefix.clone();
    }

    /** SHA-256 over this domain's prefix and the payload. */
    public Sha256 hash(byte[] payload) {
        return Sha256.digest(prefix, payload);
    }

    /** A digest already fed with this domain's prefix, for callers that stream their payload. */
    public MessageDigest newDigest() {
        MessageDigest digest = Sha256.newDigest();
        digest.update(prefix);
        return digest;
    }
}
