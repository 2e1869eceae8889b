package ml.consensus.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the files the commands are given and, when one cannot be used, says which file and why in
 * words a user can act on: "ledger file nope.json not found", "... is a directory", "... is not
 * JSON: line 3, column 7: ...". Java's own messages for these are the bare path ({@code nope.json})
 * or a parser's internals.
 *
 * <p>A file that cannot be read is an {@link IOException} (exit 3); one that can be read but holds
 * the wrong thing is an {@link IllegalArgumentException} (exit 2).
 */
final class InputFiles {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private InputFiles() {}

    /** The text of {@code file}, which must be UTF-8; {@code what} names it in errors ("ledger file"). */
    static String readText(Path file, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(what + " " + file + " is a directory, not a file");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(what + " " + file + " not found", e);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read " + what + " " + file + ": permission denied", e);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " " + file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new IOException(
                    "cannot read " + what + " " + file + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    e);
        }
    }

    /** The JSON in {@code file}; a syntax error is reported with its line and column. */
    static JsonNode readJson(Path file, String what) throws IOException {
        String text = readText(file, what);
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(what + " " + file + " is not JSON: " + where(e) + firstLine(e), e);
        }
    }

    private static String where(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
    }

    private static String firstLine(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
