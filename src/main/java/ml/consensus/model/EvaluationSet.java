package ml.consensus.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;

/**
 * The held-out texts the model is scored on ({@link HeldOutScore}), and their hash, which every
 * scored {@code model_update_approved} record names so that a verifier knows which set to replay
 * the score with (docs/model-format.md, "Evaluation").
 *
 * <p>A set file holds one text per line (UTF-8; a trailing {@code \r} is dropped; blank lines are
 * skipped). The hash is taken over the texts each followed by one {@code \n}:
 * {@code SHA-256("consensus-ml/evaluation-set/v1" || 0x00 || text1 "\n" text2 "\n" ...)}, so a
 * file with LF line ends, no blank lines and a final newline hashes exactly as its bytes.
 *
 * @param texts at least one non-blank text, none holding a line break
 * @param hash  the set's hash, derived from the texts
 */
public record EvaluationSet(List<String> texts, Sha256 hash) {

    /** The resource the built-in set is read from. */
    public static final String DEFAULT_RESOURCE = "/evaluation/held-out.txt";

    public EvaluationSet {
        texts = List.copyOf(texts);
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("an evaluation set needs at least one text");
        }
        for (String text : texts) {
            if (text.isBlank() || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("evaluation texts are single non-blank lines, got: " + text);
            }
        }
        if (!hash.equals(hashOf(texts))) {
            throw new IllegalArgumentException("hash " + hash + " is not the hash of these texts");
        }
    }

    /** A set of these texts, hashed. */
    public static EvaluationSet of(List<String> texts) {
        return new EvaluationSet(texts, hashOf(texts));
    }

    /** Parses the file format: one text per line, blank lines skipped. */
    public static EvaluationSet parse(String content) {
        List<String> texts = new ArrayList<>();
        for (String line : content.split("\n", -1)) {
            String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (!text.isBlank()) {
                texts.add(text);
            }
        }
        return of(texts);
    }

    /** Reads a set file; IllegalArgumentException naming the file when it holds no text. */
    public static EvaluationSet read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read evaluation set " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("evaluation set " + file + ": " + e.getMessage(), e);
        }
    }

    /** The built-in held-out set, {@value #DEFAULT_RESOURCE}. */
    public static EvaluationSet builtIn() {
        return Default.SET;
    }

    private static Sha256 hashOf(List<String> texts) {
        StringBuilder payload = new StringBuilder();
        for (String text : texts) {
            payload.append(Objects.requireNonNull(text, "text")).append('\n');
        }
        return HashDomain.EVALUATION_SET.hash(payload.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Read once per JVM, on first use. */
    private static final class Default {

        static final EvaluationSet SET = load();

        private static EvaluationSet load() {
            try (InputStream in = EvaluationSet.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " is missing");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
