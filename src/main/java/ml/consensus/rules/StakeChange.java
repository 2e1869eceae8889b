package ml.consensus.rules;

import java.util.Optional;

import tools.jackson.databind.JsonNode;

import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;

/**
 * One change of a validator's stake as a record states it: a signed bond or unbond, or a slash.
 *
 * @param type         {@code stake_bonded}, {@code stake_unbonded} or {@code validator_slashed}
 * @param validatorId  whose stake changes
 * @param amount       by how much (at least 1)
 * @param sequence     the validator's signed-change sequence number; -1 for a slash, which is not signed
 * @param balanceAfter the balance the record states after the change
 * @param publicKey    the key that signed a bond or unbond (its account's key); null for a slash,
 *                     which comes off the validator's active account ({@link StakeBalances})
 */
public record StakeChange(
        RecordType type, String validatorId, long amount, long sequence, long balanceAfter, String publicKey) {

    /** A change without a key: a slash, or in tests a bond of the validator's only key. */
    public StakeChange(RecordType type, String validatorId, long amount, long sequence, long balanceAfter) {
        this(type, validatorId, amount, sequence, balanceAfter, null);
    }

    /** True for the record types that change stake. */
    public static boolean isStakeRecord(RecordType type) {
        return type == RecordType.STAKE_BONDED
                || type == RecordType.STAKE_UNBONDED
                || type == RecordType.VALIDATOR_SLASHED;
    }

    /** The signed change a bond or unbond record holds, or the slash a slash record holds; empty otherwise. */
    public static Optional<StakeChange> of(LedgerRecord record) {
        if (!isStakeRecord(record.type())) {
            return Optional.empty();
        }
        JsonNode body = record.json();
        boolean slash = record.type() == RecordType.VALIDATOR_SLASHED;
        long sequence = slash ? -1 : whole(body, "sequence");
        return Optional.of(new StakeChange(
                record.type(),
                LedgerRecord.text(body, "validator_id"),
                whole(body, "amount"),
                sequence,
                whole(body, "balance_after"),
                slash ? null : LedgerRecord.text(body, "public_key")));
    }

    /** The signed operation name ({@code bond}/{@code unbond}) of a signed change. */
    public String operation() {
        return type == RecordType.STAKE_BONDED ? "bond" : "unbond";
    }

    /** How the balance moves: +amount for a bond, -amount for an unbond or slash. */
    public long delta() {
        return type == RecordType.STAKE_BONDED ? amount : -amount;
    }

    private static long whole(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be a whole number");
        }
        return value.longValue();
    }
}
