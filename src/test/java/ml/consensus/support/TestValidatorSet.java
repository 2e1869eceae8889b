package ml.consensus.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ml.consensus.validator.Ed25519;
import ml.consensus.validator.LedgerBinding;
import ml.consensus.validator.StakeMessage;
import ml.consensus.validator.ValidatorKey;
import ml.consensus.validator.ValidatorSet;
import ml.consensus.validator.VoteMessage;

/**
 * Validators with fresh Ed25519 keys (weight 1 each), written to a temporary validator set file
 * with a quorum: what the tests of signed votes, stake and the explorer start their node with.
 */
public record TestValidatorSet(Map<String, byte[]> privateKeys, Path file) {

    /** New keys for {@code ids} and a set file requiring {@code required} approvals. */
    public static TestValidatorSet generate(int required, List<String> ids) {
        SecureRandom random = new SecureRandom();
        Map<String, byte[]> privateKeys = new LinkedHashMap<>();
        List<ValidatorKey> keys = ids.stream()
                .map(id -> {
                    byte[] privateKey = Ed25519.newPrivateKey(random);
                    privateKeys.put(id, privateKey);
                    return new ValidatorKey(id, HexFormat.of().formatHex(Ed25519.publicKeyOf(privateKey)), 1);
                })
                .toList();
        try {
            Path file = Files.createTempFile("validators", ".json");
            Files.writeString(file, new ValidatorSet(required, keys).toJson());
            return new TestValidatorSet(Map.copyOf(privateKeys), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code validatorId}'s signature (128 hex) over the documented vote message for {@code ledger}. */
    public String signVote(LedgerBinding ledger, String vote, String proposalHash, String validatorId) {
        return signVoteAs(ledger, validatorId, vote, proposalHash, validatorId);
    }

    /** {@code signer}'s signature over a vote message naming {@code validatorId}: a forgery when they differ. */
    public String signVoteAs(
            LedgerBinding ledger, String signer, String vote, String proposalHash, String validatorId) {
        return sign(signer, VoteMessage.bytes(ledger, vote, proposalHash, validatorId));
    }

    /** {@code validatorId}'s signature over the documented stake message for {@code ledger}. */
    public String signStake(LedgerBinding ledger, String operation, String validatorId, long amount, long sequence) {
        return sign(validatorId, StakeMessage.bytes(ledger, operation, validatorId, amount, sequence));
    }

    private String sign(String signer, byte[] message) {
        byte[] key = privateKeys.get(signer);
        if (key == null) {
            throw new IllegalArgumentException("no key for " + signer + " in this test set");
        }
        return HexFormat.of().formatHex(Ed25519.sign(key, message));
    }
}
