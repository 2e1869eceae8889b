package ml.consensus.stake;

import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import ml.consensus.history.RulesHistory;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.LedgerTime;
import ml.consensus.ledger.RecordType;
import ml.consensus.policy.Electorate;
import ml.consensus.refusal.Refusal;
import ml.consensus.rules.RulesInForce;
import ml.consensus.rules.StakeBalances;
import ml.consensus.rules.StakeRecords;
import ml.consensus.rules.StakeRules;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.LedgerBinding;
import ml.consensus.validator.StakeMessage;
import ml.consensus.validator.ValidatorKey;
import ml.consensus.writer.LedgerWriter;
import ml.consensus.writer.LiveRules;
import ml.consensus.writer.PendingRecords;

/**
 * Stake on the live node: signed bonds and unbonds, and the balances and standing they give. The
 * minimum stake to vote and the slashes after an apply are checked where votes and applies are
 * written ({@code proposal.StakeJudgement}). Bonds and unbonds go through {@link LedgerWriter} like every write, checked
 * against the ledger plus the writes before them in the block; docs/stake.md has the rules.
 */
@Service
public class StakeService {

    private static final Logger log = LoggerFactory.getLogger(StakeService.class);
    private static final Pattern SIGNATURE_HEX = Pattern.compile("[0-9a-f]{128}");

    /** A bond or unbond on the ledger. */
    public record Changed(
            String validatorId, String operation, long amount, long sequence, long balanceAfter, Block block) {}

    /**
     * Where the validators stood after a block: the stake rules and validator set in force from
     * the next block, and the balances.
     */
    public record Standing(StakeRules rules, Electorate electorate, StakeBalances balances) {}

    private final LiveRules rules;
    private final RulesHistory history;
    private final StakeLedger stakeLedger;
    private final LedgerWriter batcher;
    private final Clock clock;

    StakeService(LiveRules rules, RulesHistory history, StakeLedger stakeLedger, LedgerWriter batcher, Clock clock) {
        this.rules = rules;
        this.history = history;
        this.stakeLedger = stakeLedger;
        this.batcher = batcher;
        this.clock = clock;
    }

    /** Balances now. */
    public StakeBalances balances() {
        return stakeLedger.balances(PendingRecords.none());
    }

    /** Rules, validators and balances after block {@code blockIndex}, from the ledger alone. */
    public Standing standingAfter(long blockIndex) {
        RulesInForce then = history.after(blockIndex);
        return new Standing(then.upcomingStakeRules(), then.upcoming().electorate(), stakeLedger.atBlock(blockIndex));
    }

    /**
     * Records a signed bond ({@code bond}) or unbond ({@code unbond}). Refuses a malformed request
     * (400), a node without a validator set or a validator outside it (403), a signature that does
     * not verify over {@link StakeMessage} (401), a sequence other than the validator's next (409:
     * a replayed or stale signature), an unbond of more than the balance and a balance over the
     * maximum (409).
     */
    public Changed change(String operation, String validatorId, Long amount, Long sequence, String signature) {
        String key = checkRequest(operation, validatorId, amount, sequence, signature);
        LedgerBinding ledger = rules.binding();
        String message = StakeMessage.text(ledger, operation, validatorId, amount, sequence);
        if (!Ed25519.verify(
                HexFormat.of().parseHex(key),
                StakeMessage.bytes(ledger, operation, validatorId, amount, sequence),
                HexFormat.of().parseHex(signature))) {
            throw Refusal.unauthorized(
                    "signature does not verify with " + validatorId + "'s public key over '" + message + "'");
        }
        RecordType type = StakeMessage.BOND.equals(operation) ? RecordType.STAKE_BONDED : RecordType.STAKE_UNBONDED;
        return batcher.submit(view -> {
            // Governance may have changed the set since the signature was checked: check the key again.
            if (!rules.stakeKey(validatorId, operation).equals(Optional.of(key))) {
                throw Refusal.forbidden("validator " + validatorId + " is no longer in the validator set");
            }
            StakeBalances balances = stakeLedger.balances(view.pending());
            // The signing key's own account: a re-added id's new key starts at 0 (issue 15.6).
            StakeBalances.Account account = balances.account(validatorId, key);
            if (sequence != account.nextSequence()) {
                throw Refusal.conflict("sequence " + sequence + " is not " + validatorId + "'s next stake sequence ("
                        + account.nextSequence() + "): a signed stake change counts once; sign again with "
                        + account.nextSequence());
            }
            long after = type == RecordType.STAKE_BONDED ? account.balance() + amount : account.balance() - amount;
            if (after < 0) {
                throw Refusal.conflict(
                        validatorId + " cannot unbond " + amount + ": its stake is " + account.balance());
            }
            if (after > StakeBalances.MAX_BALANCE) {
                throw Refusal.conflict(validatorId + " cannot hold more than " + StakeBalances.MAX_BALANCE
                        + " stake; it holds " + account.balance());
            }
            LedgerRecord record =
                    StakeRecords.signedChange(type, validatorId, amount, sequence, after, now(), signature, key);
            return new LedgerWriter.Staged<>(List.of(record), null, block -> {
                log.info(
                        "{} of {} by {} recorded in block {}; stake now {}",
                        operation,
                        amount,
                        validatorId,
                        block.index(),
                        after);
                return new Changed(validatorId, operation, amount, sequence, after, block);
            });
        });
    }

    /** The public key that must have signed this change; refusals as {@link #change}. */
    private String checkRequest(String operation, String validatorId, Long amount, Long sequence, String signature) {
        if (validatorId == null || !ValidatorKey.isWellFormedId(validatorId)) {
            throw Refusal.invalid("validator_id is required: 1 to 128 characters of letters, digits and . _ : @ -,"
                    + " starting with a letter or digit");
        }
        if (amount == null || amount < 1 || amount > StakeBalances.MAX_BALANCE) {
            throw Refusal.invalid("amount is required: a whole number from 1 to " + StakeBalances.MAX_BALANCE);
        }
        if (sequence == null || sequence < 0) {
            throw Refusal.invalid("sequence is required: the validator's next stake sequence (GET /stake/" + validatorId
                    + " shows it), a whole number from 0");
        }
        if (!rules.signaturesRequired()) {
            throw Refusal.forbidden("this node has no validator set (consensus.validator-set-file): stake is"
                    + " bonded with signed records, so only validators with keys hold stake");
        }
        String key = rules.stakeKey(validatorId, operation)
                .orElseThrow(() -> Refusal.forbidden("validator "
                        + validatorId + " is not in the validator set"
                        + (StakeMessage.UNBOND.equals(operation)
                                ? " and never was"
                                : " (a former validator may only unbond)")));
        if (signature == null || !SIGNATURE_HEX.matcher(signature).matches()) {
            throw Refusal.unauthorized("signature is required: 128 lower-case hex characters, an Ed25519"
                    + " signature over '" + StakeMessage.prefix(rules.binding()) + "<bond|unbond>:" + validatorId
                    + ":<amount>:"
                    + "<sequence>'");
        }
        return key;
    }

    private String now() {
        return LedgerTime.now(clock);
    }
}
