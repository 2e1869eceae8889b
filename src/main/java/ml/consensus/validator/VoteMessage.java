package ml.consensus.validator;

import java.nio.charset.StandardCharsets;

import ml.consensus.hashing.Sha256;

/**
 * The exact message a validator signs to cast a vote. On a ledger with an identity (format
 * {@code consensus-ml/vote/v2}, {@link LedgerBinding}):
 *
 * <pre>
 * consensus-ml/vote/v2:&lt;ledger_id&gt;:&lt;vote&gt;:&lt;proposal_hash&gt;:&lt;validator_id&gt;
 * </pre>
 *
 * <p>and on a legacy ledger, whose genesis has no {@code ledger_nonce} (format {@code
 * consensus-ml/vote/v1}):
 *
 * <pre>
 * consensus-ml/vote/v1:&lt;vote&gt;:&lt;proposal_hash&gt;:&lt;validator_id&gt;
 * </pre>
 *
 * <ul>
 * <li>{@code ledger_id} is the ledger's genesis block hash, 64 lower-case hex characters;</li>
 * <li>{@code vote} is {@code approve} or {@code reject};</li>
 * <li>{@code proposal_hash} is the full proposal hash, 64 lower-case hex characters (never a
 * prefix);</li>
 * <li>{@code validator_id} is the voter's id ({@link ValidatorKey#isWellFormedId}).</li>
 * </ul>
 *
 * <p>The bytes signed are the UTF-8 (here: ASCII) encoding of that text, with no trailing
 * newline, so that anyone can sign it with {@code printf '%s' "$MSG" | openssl pkeyutl ...}
 * (docs/validator-keys.md). The message binds the ledger, the vote kind, the proposal and the
 * voter, so a signature cannot be replayed on another ledger, as the other vote, on another
 * proposal or by another validator;
 * and it starts with the vote domain tag ({@code HashDomain.VOTE}) followed by {@code ':'}, so
 * it can never be mistaken for any other signed or hashed thing. The fields cannot run into
 * each other: every field before the validator id contains no {@code ':'}, so everything after
 * the last fixed field is the validator id.
 */
public final class VoteMessage {

    /** The domain every vote message starts with, followed by {@code /v1:} or {@code /v2:<ledger_id>:}. */
    public static final String DOMAIN = "consensus-ml/vote";

    public static final String APPROVE = "approve";
    public static final String REJECT = "reject";

    private VoteMessage() {}

    /**
     * The message text for a vote.
     *
     * @throws IllegalArgumentException if {@code vote} is not {@code approve} or {@code reject},
     *                                  the hash is not 64 lower-case hex characters, or the id
     *                                  is malformed
     */
    public static String text(LedgerBinding ledger, String vote, String proposalHashHex, String validatorId) {
        if (!APPROVE.equals(vote) && !REJECT.equals(vote)) {
            throw new IllegalArgumentException("vote must be \"approve\" or \"reject\", got: " + vote);
        }
        if (!Sha256.isHex(proposalHashHex)) {
            throw new IllegalArgumentException(
                    "a vote signs the full proposal hash (64 lower-case hex characters), got: " + proposalHashHex);
        }
        if (!ValidatorKey.isWellFormedId(validatorId)) {
            throw new IllegalArgumentException("malformed validator id: " + validatorId);
        }
        return ledger.prefix(DOMAIN) + vote + ":" + proposalHashHex + ":" + validatorId;
    }

    /** The bytes signed: UTF-8 of {@link #text}. Same checks. */
    public static byte[] bytes(LedgerBinding ledger, String vote, String proposalHashHex, String validatorId) {
        return text(ledger, vote, proposalHashHex, validatorId).getBytes(StandardCharsets.UTF_8);
    }
}
