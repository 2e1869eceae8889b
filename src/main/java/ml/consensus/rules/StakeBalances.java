package ml.consensus.rules;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;

/**
 * Every validator's bonded stake and signed-change sequence, as a fold over ledger records in
 * chain order: a bond adds, an unbond and a slash subtract, and each bond or unbond moves the
 * account's sequence on by one. Balances at any block are {@link #atBlock} of the chain; nothing
 * but the records is needed. Not thread-safe; {@link #copy()} before sharing.
 *
 * <p>Stake belongs to a key, not only to an id (issue 15.6): each (validator id, public key) pair
 * has its own balance, opened by the first bond that key signs. A key rotation by remove-then-add
 * therefore starts the new key at 0; it inherits neither the old key's stake nor its slashing
 * history. The signed-change sequence stays the id's, across its keys: it is what the ledger's
 * unique key {@code stake:<id>:<sequence>} counts, and a signature of one key never verifies
 * with another, so a per-id count loses nothing. Of an id's accounts one is <em>active</em>: the one whose key signed the
 * id's latest bond or unbond. Only the active account weighs, counts towards the minimum to vote
 * and is slashed ({@link #balanceOf(String, String)} is 0 for any other key); a slash record, which
 * names no key, comes off the active account. The old key may still unbond what it holds where
 * the signature check accepts its key (docs/stake.md).
 */
public final class StakeBalances {

    /** The most stake one validator may hold: 10^12 units, so that slashing arithmetic fits a long. */
    public static final long MAX_BALANCE = 1_000_000_000_000L;

    /** One account's stake, and how many signed changes its id has made (under any key). */
    public record Account(long balance, long nextSequence) {}

    /** Accounts by validator id, then by public key (hex). */
    private final Map<String, Map<String, Account>> accounts = new TreeMap<>();
    /** The key of each id's latest signed change: whose account weighs and is slashed. */
    private final Map<String, String> activeKeys = new TreeMap<>();
    /** Each id's next signed-change sequence, counted over all its keys. */
    private final Map<String, Long> sequences = new TreeMap<>();

    /** Balances before any record: everyone at 0. */
    public static StakeBalances empty() {
        return new StakeBalances();
    }

    /** The balances after every record of blocks {@code 0 .. blockIndex} of {@code blocks}. */
    public static StakeBalances atBlock(Iterable<Block> blocks, long blockIndex) {
        StakeBalances balances = new StakeBalances();
        for (Block block : blocks) {
            if (block.index() > blockIndex) {
                break;
            }
            block.records().forEach(balances::apply);
        }
        return balances;
    }

    /**
     * Applies one record: stake records change a balance, every other record is ignored. The
     * record's stated amounts are taken as they are; {@code StakeCheck} is what decides whether
     * they were allowed.
     */
    public StakeBalances apply(LedgerRecord record) {
        StakeChange.of(record).ifPresent(this::apply);
        return this;
    }

    /** Applies one change: a signed one to its key's account (which becomes active), a slash to the active one. */
    public StakeBalances apply(StakeChange change) {
        String id = change.validatorId();
        String key = change.publicKey() != null ? change.publicKey() : activeKeys.getOrDefault(id, "");
        Account account = account(id, key);
        accounts.computeIfAbsent(id, i -> new TreeMap<>()).put(key, new Account(account.balance() + change.delta(), 0));
        if (change.sequence() >= 0) {
            activeKeys.put(id, key);
            sequences.put(id, account.nextSequence() + 1);
        }
        return this;
    }

    /** The account of {@code publicKey} under {@code validatorId}, active or not: what its next signed change moves. */
    public Account account(String validatorId, String publicKey) {
        Map<String, Account> byKey = accounts.get(validatorId);
        Account account = byKey == null || publicKey == null ? null : byKey.get(publicKey);
        long balance = account == null ? 0 : account.balance();
        return new Account(balance, sequences.getOrDefault(validatorId, 0L));
    }

    /** The id's active account (see the class comment), or an empty one if it never signed a change. */
    public Account account(String validatorId) {
        return account(validatorId, activeKeys.get(validatorId));
    }

    /** The stake of the id's active account, whichever key it belongs to: what a slash record comes off. */
    public long balanceOf(String validatorId) {
        return account(validatorId).balance();
    }

    /**
     * The stake that weighs for {@code validatorId} voting with {@code publicKey}: its account's
     * balance if that key is the id's active one, else 0. Null key (unsigned votes): the active account.
     */
    public long balanceOf(String validatorId, String publicKey) {
        if (publicKey == null) {
            return balanceOf(validatorId);
        }
        return publicKey.equals(activeKeys.get(validatorId))
                ? account(validatorId, publicKey).balance()
                : 0;
    }

    /** The sequence the id's next bond or unbond must sign, whichever key signs it. */
    public long nextSequence(String validatorId) {
        return account(validatorId).nextSequence();
    }

    /** True when the validator, voting with {@code publicKey}, holds at least the stake {@code rules} require. */
    public boolean mayVote(String validatorId, String publicKey, StakeRules rules) {
        return balanceOf(validatorId, publicKey) >= rules.minimumToVote();
    }

    /**
     * The voting weight of a validator voting with {@code publicKey} at this point of the chain: 0
     * below the minimum stake to vote; otherwise that key's stake ({@link #balanceOf(String,
     * String)}) when {@code rules} derive weight from stake, else {@code configuredWeight} (the
     * validator set's weight). Pure: what a weighted approval policy calls for each voter.
     */
    public long votingWeight(String validatorId, String publicKey, long configuredWeight, StakeRules rules) {
        if (!mayVote(validatorId, publicKey, rules)) {
            return 0;
        }
        return rules.weightFromStake() ? balanceOf(validatorId, publicKey) : configuredWeight;
    }

    /** Every validator that has had stake, by id, with its active account. */
    public Map<String, Account> accounts() {
        Map<String, Account> active = new TreeMap<>();
        accounts.keySet().forEach(id -> active.put(id, account(id)));
        return Map.copyOf(active);
    }

    /** The validator ids that have ever bonded, in id order. */
    public Iterable<String> validators() {
        return accounts.keySet();
    }

    public StakeBalances copy() {
        StakeBalances copy = new StakeBalances();
        accounts.forEach((id, byKey) -> copy.accounts.put(id, new TreeMap<>(byKey)));
        copy.activeKeys.putAll(activeKeys);
        copy.sequences.putAll(sequences);
        return copy;
    }

    /** The active account of a validator if it has ever held stake. */
    public Optional<Account> find(String validatorId) {
        return accounts.containsKey(validatorId) ? Optional.of(account(validatorId)) : Optional.empty();
    }
}
