package ml.consensus.validator;

import java.util.Objects;
import java.util.Optional;

import ml.consensus.hashing.Sha256;

/**
 * Which ledger a signed message is bound to, and so which message format it is signed in.
 *
 * <p>A ledger whose genesis carries a {@code ledger_nonce} has an identity, its genesis block
 * hash (the ledger id); every message signed for it is format v2 and names that id, so a
 * signature made for one ledger is refused on every other. A legacy ledger (genesis without the
 * nonce) has no id and keeps format v1, which names no ledger: unambiguous there, since nothing
 * it could be confused with exists. A ledger never mixes the two: its genesis decides.
 */
public final class LedgerBinding {

    /** A ledger without identity: messages are format v1. */
    public static final LedgerBinding LEGACY = new LedgerBinding(null);

    private final Sha256 ledgerId;

    private LedgerBinding(Sha256 ledgerId) {
        this.ledgerId = ledgerId;
    }

    /** Messages bound to the ledger whose genesis block hash is {@code ledgerId}: format v2. */
    public static LedgerBinding of(Sha256 ledgerId) {
        return new LedgerBinding(Objects.requireNonNull(ledgerId, "ledgerId"));
    }

    /** The ledger id (genesis block hash), empty on a legacy ledger. */
    public Optional<Sha256> ledgerId() {
        return Optional.ofNullable(ledgerId);
    }

    /** 2 when bound to a ledger id, 1 on a legacy ledger. */
    public int version() {
        return ledgerId == null ? 1 : 2;
    }

    /**
     * The start of every message of this kind: {@code <domain>/v1:} on a legacy ledger,
     * {@code <domain>/v2:<ledger_id>:} (64 lower-case hex characters) otherwise.
     */
    String prefix(String domain) {
        return ledgerId == null ? domain + "/v1:" : domain + "/v2:" + ledgerId.hex() + ":";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LedgerBinding that && Objects.equals(ledgerId, that.ledgerId);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(ledgerId);
    }

    @Override
    public String toString() {
        return ledgerId == null ? "legacy ledger (v1)" : "ledger " + ledgerId.hex() + " (v2)";
    }
}
