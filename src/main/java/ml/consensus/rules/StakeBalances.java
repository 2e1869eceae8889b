package ml.consensus.rules;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;

/**
 * Every validator's bonded stake and signed-change sequence, as a fold over ledger records in
 * chain order: a bond adds, an unbond and a slash subtract, and each bond or unbond moves the
 * validator's sequence on by one. Balances at any block are {@link #atBlock} of the chain; nothing
 * but the records is needed. Not thread-safe; {@link #copy()} before sharing.
 */
public final class StakeBalances {

    /** The most stake one validator may hold: 10^12 units, so that slashing arithmetic fits a long. */
    public static final long MAX_BALANCE = 1_000_000_000_000L;

    /** One validator's stake and how many signed changes it has made. */
    public record Account(long balance, long nextSequence) {
        static final Account EMPTY = new Account(0, 0);
    }

    private final Map<String, Account> accounts = new TreeMap<>();

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

    /** Applies one change. */
    public StakeBalances apply(StakeChange change) {
        Account account = account(change.validatorId());
        long sequence = change.sequence() >= 0 ? account.nextSequence() + 1 : account.nextSequence();
        accounts.put(change.validatorId(), new Account(account.balance() + change.delta(), sequence));
        return this;
    }

    public Account account(String validatorId) {
        return accounts.getOrDefault(validatorId, Account.EMPTY);
    }

    public long balanceOf(String validatorId) {
        return account(validatorId).balance();
    }

    /** The sequence the validator's next bond or unbond must sign. */
    public long nextSequence(String validatorId) {
        return account(validatorId).nextSequence();
    }

    /** True when the validator holds at least the stake {@code rules} require to vote. */
    public boolean mayVote(String validatorId, StakeRules rules) {
        return balanceOf(validatorId) >= rules.minimumToVote();
    }

    /**
     * The voting weight of a validator at this point of the chain: 0 below the minimum stake to
     * vote; otherwise its bonded stake when {@code rules} derive weight from stake, else
     * {@code configuredWeight} (the validator set's weight). Pure: what a weighted approval
     * policy calls for each voter.
     */
    public long votingWeight(String validatorId, long configuredWeight, StakeRules rules) {
        if (!mayVote(validatorId, rules)) {
            return 0;
        }
        return rules.weightFromStake() ? balanceOf(validatorId) : configuredWeight;
    }

    /** Every validator that has had stake, by id. */
    public Map<String, Account> accounts() {
        return Map.copyOf(accounts);
    }

    /** The validator ids that have ever bonded, in id order. */
    public Iterable<String> validators() {
        return accounts.keySet();
    }

    public StakeBalances copy() {
        StakeBalances copy = new StakeBalances();
        copy.accounts.putAll(accounts);
        return copy;
    }

    /** The account of a validator if it has ever held stake. */
    public Optional<Account> find(String validatorId) {
        return Optional.ofNullable(accounts.get(validatorId));
    }
}
