package ml.consensus.validator;

import java.nio.charset.StandardCharsets;

import ml.consensus.hashing.Sha256;

/**
 * The exact message a proposer signs to withdraw its proposal (format {@code consensus-ml/withdraw/v1}):
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

    /** The text every withdrawal message starts with. */
    public static final String PREFIX = "consensus-ml/withdraw/v1:";

    private WithdrawalMessage() {}

    /**
     * The message text for withdrawing a proposal.
     *
     * @throws IllegalArgumentException if the hash is not 64 lower-case hex characters
     */
    public static String text(String proposalHashHex) {
        if (!Sha256.isHex(proposalHashHex)) {
            throw new IllegalArgumentException(
                    "a withdrawal signs the full proposal hash (64 lower-case hex characters), got: "
                            + proposalHashHex);
        }
        return PREFIX + proposalHashHex;
    }

    /** The bytes signed: UTF-8 of {@link #text}. */
    public static byte[] bytes(String proposalHashHex) {
        return text(proposalHashHex).getBytes(StandardCharsets.UTF_8);
    }
}
