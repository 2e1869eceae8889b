package ml.consensus.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.MerkleTree;

import static ml.consensus.privacy.SaltedTextTests.SALT_0;
import static ml.consensus.privacy.SaltedTextTests.SALT_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextCommitmentTests {

    private static final List<String> TEXTS = List.of("I have a fever", "Fièvre et toux");

    @Test
    void shouldMatchTheWorkedExample() {
        TextCommitment commitment =
                TextCommitment.of(List.of(new SaltedText(SALT_0, TEXTS.get(0)), new SaltedText(SALT_1, TEXTS.get(1))));

        // docs/privacy.md: node(leaf(h0), leaf(h1)) by RFC 6962, computed with sha256sum.
        assertThat(commitment.root().hex())
                .isEqualTo("ff625487093d2cff9e62b20a79b401c64f165dffe15f49a00be8b2722836067e");
        assertThat(commitment.textCount()).isEqualTo(2);
        assertThat(commitment.tokenCount()).isEqualTo(7);
    }

    @Test
    void shouldTakeTheMerkleRootOfTheSaltedHashesInOrder() {
        CommittedTexts committed = TextCommitment.commit(List.of("a", "b", "c"), new SplittableRandom(1));
        List<Sha256> hashes = committed.texts().stream().map(SaltedText::hash).toList();

        assertThat(committed.commitment().root()).isEqualTo(MerkleTree.root(hashes));
        assertThat(committed.hashes()).isEqualTo(hashes);
        List<SaltedText> swapped = List.of(
                committed.texts().get(1),
                committed.texts().get(0),
                committed.texts().get(2));
        assertThat(TextCommitment.of(swapped).root())
                .isNotEqualTo(committed.commitment().root());
    }

    @Test
    void shouldCountTokensWithTheProjectTokenizer() {
        CommittedTexts committed =
                TextCommitment.commit(List.of("Don't X-ray!", "", "39.5 ＦＥＶＥＲ"), new SplittableRandom(2));

        // don, t, x, ray + (none) + 39, 5, fever
        assertThat(committed.commitment().tokenCount()).isEqualTo(7);
        assertThat(committed.commitment().textCount()).isEqualTo(3);
    }

    @Test
    void shouldSaltEachTextWithFreshBytesFromTheGivenRandomness() {
        CommittedTexts first = TextCommitment.commit(List.of("fever", "fever"), new Random(7));
        CommittedTexts again = TextCommitment.commit(List.of("fever", "fever"), new Random(7));
        CommittedTexts other = TextCommitment.commit(List.of("fever", "fever"), new Random(8));

        assertThat(first.texts().get(0).salt())
                .isNotEqualTo(first.texts().get(1).salt());
        assertThat(first.texts().get(0).hash())
                .isNotEqualTo(first.texts().get(1).hash());
        byte[] expected = new byte[32];
        new Random(7).nextBytes(expected);
        assertThat(first.texts().get(0).salt()).isEqualTo(expected);
        assertThat(again).isEqualTo(first);
        assertThat(other.commitment().root()).isNotEqualTo(first.commitment().root());
    }

    @Test
    void shouldRefuseRandomnessThatRepeatsASalt() {
        RandomGenerator zeros = () -> 0L;

        assertThatIllegalStateException()
                .isThrownBy(() -> TextCommitment.commit(List.of("a", "b"), zeros))
                .withMessageContaining("repeated a salt at text 1");
    }

    @Test
    void shouldRefuseAnEmptyBatchOrANullText() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TextCommitment.commit(List.of(), new SplittableRandom(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> TextCommitment.of(List.of()));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TextCommitment.commit(Arrays.asList("a", null), new SplittableRandom(1)))
                .withMessageContaining("text 1 is null");
        assertThatIllegalArgumentException().isThrownBy(() -> new TextCommitment(Sha256.ZERO, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new TextCommitment(Sha256.ZERO, 1, -1));
    }

    @Test
    void shouldProveEveryTextOfBatchesOfOneToNineTexts() {
        for (int size = 1; size <= 9; size++) {
            List<String> texts =
                    IntStream.range(0, size).mapToObj(i -> "text number " + i).toList();
            CommittedTexts committed = TextCommitment.commit(texts, new SplittableRandom(size));
            for (int i = 0; i < size; i++) {
                SaltedText text = committed.texts().get(i);
                List<Sha256> proof = committed.inclusionProof(i);
                long index = i;

                assertThatCode(() -> committed.commitment().verifyInclusion(text.text(), text.salt(), index, proof))
                        .as("text %d of %d", i, size)
                        .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void shouldRefuseAProofOfAnotherTextSaltOrIndex() {
        CommittedTexts committed =
                TextCommitment.commit(List.of("a fever", "a cough", "a rash"), new SplittableRandom(3));
        TextCommitment commitment = committed.commitment();
        SaltedText text = committed.texts().get(1);
        List<Sha256> proof = committed.inclusionProof(1);
        byte[] otherSalt = text.salt();
        otherSalt[0] ^= 1;

        assertThatThrownBy(() -> commitment.verifyInclusion("a Cough", text.salt(), 1, proof))
                .isInstanceOf(CommitmentMismatchException.class)
                .hasMessageStartingWith("text 1: not in the commitment: leaf 1 of tree size 3: computed root")
                .satisfies(e ->
                        assertThat(((CommitmentMismatchException) e).index()).hasValue(1));
        assertThatThrownBy(() -> commitment.verifyInclusion(text.text(), otherSalt, 1, proof))
                .isInstanceOf(CommitmentMismatchException.class);
        assertThatThrownBy(() -> commitment.verifyInclusion(text.text(), text.salt(), 0, proof))
                .isInstanceOf(CommitmentMismatchException.class);
        assertThatThrownBy(() -> commitment.verifyInclusion(text.text(), text.salt(), 3, proof))
                .isInstanceOf(CommitmentMismatchException.class)
                .hasMessageContaining("out of range for size 3");
        assertThatThrownBy(() -> commitment.verifyInclusion(text.text(), text.salt(), -1, proof))
                .isInstanceOf(CommitmentMismatchException.class)
                .satisfies(e ->
                        assertThat(((CommitmentMismatchException) e).index()).isEmpty());
    }

    @Test
    void shouldRefuseATamperedOrMisshapenProof() {
        CommittedTexts committed =
                TextCommitment.commit(List.of("a fever", "a cough", "a rash"), new SplittableRandom(4));
        TextCommitment commitment = committed.commitment();
        SaltedText text = committed.texts().get(2);
        List<Sha256> proof = committed.inclusionProof(2);
        List<Sha256> tampered = new ArrayList<>(proof);
        byte[] first = tampered.get(0).bytes();
        first[31] ^= 1;
        tampered.set(0, Sha256.ofBytes(first));
        List<Sha256> longer = new ArrayList<>(proof);
        longer.add(Sha256.ZERO);

        assertThatThrownBy(() -> commitment.verifyInclusion(text.text(), text.salt(), 2, tampered))
                .isInstanceOf(CommitmentMismatchException.class);
        assertThatThrownBy(() -> commitment.verifyInclusion(text.text(), text.salt(), 2, longer))
                .isInstanceOf(CommitmentMismatchException.class)
                .hasMessageContaining("proof has 2 hashes, expected 1");
        assertThatThrownBy(() -> commitment.verifyInclusion(text.text(), new byte[5], 2, proof))
                .isInstanceOf(CommitmentMismatchException.class)
                .hasMessageContaining("32 bytes, got 5");
        assertThatThrownBy(() -> commitment.verifyInclusion("\uD800", text.salt(), 2, proof))
                .isInstanceOf(CommitmentMismatchException.class);
        TextCommitment wrongCount = new TextCommitment(commitment.root(), 4, commitment.tokenCount());
        assertThatThrownBy(() -> wrongCount.verifyInclusion(text.text(), text.salt(), 2, proof))
                .isInstanceOf(CommitmentMismatchException.class);
    }

    @Test
    void shouldRefuseACommitmentThatIsNotThatOfTheTexts() {
        CommittedTexts committed = TextCommitment.commit(List.of("a fever"), new SplittableRandom(5));
        TextCommitment inflated = new TextCommitment(committed.commitment().root(), 1, 1000);

        assertThatIllegalArgumentException().isThrownBy(() -> new CommittedTexts(inflated, committed.texts()));
    }

    @Test
    void shouldDrawDistinctSaltsFromASecureRandom() {
        Set<Sha256> salts = new HashSet<>();
        CommittedTexts committed = TextCommitment.commit(
                IntStream.range(0, 100).mapToObj(i -> "same").toList(), new java.security.SecureRandom());
        committed.texts().forEach(t -> salts.add(Sha256.ofBytes(t.salt())));

        assertThat(salts).hasSize(100);
    }
}
