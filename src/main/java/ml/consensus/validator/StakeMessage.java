package ml.consensus.validator;

import java.nio.charset.StandardCharsets;

/**
 * The exact message a validator signs to bond or unbond stake. On a ledger with an identity
 * (format {@code consensus-ml/stake/v2}, {@link LedgerBinding}):
 *
 * <pre>
 * consensus-ml/stake/v2:&lt;ledger_id&gt;:&lt;operation&gt;:&lt;validator_id&gt;:&lt;amount&gt;:&lt;sequence&gt;
 * </pre>
 *
 * <p>and on a legacy ledger (format {@code consensus-ml/stake/v1}):
 *
 * <pre>
 * consensus-ml/stake/v1:&lt;operation&gt;:&lt;validator_id&gt;:&lt;amount&gt;:&lt;sequence&gt;
 * </pre>
 *
 * <ul>
 * <li>{@code ledger_id} is the ledger's genesis block hash, 64 lower-case hex characters, so an
 * unbond signed for one ledger cannot lock the validator out of another;</li>
 * <li>{@code operation} is {@code bond} or {@code unbond};</li>
 * <li>{@code validator_id} is the validator's id ({@link ValidatorKey#isWellFormedId}, no {@code ':'}
 * needed to tell the fields apart: the last two fields are digits only);</li>
 * <li>{@code amount} is a whole number of stake units, at least 1, in decimal without leading zeros;</li>
 * <li>{@code sequence} is how many bonds and unbonds of this validator are on the ledger before this
 * one (0 for the first), in decimal without leading zeros.</li>
 * </ul>
 *
 * <p>The sequence makes each signature good exactly once: replaying a signed bond finds the
 * validator's sequence already moved on. The bytes signed are the UTF-8 (ASCII) text without a
 * trailing newline; the prefix is the stake domain tag ({@code HashDomain.STAKE}) and {@code ':'},
 * so a stake signature can never pass for a vote and a vote signature never for a stake change.
 */
public final class StakeMessage {

    /** The domain every stake message starts with, followed by {@code /v1:} or {@code /v2:<ledger_id>:}. */
    public static final String DOMAIN = "consensus-ml/stake";

    public static final String BOND = "bond";
    public static final String UNBOND = "unbond";

    private StakeMessage() {}

    /** The message text up to the operation: what a node shows a client that must sign. */
    public static String prefix(LedgerBinding ledger) {
        return ledger.prefix(DOMAIN);
    }

    /**
     * The message text.
     *
     * @throws IllegalArgumentException if the operation is not {@code bond} or {@code unbond}, the id
     *                                  is malformed, the amount is below 1 or the sequence negative
     */
    public static String text(LedgerBinding ledger, String operation, String validatorId, long amount, long sequence) {
        if (!BOND.equals(operation) && !UNBOND.equals(operation)) {
            throw new IllegalArgumentException("operation must be \"bond\" or \"unbond\", got: " + operation);
        }
        if (!ValidatorKey.isWellFormedId(validatorId)) {
            throw new IllegalArgumentException("malformed validator id: " + validatorId);
        }
        if (amount < 1) {
            throw new IllegalArgumentException("amount must be at least 1, got: " + amount);
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be at least 0, got: " + sequence);
        }
        return ledger.prefix(DOMAIN) + operation + ":" + validatorId + ":" + amount + ":" + sequence;
    }

    /** The bytes signed: UTF-8 of {@link #text}. Same checks. */
    public static byte[] bytes(LedgerBinding ledger, String operation, String validatorId, long amount, long sequence) {
        return text(ledger, operation, validatorId, amount, sequence).getBytes(StandardCharsets.UTF_8);
    }
}
