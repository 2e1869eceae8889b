package ml.consensus.model;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns text into the word tokens the model is trained and queried on (docs/model-format.md).
 *
 * <ol>
 *   <li>The whole text is normalised to Unicode NFKC (full-width letters become ASCII, the
 *       ligature "ﬁ" becomes "fi", "e" + combining acute becomes "é").</li>
 *   <li>A word is a maximal run of Unicode letters and digits ({@link Character#isLetterOrDigit(int)}),
 *       which may carry combining marks (Mn, Mc, Me) after its first character, so that scripts
 *       written with vowel signs (Devanagari, Thai) keep their words whole. Everything else
 *       (white space, punctuation, symbols) separates words and is dropped. An apostrophe is
 *       punctuation too: "don't" gives "don" and "t".</li>
 *   <li>Each word is lower-cased with {@link Locale#ROOT}.</li>
 *   <li>Words longer than {@link #MAX_TOKEN_LENGTH} code points after lower-casing (base64
 *       blobs, run-together garbage) are dropped, which keeps every vocabulary word well inside
 *       the checkpoint format's 16-bit length field.</li>
 * </ol>
 *
 * <p>The character classes and case mappings are those of the JDK's Unicode tables (Java 17:
 * Unicode 13), which is why the project pins its Java version.
 */
public final class Tokenizer {

    /** Longest kept token, in code points. */
    public static final int MAX_TOKEN_LENGTH = 64;

    private Tokenizer() {}

    /** The word tokens of {@code text}, in order, unmodifiable; empty for blank text. */
    public static List<String> tokenize(String text) {
        Objects.requireNonNull(text, "text");
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC);
        List<String> tokens = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i < normalized.length()) {
            int codePoint = normalized.codePointAt(i);
            boolean inWord = start >= 0;
            if (Character.isLetterOrDigit(codePoint) || (inWord && isCombiningMark(codePoint))) {
                if (!inWord) {
                    start = i;
                }
            } else if (inWord) {
                addToken(tokens, normalized.substring(start, i));
                start = -1;
            }
            i += Character.charCount(codePoint);
        }
        if (start >= 0) {
            addToken(tokens, normalized.substring(start));
        }
        return List.copyOf(tokens);
    }

    private static void addToken(List<String> tokens, String word) {
        String token = word.toLowerCase(Locale.ROOT);
        if (token.codePointCount(0, token.length()) <= MAX_TOKEN_LENGTH) {
            tokens.add(token);
        }
    }

    private static boolean isCombiningMark(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
