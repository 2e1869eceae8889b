package ml.consensus.privacy;

import java.util.List;
import java.util.Objects;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.MerkleTree;
import ml.consensus.model.Tokenizer;

/**
 * Checks a full set of salted texts against a {@link TextCommitment}: what a validator does with
 * the texts it fetched, and what full verification does before re-deriving a delta. Pure.
 */
public final class CommitmentVerifier {

    private CommitmentVerifier() {}

    /**
     * Checks that {@code texts} are exactly the committed texts: their number, their Merkle root
     * and their token count. The root alone cannot say which text is wrong; when the salted hashes
     * are at hand, {@link #verify(TextCommitment, List, List)} names it.
     *
     * @throws CommitmentMismatchException for the first check that fails, with the computed and
     *         the committed value
     */
    public static void verify(TextCommitment commitment, List<SaltedText> texts) {
        Objects.requireNonNull(commitment, "commitment");
        requireCount(commitment, texts);
        Sha256 root = MerkleTree.root(TextCommitment.hashes(texts));
        if (!root.equals(commitment.root())) {
            throw CommitmentMismatchException.ofBatch("root computed " + root.hex() + ", committed "
                    + commitment.root().hex());
        }
        requireTokenCount(commitment, texts);
    }

    /**
     * Checks {@code texts} against the commitment by way of {@code committedHashes}, the salted
     * hashes in batch order (they reveal nothing without the salts, so a node may publish them):
     * first that those hashes are the commitment's (their number and Merkle root), then each text
     * against its hash, then the token count. A wrong text is named by its index.
     *
     * @throws CommitmentMismatchException for the first check that fails; for a text, with its
     *         index, the computed and the committed hash
     */
    public static void verify(TextCommitment commitment, List<Sha256> committedHashes, List<SaltedText> texts) {
        Objects.requireNonNull(commitment, "commitment");
        Objects.requireNonNull(committedHashes, "committedHashes");
        if (committedHashes.size() != commitment.textCount()) {
            throw CommitmentMismatchException.ofBatch("the commitment counts " + commitment.textCount() + " texts, "
                    + committedHashes.size() + " text hashes given");
        }
        Sha256 root = MerkleTree.root(committedHashes);
        if (!root.equals(commitment.root())) {
            throw CommitmentMismatchException.ofBatch("the text hashes given are not the commitment's: root computed "
                    + root.hex() + ", committed " + commitment.root().hex());
        }
        requireCount(commitment, texts);
        for (int i = 0; i < texts.size(); i++) {
            Sha256 hash = Objects.requireNonNull(texts.get(i), "salted text").hash();
            if (!hash.equals(committedHashes.get(i))) {
                throw CommitmentMismatchException.ofText(
                        i,
                        "hash computed " + hash.hex() + ", committed "
                                + committedHashes.get(i).hex());
            }
        }
        requireTokenCount(commitment, texts);
    }

    private static void requireCount(TextCommitment commitment, List<SaltedText> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.size() != commitment.textCount()) {
            throw CommitmentMismatchException.ofBatch(
                    "the commitment counts " + commitment.textCount() + " texts, got " + texts.size());
        }
    }

    private static void requireTokenCount(TextCommitment commitment, List<SaltedText> texts) {
        long tokens = 0;
        for (SaltedText text : texts) {
            tokens += Tokenizer.tokenize(text.text()).size();
        }
        if (tokens != commitment.tokenCount()) {
            throw CommitmentMismatchException.ofBatch(
                    "token count computed " + tokens + ", committed " + commitment.tokenCount());
        }
    }
}
