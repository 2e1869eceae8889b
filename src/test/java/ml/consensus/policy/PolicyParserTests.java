package ml.consensus.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyParserTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "Count(2)                                   | Count(2)",
                "count ( 3 )                                | Count(3)",
                "Weight(5)                                  | Weight(5)",
                "'validator-a'                              | 'validator-a'",
                "AND('a','b')                               | AND('a','b')",
                "and( \"a\" , 'b' )                         | AND('a','b')",
                "OR('a',AND('b','c'))                       | OR('a',AND('b','c'))",
                "OutOf(2, 'a', 'b', 'c')                    | OutOf(2,'a','b','c')",
                "OutOf(1,OR('a','b'),OutOf(2,'c','d','e'))  | OutOf(1,OR('a','b'),OutOf(2,'c','d','e'))",
            })
    void shouldReadPoliciesAndWriteThemCanonically(String text, String canonical) {
        ApprovalRule rule = PolicyParser.parse(text);
        assertThat(rule.text()).isEqualTo(canonical);
        assertThat(PolicyParser.parse(rule.text())).isEqualTo(rule);
    }

    @Test
    void shouldReadEachKindAsItsOwnRule() {
        assertThat(PolicyParser.parse("Count(2)")).isEqualTo(new CountRule(2));
        assertThat(PolicyParser.parse("Weight(7)")).isEqualTo(new WeightRule(7));
        assertThat(PolicyParser.parse("OR('a','b')")).isInstanceOf(ExpressionRule.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "AND('a' 'b')              | 9  | expected ',' or ')', found \"'b')\"",
                "AND('a','b'               | 12 | expected ',' or ')', found the end of the policy",
                "XOR('a','b')              | 1  | expected AND(, OR(, OutOf( or a quoted validator id, found \"XOR('a','b')\"",
                "OutOf(4,'a','b','c')      | 7  | OutOf needs n between 1 and its 3 operands, got 4",
                "OutOf(0,'a')              | 7  | expected a number of at least 1, found 0",
                "OutOf(2,'a','a')          | 13 | OutOf names validator 'a' more than once, which would count it twice",
                "OutOf(2,'a', AND('a','b')) | 14 | OutOf names validator 'a' more than once",
                "OR('c',OutOf(2,'b','b'))  | 20 | OutOf names validator 'b' more than once",
                "OutOf('a','b')            | 7  | expected a whole number",
                "AND()                     | 5  | expected AND(, OR(, OutOf( or a quoted validator id, found \")\"",
                "AND('a','b'))             | 13 | expected the end of the policy, found \")\"",
                "OR('a,'b')                | 5  | expected a validator id (1 to 128 letters, digits and . _ : @ -, starting with a letter or digit), found \"a,\"",
                "OR('a','b                 | 8  | the quoted validator id is not closed",
                "Count(-1)                 | 7  | expected a whole number",
                "Count(2                   | 8  | expected ')'",
                "Weight()                  | 8  | expected a whole number",
                "AND('a','b') OR('c')      | 14 | expected the end of the policy",
            })
    void shouldNameThePositionAndWhatWasExpected(String text, int position, String message) {
        assertThatThrownBy(() -> PolicyParser.parse(text))
                .isInstanceOfSatisfying(
                        PolicySyntaxException.class,
                        e -> assertThat(e.position()).as(e.getMessage()).isEqualTo(position))
                .hasMessageContaining("at character " + position + " of \"" + text + "\"")
                .hasMessageContaining(message);
    }

    @Test
    void shouldRefuseAnEmptyPolicy() {
        assertThatThrownBy(() -> PolicyParser.parse("  "))
                .isInstanceOf(PolicySyntaxException.class)
                .hasMessageContaining("a policy is required");
    }

    @Test
    void shouldRefuseNestingDeeperThanTheLimit() {
        String deep = "AND(".repeat(PolicyParser.MAX_DEPTH + 1) + "'a'" + ")".repeat(PolicyParser.MAX_DEPTH + 1);
        assertThatThrownBy(() -> PolicyParser.parse(deep))
                .isInstanceOf(PolicySyntaxException.class)
                .hasMessageContaining("nest at most " + PolicyParser.MAX_DEPTH);
        String deepest = "AND(".repeat(PolicyParser.MAX_DEPTH) + "'a'" + ")".repeat(PolicyParser.MAX_DEPTH);
        assertThat(PolicyParser.parse(deepest)).isInstanceOf(ExpressionRule.class);
    }

    @Test
    void shouldRefuseAPolicyLongerThanTheLimit() {
        String tooLong = "OR(" + "'a',".repeat(PolicyParser.MAX_LENGTH / 4) + "'b')";
        assertThatThrownBy(() -> PolicyParser.parse(tooLong))
                .isInstanceOf(PolicySyntaxException.class)
                .hasMessageContaining("at most " + PolicyParser.MAX_LENGTH + " characters");
    }
}
