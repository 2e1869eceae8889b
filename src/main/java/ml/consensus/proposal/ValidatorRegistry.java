package ml.consensus.proposal;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import ml.consensus.NodeProperties;
import ml.consensus.hashing.Sha256;
import ml.consensus.policy.Electorate;
import ml.consensus.refusal.Refusal;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.LedgerBinding;
import ml.consensus.validator.ValidatorKey;
import ml.consensus.validator.ValidatorSet;
import ml.consensus.validator.VoteMessage;
import ml.consensus.validator.VoteSignature;

/**
 * Who may vote, and whether votes must be signed. Three modes:
 * <ul>
 * <li>a validator set file ({@code consensus.validator-set-file}): only its members vote, and every
 * vote carries an Ed25519 signature over {@link VoteMessage} that is verified before anything is written;</li>
 * <li>a list of ids ({@code consensus.validators}): only they vote, unsigned;</li>
 * <li>neither: the seed's open mode, any well-formed id votes, unsigned.</li>
 * </ul>
 */
@Component
public class ValidatorRegistry {

    private static final Pattern SIGNATURE_HEX = Pattern.compile("[0-9a-f]{128}");

    private final List<String> validators;
    private final Optional<ValidatorSet> signingSet;

    public ValidatorRegistry(NodeProperties properties) {
        if (properties.validatorSetFile() != null) {
            if (!properties.validators().isEmpty()) {
                throw new IllegalArgumentException(
                        "set either consensus.validator-set-file or consensus.validators," + " not both");
            }
            ValidatorSet set = ValidatorSet.read(properties.validatorSetFile());
            this.signingSet = Optional.of(set);
            this.validators = set.validators().stream().map(ValidatorKey::id).toList();
        } else {
            properties.validators().forEach(id -> {
                if (!ValidatorKey.isWellFormedId(id)) {
                    throw new IllegalArgumentException("consensus.validators holds a malformed id: " + id);
                }
            });
            this.signingSet = Optional.empty();
            this.validators = properties.validators();
        }
    }

    /** True when any well-formed id may vote. */
    public boolean isOpen() {
        return validators.isEmpty();
    }

    /** The validator ids allowed to vote (empty in open mode). */
    public List<String> validators() {
        return validators;
    }

    /** The validator set whose keys sign votes, when votes must be signed. */
    public Optional<ValidatorSet> signingSet() {
        return signingSet;
    }

    public boolean signaturesRequired() {
        return signingSet.isPresent();
    }

    /**
     * Throws a {@link Refusal} unless {@code validatorId} is well formed and in the configured list.
     * The node itself checks against the validators in force ({@link #checkMayVote(String, Electorate)}),
     * which governance may have changed since start-up.
     */
    public void checkMayVote(String validatorId) {
        checkWellFormed(validatorId);
        if (!isOpen() && !validators.contains(validatorId)) {
            throw Refusal.forbidden("validator " + validatorId + " is not in this node's validator set");
        }
    }

    private static void checkWellFormed(String validatorId) {
        if (validatorId == null || validatorId.isBlank()) {
            throw Refusal.invalid("validator_id is required");
        }
        if (!ValidatorKey.isWellFormedId(validatorId)) {
            throw Refusal.invalid("validator_id must be 1 to 128 characters of letters, digits and . _ : @ -,"
                    + " starting with a letter or digit");
        }
    }

    /**
     * Throws a {@link Refusal} unless {@code validatorId} is well formed and may vote in
     * {@code electorate}: the validators in force on the ledger, which governance changes.
     */
    public void checkMayVote(String validatorId, Electorate electorate) {
        checkWellFormed(validatorId);
        if (!electorate.mayVote(validatorId)) {
            throw Refusal.forbidden("validator " + validatorId + " is not in this node's validator set");
        }
    }

    /**
     * As {@link #verifyVote(LedgerBinding, String, Sha256, String, String)}, with the voter's key as the ledger's
     * validator set in force has it (empty when the voter has none there).
     */
    public Optional<VoteSignature> verifyVote(
            LedgerBinding ledger,
            String vote,
            Sha256 proposalHash,
            String validatorId,
            String signatureHex,
            Optional<ValidatorKey> keyInForce) {
        if (signingSet.isEmpty()) {
            return verifyVote(ledger, vote, proposalHash, validatorId, signatureHex);
        }
        ValidatorKey key = keyInForce.orElseThrow(
                () -> Refusal.forbidden("validator " + validatorId + " is not in the validator set"));
        return verifySigned(ledger, vote, proposalHash, validatorId, signatureHex, key);
    }

    /**
     * Checks a vote's signature. With signatures required, returns the verified signature or
     * refuses (401) one that is missing, malformed or does not verify over the vote message for
     * exactly this ledger ({@code ledger}: v2 naming the ledger id, v1 on a legacy ledger), vote
     * kind, proposal and validator. Without, returns empty and refuses (400) a
     * signature it could not check.
     */
    public Optional<VoteSignature> verifyVote(
            LedgerBinding ledger, String vote, Sha256 proposalHash, String validatorId, String signatureHex) {
        if (signingSet.isEmpty()) {
            if (signatureHex != null) {
                throw Refusal.invalid("this node has no validator set, so votes are unsigned; omit signature");
            }
            return Optional.empty();
        }
        ValidatorKey key = signingSet
                .get()
                .find(validatorId)
                .orElseThrow(() -> Refusal.forbidden("validator " + validatorId + " is not in the validator set"));
        return verifySigned(ledger, vote, proposalHash, validatorId, signatureHex, key);
    }

    private Optional<VoteSignature> verifySigned(
            LedgerBinding ledger,
            String vote,
            Sha256 proposalHash,
            String validatorId,
            String signatureHex,
            ValidatorKey key) {
        String message = VoteMessage.text(ledger, vote, proposalHash.hex(), validatorId);
        if (signatureHex == null || signatureHex.isBlank()) {
            throw Refusal.unauthorized("this node requires signed votes: sign '" + message + "' with " + validatorId
                    + "'s Ed25519 key and send it as signature (128 hex characters)");
        }
        if (!SIGNATURE_HEX.matcher(signatureHex).matches()) {
            throw Refusal.unauthorized("signature must be 128 lower-case hex characters (64 bytes, Ed25519)");
        }
        byte[] signature = HexFormat.of().parseHex(signatureHex);
        if (!Ed25519.verify(
                key.publicKey(), VoteMessage.bytes(ledger, vote, proposalHash.hex(), validatorId), signature)) {
            throw Refusal.unauthorized(
                    "signature does not verify with " + validatorId + "'s public key over '" + message + "'");
        }
        return Optional.of(new VoteSignature(signatureHex, key.publicKeyHex()));
    }
}
