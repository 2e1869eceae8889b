package ml.consensus.privacy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.MerkleProofException;
import ml.consensus.ledger.MerkleTree;
import ml.consensus.model.Tokenizer;

/**
 * What a private proposal puts on the ledger instead of its texts: the RFC 6962 Merkle root over
 * the texts' salted hashes ({@link SaltedText#hash()}) in batch order, the number of texts and
 * their total number of tokens ({@link Tokenizer}). The root and the count together fix the
 * tree, so an inclusion proof of one text can be checked against this value alone.
 *
 * <p>The token count is the proposer's claim: only someone who holds the texts can check it
 * ({@link CommitmentVerifier}), and federated averaging weighs deltas by it.
 *
 * @param root       {@code MerkleTree.root(hashes of the salted texts)}
 * @param textCount  number of texts, at least 1
 * @param tokenCount total tokens of the texts, at least 0
 */
public record TextCommitment(Sha256 root, int textCount, long tokenCount) {

    public TextCommitment {
        Objects.requireNonNull(root, "root");
        if (textCount < 1) {
            throw new IllegalArgumentException("a commitment covers at least one text, got " + textCount);
        }
        if (tokenCount < 0) {
            throw new IllegalArgumentException("tokenCount is negative: " + tokenCount);
        }
    }

    /**
     * Salts each text with 32 fresh bytes from {@code random} (in batch order) and commits to the
     * result. The caller supplies the randomness: in production a {@link java.security.SecureRandom},
     * since predictable salts let anyone confirm a guessed text against the ledger.
     *
     * @throws IllegalArgumentException if {@code texts} is empty or holds a null or a lone surrogate
     * @throws IllegalStateException    if {@code random} gives the same salt twice in the batch, which
     *                                  a sound generator does not do in 2^128 tries, and which would
     *                                  show that two equal texts are equal
     */
    public static CommittedTexts commit(List<String> texts, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        requireTexts(texts);
        List<SaltedText> salted = new ArrayList<>(texts.size());
        Set<Sha256> salts = new HashSet<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("text " + i + " is null");
            }
            byte[] salt = new byte[SaltedText.SALT_LENGTH];
            random.nextBytes(salt);
            if (!salts.add(Sha256.ofBytes(salt))) {
                throw new IllegalStateException(
                        "the random generator repeated a salt at text " + i + ": it is not fit to salt private texts");
            }
            salted.add(new SaltedText(salt, text));
        }
        return new CommittedTexts(of(salted), salted);
    }

    /** The commitment to texts already salted, in the given order. */
    public static TextCommitment of(List<SaltedText> texts) {
        requireTexts(texts);
        long tokens = 0;
        for (SaltedText text : texts) {
            tokens += Tokenizer.tokenize(
                            Objects.requireNonNull(text, "salted text").text())
                    .size();
        }
        return new TextCommitment(MerkleTree.root(hashes(texts)), texts.size(), tokens);
    }

    /** The salted hashes of {@code texts}, in order: the data of the Merkle tree's leaves. */
    public static List<Sha256> hashes(List<SaltedText> texts) {
        return texts.stream().map(SaltedText::hash).toList();
    }

    /**
     * Checks that {@code text} salted with {@code salt} is text number {@code index} of this
     * commitment, by the RFC 6962 audit path {@code proof} ({@link CommittedTexts#inclusionProof}).
     * The arguments are taken raw, as they arrive from a peer: a salt of the wrong length or a text
     * with a lone surrogate is a failed proof, not a programming error.
     *
     * @throws CommitmentMismatchException naming the index and the evidence when the proof fails
     */
    public void verifyInclusion(String text, byte[] salt, long index, List<Sha256> proof) {
        int reported = index < 0 || index > Integer.MAX_VALUE ? -1 : (int) index;
        SaltedText salted;
        try {
            salted = new SaltedText(salt, Objects.requireNonNull(text, "text"));
        } catch (IllegalArgumentException e) {
            throw mismatch(reported, e.getMessage());
        }
        try {
            MerkleTree.verifyInclusion(
                    index,
                    textCount,
                    MerkleTree.leafHash(salted.hash().bytes()),
                    Objects.requireNonNull(proof, "proof"),
                    root);
        } catch (MerkleProofException e) {
            throw mismatch(reported, "not in the commitment: " + e.getMessage());
        }
    }

    private static CommitmentMismatchException mismatch(int index, String message) {
        return index < 0
                ? CommitmentMismatchException.ofBatch(message)
                : CommitmentMismatchException.ofText(index, message);
    }

    private static void requireTexts(List<?> texts) {
        if (texts == null || texts.isEmpty()) {
            throw new IllegalArgumentException("a commitment covers at least one text");
        }
    }
}
