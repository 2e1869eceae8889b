package ml.consensus.storage;

import java.util.Locale;
import java.util.regex.Pattern;

import ml.consensus.refusal.Refusal;

/** The hash-or-prefix parameters every endpoint takes: 8 to 64 hex characters, case-insensitive. */
public final class HashPrefixes {

    /** Shortest prefix accepted: 8 hex characters (32 bits) keeps accidental matches rare. */
    static final int MIN_PREFIX = 8;

    private static final Pattern HEX_PREFIX = Pattern.compile("[0-9a-f]{" + MIN_PREFIX + ",64}");

    private HashPrefixes() {}

    /** The lower-case prefix; refuses (400) a missing or malformed value, naming {@code field}. */
    public static String normalise(String field, String value) {
        if (value == null || value.isBlank()) {
            throw Refusal.invalid(field + " is required");
        }
        String prefix = value.strip().toLowerCase(Locale.ROOT);
        if (!HEX_PREFIX.matcher(prefix).matches()) {
            String shown = value.length() <= 80 ? value : value.substring(0, 80) + "…";
            throw Refusal.invalid(field + " must be " + MIN_PREFIX + " to 64 hex characters, got '" + shown + "'");
        }
        return prefix;
    }
}
