package ml.consensus.validator;

import java.nio.charset.StandardCharsets;

import ml.consensus.hashing.Sha256;

/**
 * The exact message a proposer signs to withdraw its proposal. On a ledger with an identity
 * (format {@code consensus-ml/withdraw/v2}, {@link LedgerBinding}):
 *
 * <pre>
 * consensus-ml/withdraw/v2:&lt;ledger_id&gt;:&lt;proposal_hash&gt;
 * </pre>
 *
 * <p>and on a legacy ledger (format {@code consensus-ml/withdraw/v1}):
 *
 * <pre>
 * consensus-ml/withdraw/v1:&lt;proposal_hash&gt;
 * </pre>
 *
 * <p>{@code proposal_hash} is the full hash, 64 lower-case hex characters; the bytes signed are
 * the ASCII text with no trailing newline, with the Ed25519 key whose public half the proposal
 * carries as {@code proposer_key}. The prefix differs from every vote message
 * ({@link VoteMessage}), so a vote signature can never pass for a withdrawal or the reverse.
 */
public final class WithdrawalMessage {

    /** The domain every withdrawal message starts with, followed by {@code /v1:} or {@code /v2:<ledger_id>:}. */
    public static final String DOMAIN = "consensus-ml/withdraw";

    private WithdrawalMessage() {}

    /**
     * The message text for withdrawing a proposal.
     *
     * @throws IllegalArgumentException if the hash is not 64 lower-case hex characters
     */
    public static String text(LedgerBinding ledger, String proposalHashHex) {
        if (!Sha256.isHex(proposalHashHex)) {
            throw new IllegalArgumentException(
                    "a withdrawal signs the full proposal hash (64 lower-case hex characters), got: "
                            + proposalHashHex);
        }
        return ledger.prefix(DOMAIN) + proposalHashHex;
    }

    /** The bytes signed: UTF-8 of {@link #text}. */
    public static byte[] bytes(LedgerBinding ledger, String proposalHashHex) {
        return text(ledger, proposalHashHex).getBytes(StandardCharsets.UTF_8);
    }
}
