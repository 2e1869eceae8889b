package ml.consensus.rules;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ml.consensus.validator.Ed25519;
import ml.consensus.validator.ValidatorKey;

/**
 * Ed25519 keys from fixed seeds (the n-th id's seed is 32 bytes of value n), so that tests which
 * write ledgers in code sign the same bytes on every run.
 */
public final class SeededKeys {

    private final Map<String, byte[]> privateKeys = new LinkedHashMap<>();

    public SeededKeys(List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            byte[] seed = new byte[Ed25519.PRIVATE_KEY_LENGTH];
            Arrays.fill(seed, (byte) (i + 1));
            privateKeys.put(ids.get(i), seed);
        }
    }

    public byte[] privateKey(String id) {
        return privateKeys.get(id);
    }

    public String publicKeyHex(String id) {
        return HexFormat.of().formatHex(Ed25519.publicKeyOf(privateKey(id)));
    }

    /** {@code id} with its public key and weight 1, as a validator set holds it. */
    public ValidatorKey key(String id) {
        return new ValidatorKey(id, publicKeyHex(id));
    }
}
