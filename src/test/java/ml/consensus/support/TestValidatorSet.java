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
import ml.consensus.validator.ValidatorKey;
import ml.consensus.validator.ValidatorSet;

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
}
