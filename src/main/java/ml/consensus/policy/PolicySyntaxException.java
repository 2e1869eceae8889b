package ml.consensus.policy;

/**
 * A policy text that does not parse. The message names the position (1-based character) and
 * what was expected there: {@code at character 9 of "AND('a' 'b')": expected ',' or ')', found "'b'"}.
 */
public final class PolicySyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;

    PolicySyntaxException(String text, int position, String problem) {
        super("at character " + position + " of \"" + text + "\": " + problem);
        this.position = position;
    }

    /** The 1-based character position of the problem. */
    public int position() {
        return position;
    }
}
