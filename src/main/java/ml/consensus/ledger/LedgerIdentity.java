package ml.consensus.ledger;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

import ml.consensus.hashing.Sha256;

/**
 * A ledger's identity. A new ledger's genesis record carries {@value #NONCE_FIELD}, 32 random
 * bytes as 64 lower-case hex characters, hashed into the genesis record and so into the genesis
 * block hash; that hash is the ledger id, different on every ledger even with the same base
 * model, and every signed message names it (docs/validator-keys.md). A genesis without the
 * field is a legacy ledger: it has no id.
 */
public final class LedgerIdentity {

    /** The genesis record field holding the nonce. */
    public static final String NONCE_FIELD = "ledger_nonce";

    private static final SecureRandom RANDOM = new SecureRandom();

    private LedgerIdentity() {}

    /** A fresh nonce for a new ledger: 32 bytes from a SecureRandom, hex. */
    public static String newNonce() {
        byte[] bytes = new byte[Sha256.LENGTH];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** True for 64 lower-case hex characters, the only form a nonce takes. */
    public static boolean isWellFormedNonce(String nonce) {
        return nonce != null && Sha256.isHex(nonce);
    }

    /**
     * The ledger id of the chain starting with {@code genesis}: its block hash when its genesis
     * record carries a nonce, empty for a legacy ledger or a block that is not a genesis block.
     */
    public static Optional<Sha256> ledgerId(Block genesis) {
        if (genesis.index() != 0
                || genesis.records().size() != 1
                || genesis.records().get(0).type() != RecordType.GENESIS
                || genesis.records().get(0).text(NONCE_FIELD) == null) {
            return Optional.empty();
        }
        return Optional.of(genesis.hash());
    }
}
