package ml.consensus.stake;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import tools.jackson.databind.node.ObjectNode;

/** Builds the stake records; docs/ledger-format.md lists their fields. */
public final class StakeRecords {

    private StakeRecords() {
    }

    /**
     * A signed bond ({@code stake_bonded}) or unbond ({@code stake_unbonded}), with the signature and
     * the public key it verified with, so anyone holding the validator set can re-check it.
     */
    public static LedgerRecord signedChange(RecordType type, String validatorId, long amount, long sequence,
                                            long balanceAfter, String timestamp, String signatureHex,
                                            String publicKeyHex) {
        if (type != RecordType.STAKE_BONDED && type != RecordType.STAKE_UNBONDED) {
            throw new IllegalArgumentException("not a signed stake change: " + type);
        }
        ObjectNode body = CanonicalJson.newObject();
        body.put("validator_id", validatorId);
        body.put("amount", amount);
        body.put("sequence", sequence);
        body.put("balance_after", balanceAfter);
        body.put("timestamp", timestamp);
        body.put("signature", signatureHex);
        body.put("public_key", publicKeyHex);
        return LedgerRecord.of(type, body);
    }

    /** A slash after the apply of {@code proposalHash}, with the scores that caused it. */
    public static LedgerRecord slashed(SlashingRule.Slash slash, Sha256 proposalHash, double scoreBefore,
                                       double scoreAfter, String timestamp) {
        ObjectNode body = CanonicalJson.newObject();
        body.put("validator_id", slash.validatorId());
        body.put("proposal_hash", proposalHash.hex());
        body.put("reason", slash.reason());
        body.put("amount", slash.amount());
        body.put("balance_after", slash.balanceAfter());
        body.put("score_before", scoreBefore);
        body.put("score_after", scoreAfter);
        body.put("timestamp", timestamp);
        return LedgerRecord.of(RecordType.VALIDATOR_SLASHED, body);
    }
}
