package ml.consensus.privacy;

import java.util.List;
import java.util.Objects;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.MerkleTree;

/**
 * A batch of salted texts with the commitment to them: what the proposing node keeps (texts and
 * salts in its {@link ContentStore}, the commitment on the ledger).
 *
 * @param commitment {@code TextCommitment.of(texts)}, checked
 * @param texts      the salted texts in batch order, unmodifiable
 */
public record CommittedTexts(TextCommitment commitment, List<SaltedText> texts) {

    /** Throws IllegalArgumentException when {@code commitment} is not the commitment to {@code texts}. */
    public CommittedTexts {
        Objects.requireNonNull(commitment, "commitment");
        texts = List.copyOf(texts);
        TextCommitment actual = TextCommitment.of(texts);
        if (!actual.equals(commitment)) {
            throw new IllegalArgumentException("the commitment " + commitment + " is not that of the texts: " + actual);
        }
    }

    /** The salted hashes of the texts in order ({@link TextCommitment#hashes}). */
    public List<Sha256> hashes() {
        return TextCommitment.hashes(texts);
    }

    /**
     * The RFC 6962 audit path of text {@code index}, for {@link TextCommitment#verifyInclusion}.
     * Throws IllegalArgumentException if the index is not one of the texts.
     */
    public List<Sha256> inclusionProof(int index) {
        return MerkleTree.inclusionProof(hashes(), index);
    }
}
