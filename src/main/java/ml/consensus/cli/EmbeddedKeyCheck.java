package ml.consensus.cli;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerIdentity;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.LedgerBinding;
import ml.consensus.validator.ValidatorKey;
import ml.consensus.validator.VoteMessage;

/**
 * What {@code verify} can say about signed votes when it is given no validator set: each vote's
 * signature checked against the public key written in the same record. That catches a vote edited
 * after signing, but proves nothing about who voted: whoever rewrites the ledger can sign with keys
 * of their own and write those. Only {@code --validator-set} (the validators' real keys) does.
 */
final class EmbeddedKeyCheck {

    /** How many votes were signed, and the first whose signature fails its own key, if any. */
    record Outcome(int signedVotes, Optional<String> problem) {}

    private EmbeddedKeyCheck() {}

    static Outcome check(List<Block> blocks) {
        // The message format follows the ledger's genesis: v2 naming its id, or v1 on a legacy ledger.
        LedgerBinding ledger = blocks.isEmpty()
                ? LedgerBinding.LEGACY
                : LedgerIdentity.ledgerId(blocks.get(0)).map(LedgerBinding::of).orElse(LedgerBinding.LEGACY);
        int signed = 0;
        for (Block block : blocks) {
            for (int i = 0; i < block.records().size(); i++) {
                LedgerRecord record = block.records().get(i);
                String vote = record.type() == RecordType.VALIDATOR_APPROVAL
                        ? VoteMessage.APPROVE
                        : record.type() == RecordType.VALIDATOR_REJECTION ? VoteMessage.REJECT : null;
                String signature = vote == null ? null : record.text("signature");
                if (signature == null) {
                    continue;
                }
                signed++;
                String key = record.text("public_key");
                String proposal = record.text("proposal_hash");
                String validator = record.text("validator_id");
                if (!verifies(ledger, key, vote, proposal, validator, signature)) {
                    return new Outcome(
                            signed,
                            Optional.of("block " + block.index() + ", record " + i + ": the " + vote + " vote of "
                                    + validator + " does not verify even with the public key written beside it"));
                }
            }
        }
        return new Outcome(signed, Optional.empty());
    }

    private static boolean verifies(
            LedgerBinding ledger, String key, String vote, String proposal, String validator, String signature) {
        if (key == null || proposal == null || validator == null || !ValidatorKey.isPublicKeyHex(key)) {
            return false;
        }
        try {
            return Ed25519.verify(
                    HexFormat.of().parseHex(key),
                    VoteMessage.bytes(ledger, vote, proposal, validator),
                    HexFormat.of().parseHex(signature));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
