package ml.consensus.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class TokenizerTests {

    @Test
    void shouldLowerCaseAndDropPunctuation() {
        assertThat(Tokenizer.tokenize("I have a FEVER!  High temperature, 39.5°C?"))
                .containsExactly("i", "have", "a", "fever", "high", "temperature", "39", "5", "c");
    }

    @Test
    void shouldSplitOnApostrophes() {
        assertThat(Tokenizer.tokenize("Don't stop the patient's medication"))
                .containsExactly("don", "t", "stop", "the", "patient", "s", "medication");
    }

    @Test
    void shouldNormaliseFullWidthLettersAndLigatures() {
        assertThat(Tokenizer.tokenize("ＦＥＶＥＲ ﬁnding ①")).containsExactly("fever", "finding", "1");
    }

    @Test
    void shouldComposeCombiningAccents() {
        assertThat(Tokenizer.tokenize("Fie\u0300vre")).containsExactly("fièvre");
        assertThat(Tokenizer.tokenize("fièvre")).isEqualTo(Tokenizer.tokenize("Fie\u0300vre"));
    }

    @Test
    void shouldKeepUnicodeLettersOfOtherScripts() {
        assertThat(Tokenizer.tokenize("Лихорадка и КАШЕЛЬ; 发烧 · Ψύχος"))
                .containsExactly("лихорадка", "и", "кашель", "发烧", "ψύχος");
    }

    @Test
    void shouldKeepVowelSignsInsideWords() {
        assertThat(Tokenizer.tokenize("बुखार है")).containsExactly("बुखार", "है");
    }

    @Test
    void shouldReturnNoTokensForEmptyOrBlankOrPunctuationOnlyText() {
        assertThat(Tokenizer.tokenize("")).isEmpty();
        assertThat(Tokenizer.tokenize(" \t\n ")).isEmpty();
        assertThat(Tokenizer.tokenize("?!... --- ''")).isEmpty();
    }

    @Test
    void shouldDropOverlongTokens() {
        String longest = "a".repeat(Tokenizer.MAX_TOKEN_LENGTH);
        assertThat(Tokenizer.tokenize("fever " + longest + " " + longest + "b cough"))
                .containsExactly("fever", longest, "cough");
    }

    @Test
    void shouldRefuseNull() {
        assertThatNullPointerException().isThrownBy(() -> Tokenizer.tokenize(null));
    }

    @Test
    void shouldReturnUnmodifiableList() {
        assertThat(Tokenizer.tokenize("fever")).isUnmodifiable();
    }
}
