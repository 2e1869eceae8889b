package ml.consensus.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a policy from its text:
 *
 * <pre>
 * policy     := "Count(" n ")" | "Weight(" n ")" | expression
 * expression := "'" id "'" | "AND(" expression ("," expression)* ")"
 *             | "OR(" expression ("," expression)* ")" | "OutOf(" n "," expression ("," expression)* ")"
 * </pre>
 *
 * Keywords are case-insensitive, ids may be in single or double quotes, white space between
 * tokens is ignored; {@code OutOf(n, ...)} needs 1 &le; n &le; its operands, and names each
 * validator in one operand only (else one approval would count twice). Every error is a
 * {@link PolicySyntaxException} naming the position and what was expected. Text and nesting are
 * bounded ({@value #MAX_LENGTH} characters, depth {@value #MAX_DEPTH}) because policies also
 * arrive over HTTP in governance proposals.
 */
public final class PolicyParser {

    public static final int MAX_LENGTH = 4096;
    public static final int MAX_DEPTH = 32;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    private final String text;
    private int at;

    private PolicyParser(String text) {
        this.text = text;
    }

    /** Parses a policy; throws {@link PolicySyntaxException} (an IllegalArgumentException) when it does not parse. */
    public static ApprovalRule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new PolicySyntaxException(
                    String.valueOf(text),
                    1,
                    "a policy is required: Count(n), Weight(n),"
                            + " or an expression of AND, OR, OutOf and quoted validator ids");
        }
        if (text.length() > MAX_LENGTH) {
            throw new PolicySyntaxException(
                    text.substring(0, 40) + "...",
                    MAX_LENGTH + 1,
                    "a policy may have at most " + MAX_LENGTH + " characters");
        }
        PolicyParser parser = new PolicyParser(text);
        ApprovalRule rule = parser.rule();
        parser.skipSpace();
        if (parser.at < text.length()) {
            throw parser.error("expected the end of the policy");
        }
        return rule;
    }

    private ApprovalRule rule() {
        skipSpace();
        int start = at;
        String word = word();
        switch (word.toLowerCase(Locale.ROOT)) {
            case "count" -> {
                expect('(');
                int n = number();
                expect(')');
                return new CountRule(n);
            }
            case "weight" -> {
                expect('(');
                int n = number();
                expect(')');
                return new WeightRule(n);
            }
            default -> {
                at = start;
                return new ExpressionRule(expression(1));
            }
        }
    }

    private PolicyExpression expression(int depth) {
        skipSpace();
        if (at < text.length() && (text.charAt(at) == '\'' || text.charAt(at) == '"')) {
            return new PolicyExpression.Validator(quotedId());
        }
        if (depth > MAX_DEPTH) {
            throw error("expressions may nest at most " + MAX_DEPTH + " deep");
        }
        int start = at;
        String word = word();
        String keyword = switch (word.toLowerCase(Locale.ROOT)) {
            case "and" -> "AND";
            case "or" -> "OR";
            case "outof" -> "OutOf";
            default -> {
                at = start;
                throw error("expected AND(, OR(, OutOf( or a quoted validator id");
            }
        };
        expect('(');
        int required = 0;
        int requiredAt = 0;
        if (keyword.equals("OutOf")) {
            requiredAt = at;
            required = number();
            expect(',');
        }
        List<PolicyExpression> operands = new ArrayList<>();
        List<Integer> operandsAt = new ArrayList<>();
        operandsAt.add(peekAt());
        operands.add(expression(depth + 1));
        while (peek() == ',') {
            at++;
            operandsAt.add(peekAt());
            operands.add(expression(depth + 1));
        }
        if (peek() != ')') {
            throw error("expected ',' or ')'");
        }
        at++;
        switch (keyword) {
            case "AND" -> required = operands.size();
            case "OR" -> required = 1;
            default -> {
                if (required < 1 || required > operands.size()) {
                    throw new PolicySyntaxException(
                            text,
                            requiredAt + 1,
                            "OutOf needs n between 1 and its " + operands.size() + " operands, got " + required);
                }
            }
        }
        if (keyword.equals("OutOf")) {
            checkNamedOnce(operands, operandsAt);
        }
        return new PolicyExpression.Threshold(keyword, required, operands);
    }

    /**
     * OutOf counts operands, not validators: a validator named in two operands would count twice
     * (OutOf(2, 'a', 'a') is met by 'a' alone), so each may be named in one operand only.
     */
    private void checkNamedOnce(List<PolicyExpression> operands, List<Integer> operandsAt) {
        Set<String> named = new HashSet<>();
        for (int i = 0; i < operands.size(); i++) {
            for (String id : operands.get(i).validators()) {
                if (!named.add(id)) {
                    throw new PolicySyntaxException(
                            text,
                            operandsAt.get(i) + 1,
                            "OutOf names validator '" + id + "' more than once, which would count it twice;"
                                    + " name each validator once");
                }
            }
        }
    }

    /** The position of the next character after white space. */
    private int peekAt() {
        skipSpace();
        return at;
    }

    private String quotedId() {
        char quote = text.charAt(at);
        int start = at + 1;
        int end = text.indexOf(quote, start);
        if (end < 0) {
            throw error("the quoted validator id is not closed with " + quote);
        }
        String id = text.substring(start, end);
        if (!ID.matcher(id).matches()) {
            throw new PolicySyntaxException(
                    text,
                    start + 1,
                    "expected a validator id (1 to 128 letters, digits"
                            + " and . _ : @ -, starting with a letter or digit), found " + describe(id));
        }
        at = end + 1;
        return id;
    }

    private String word() {
        int start = at;
        while (at < text.length() && Character.isLetter(text.charAt(at))) {
            at++;
        }
        return text.substring(start, at);
    }

    private int number() {
        skipSpace();
        int start = at;
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        if (start == at) {
            throw error("expected a whole number");
        }
        String digits = text.substring(start, at);
        if (digits.length() > 9) {
            at = start;
            throw error("expected a number below 1000000000, found " + digits);
        }
        int n = Integer.parseInt(digits);
        if (n < 1) {
            at = start;
            throw error("expected a number of at least 1, found " + n);
        }
        return n;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    /** The next character after white space, or 0 at the end. */
    private char peek() {
        skipSpace();
        return at < text.length() ? text.charAt(at) : 0;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private PolicySyntaxException error(String expected) {
        String found = at >= text.length()
                ? "the end of the policy"
                : describe(text.substring(at, Math.min(text.length(), at + 12)));
        return new PolicySyntaxException(text, at + 1, expected + ", found " + found);
    }

    private static String describe(String fragment) {
        return "\"" + fragment + "\"";
    }
}
