package ml.consensus.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import ml.consensus.hashing.Sha256;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommitmentVerifierTests {

    private final CommittedTexts committed = TextCommitment.commit(
            List.of("The patient has a fever.", "A dry cough at night.", "Take one tablet.", "Rest and drink water."),
            new SplittableRandom(11));
    private final TextCommitment commitment = committed.commitment();
    private final List<SaltedText> texts = committed.texts();

    @Test
    void shouldAcceptTheCommittedTexts() {
        assertThatCode(() -> CommitmentVerifier.verify(commitment, texts)).doesNotThrowAnyException();
        assertThatCode(() -> CommitmentVerifier.verify(commitment, committed.hashes(), texts))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldNameTheFirstTextThatDoesNotMatch() {
        List<SaltedText> changed = new ArrayList<>(texts);
        changed.set(1, new SaltedText(texts.get(1).salt(), "A dry cough at noon."));
        changed.set(3, new SaltedText(texts.get(0).salt(), texts.get(3).text()));

        assertThatThrownBy(() -> CommitmentVerifier.verify(commitment, committed.hashes(), changed))
                .isInstanceOf(CommitmentMismatchException.class)
                .hasMessage("text 1: hash computed " + changed.get(1).hash().hex() + ", committed "
                        + texts.get(1).hash().hex())
                .satisfies(e ->
                        assertThat(((CommitmentMismatchException) e).index()).hasValue(1));
    }

    @Test
    void shouldNameTheFirstTextWhenTwoAreSwapped() {
        List<SaltedText> swapped = List.of(texts.get(0), texts.get(2), texts.get(1), texts.get(3));

        assertThatThrownBy(() -> CommitmentVerifier.verify(commitment, committed.hashes(), swapped))
                .isInstanceOf(CommitmentMismatchException.class)
                .satisfies(e ->
                        assertThat(((CommitmentMismatchException) e).index()).hasValue(1));
    }

    @Test
    void shouldReportARootMismatchWithoutAnIndexWhenNoHashesAreGiven() {
        List<SaltedText> swapped = List.of(texts.get(0), texts.get(2), texts.get(1), texts.get(3));

        assertThatThrownBy(() -> CommitmentVerifier.verify(commitment, swapped))
                .isInstanceOf(CommitmentMismatchException.class)
                .hasMessageStartingWith("root computed ")
                .hasMessageEndingWith(", committed " + commitment.root().hex())
                .satisfies(e ->
                        assertThat(((CommitmentMismatchException) e).index()).isEmpty());
    }

    @Test
    void shouldRefuseTheWrongNumberOfTexts() {
        assertThatThrownBy(() -> CommitmentVerifier.verify(commitment, texts.subList(0, 3)))
                .isInstanceOf(CommitmentMismatchException.class)
                .hasMessage("the commitment counts 4 texts, got 3");
        assertThatThrownBy(() -> CommitmentVerifier.verify(commitment, committed.hashes(), texts.subList(0, 3)))
                .isInstanceOf(CommitmentMismatchException.class)
                .hasMessage("the commitment counts 4 texts, got 3");
    }

    @Test
    void shouldRefuseHashesThatAreNotTheCommitments() {
        List<Sha256> reordered = List.of(
                committed.hashes().get(1),
                committed.hashes().get(0),
                committed.hashes().get(2),
                committed.hashes().get(3));

        assertThatThrownBy(() -> CommitmentVerifier.verify(commitment, reordered, texts))
                .isInstanceOf(CommitmentMismatchException.class)
                .hasMessageStartingWith("the text hashes given are not the commitment's");
        assertThatThrownBy(() ->
                        CommitmentVerifier.verify(commitment, committed.hashes().subList(0, 2), texts))
                .isInstanceOf(CommitmentMismatchException.class)
                .hasMessage("the commitment counts 4 texts, 2 text hashes given");
    }

    @Test
    void shouldRefuseAFalseTokenCount() {
        // The root is right, the token count (the weight in federated averaging) is inflated.
        TextCommitment inflated = new TextCommitment(commitment.root(), 4, commitment.tokenCount() + 100);

        assertThatThrownBy(() -> CommitmentVerifier.verify(inflated, texts))
                .isInstanceOf(CommitmentMismatchException.class)
                .hasMessage("token count computed " + commitment.tokenCount() + ", committed "
                        + (commitment.tokenCount() + 100));
        assertThatThrownBy(() -> CommitmentVerifier.verify(inflated, committed.hashes(), texts))
                .isInstanceOf(CommitmentMismatchException.class)
                .hasMessageStartingWith("token count computed");
    }
}
