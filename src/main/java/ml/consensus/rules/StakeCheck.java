package ml.consensus.rules;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.policy.Electorate;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.StakeMessage;

/**
 * The stake share of {@link LedgerRules}, for one walk along a chain, under the stake rules and
 * validator set the ledger holds at each record ({@link RulesInForce}): every bond and unbond is
 * signed by its validator (a member, or for an unbond a former member) over {@link StakeMessage}
 * with the next sequence number, keeps the balance between 0 and {@link StakeBalances#MAX_BALANCE}
 * and states the balance it leaves; every vote's validator holds the minimum stake; and right after
 * each apply come exactly the slashes {@link SlashingRule} decides from the scores the apply
 * records, in the same block, and no others.
 */
final class StakeCheck {

    /** A slash the rules require, waiting for its record. */
    private record Expected(SlashingRule.Slash slash, Sha256 proposalHash, UpdateScore score) {}

    /** The rules of the walk, read at each record: the stake rules and the keys come from the ledger. */
    private final RulesInForce rules;

    private final StakeBalances balances;
    private final Deque<Expected> expected = new ArrayDeque<>();

    StakeCheck(RulesInForce rules) {
        this.rules = rules;
        this.balances = StakeBalances.empty();
    }

    private StakeCheck(RulesInForce rules, StakeCheck from) {
        this.rules = rules;
        this.balances = from.balances.copy();
        this.expected.addAll(from.expected);
    }

    /** An independent copy that reads {@code rules} (the copy of the rules this one read). */
    StakeCheck copy(RulesInForce rules) {
        return new StakeCheck(rules, this);
    }

    /** True while slashes an apply called for are not yet written. */
    boolean owesSlashes() {
        return !expected.isEmpty();
    }

    /** The balances after every record checked so far. */
    StakeBalances balances() {
        return balances;
    }

    /** Before each record: a required slash must come before anything else. */
    Optional<RuleBreach> beforeRecord(LedgerRecord record, long block, int position) {
        if (expected.isEmpty() || record.type() == RecordType.VALIDATOR_SLASHED) {
            return Optional.empty();
        }
        return Optional.of(missing(block, position));
    }

    /** At the end of each block: no required slash may be left over. */
    Optional<RuleBreach> endOfBlock(long block, int records) {
        return expected.isEmpty() ? Optional.empty() : Optional.of(missing(block, records));
    }

    private RuleBreach missing(long block, int position) {
        Expected next = expected.peek();
        return RuleBreach.of(
                RuleCode.MISSING_SLASH,
                block,
                position,
                "no slash",
                "slash of " + next.slash().amount() + " from " + next.slash().validatorId(),
                "the apply of " + next.proposalHash() + " must be followed by a slash of "
                        + next.slash().validatorId() + " (" + next.slash().reason() + ")");
    }

    /** A {@code stake_bonded}, {@code stake_unbonded} or {@code validator_slashed} record. */
    Optional<RuleBreach> checkStakeRecord(LedgerRecord record, long block, int position) {
        StakeChange change = StakeChange.of(record).orElseThrow();
        Optional<RuleBreach> failure = record.type() == RecordType.VALIDATOR_SLASHED
                ? checkSlash(record, change, block, position)
                : checkSignedChange(record, change, block, position);
        if (failure.isEmpty()) {
            balances.apply(change);
        }
        return failure;
    }

    private Optional<RuleBreach> checkSignedChange(LedgerRecord record, StakeChange change, long block, int position) {
        String id = change.validatorId();
        if (!rules.signaturesRequired()) {
            return fail(
                    block,
                    position,
                    RuleCode.STAKE_VALIDATOR,
                    id,
                    "a validator set",
                    "stake record on a ledger checked without a validator set: stake changes are signed");
        }
        Optional<String> key = rules.stakeKey(id, change.operation(), false);
        if (key.isEmpty()) {
            return fail(
                    block,
                    position,
                    RuleCode.STAKE_VALIDATOR,
                    id,
                    "a member of the validator set in force",
                    "stake change by " + id + ", who is not in the validator set in force"
                            + (StakeMessage.UNBOND.equals(change.operation()) ? " and never was" : ""));
        }
        // The account of the key the rules accept; a new key of a re-added id starts at 0 (issue 15.6).
        StakeBalances.Account account = balances.account(id, key.get());
        if (change.sequence() != account.nextSequence()) {
            return fail(
                    block,
                    position,
                    RuleCode.STAKE_SEQUENCE,
                    change.sequence(),
                    account.nextSequence(),
                    "stake change by " + id + " does not carry its next sequence number (a replayed signature?)");
        }
        if (change.amount() < 1 || change.amount() > StakeBalances.MAX_BALANCE) {
            return fail(
                    block,
                    position,
                    RuleCode.STAKE_AMOUNT,
                    change.amount(),
                    "1 to " + StakeBalances.MAX_BALANCE,
                    "stake amount out of range");
        }
        long after = account.balance() + change.delta();
        if (after < 0) {
            return fail(
                    block,
                    position,
                    RuleCode.STAKE_BALANCE,
                    after,
                    ">= 0",
                    id + " unbonds " + change.amount() + " but holds only " + account.balance());
        }
        if (after > StakeBalances.MAX_BALANCE) {
            return fail(
                    block,
                    position,
                    RuleCode.STAKE_BALANCE,
                    after,
                    "<= " + StakeBalances.MAX_BALANCE,
                    id + " would hold more than the most stake allowed");
        }
        if (change.balanceAfter() != after) {
            return fail(
                    block,
                    position,
                    RuleCode.STAKE_BALANCE_AFTER,
                    after,
                    change.balanceAfter(),
                    "the record states another balance than the ledger gives");
        }
        String publicKey = record.text("public_key");
        if (!key.get().equals(publicKey)) {
            return fail(
                    block,
                    position,
                    RuleCode.STAKE_KEY,
                    publicKey,
                    key.get(),
                    "stake change carries a public key that is not " + id + "'s");
        }
        String message = StakeMessage.text(rules.binding(), change.operation(), id, change.amount(), change.sequence());
        if (!Ed25519.verify(
                HexFormat.of().parseHex(key.get()),
                StakeMessage.bytes(rules.binding(), change.operation(), id, change.amount(), change.sequence()),
                parseHex(record.text("signature")))) {
            return fail(
                    block,
                    position,
                    RuleCode.STAKE_SIGNATURE,
                    record.text("signature"),
                    "a signature over '" + message + "'",
                    "signature does not verify with " + id + "'s key");
        }
        return Optional.empty();
    }

    private Optional<RuleBreach> checkSlash(LedgerRecord record, StakeChange change, long block, int position) {
        Expected next = expected.poll();
        if (next == null) {
            return fail(
                    block,
                    position,
                    RuleCode.UNEXPECTED_SLASH,
                    change.validatorId(),
                    "no slash",
                    "slash of " + change.validatorId() + " that no apply calls for");
        }
        JsonNode body = record.json();
        SlashingRule.Slash slash = next.slash();
        boolean matches = slash.validatorId().equals(change.validatorId())
                && next.proposalHash().hex().equals(LedgerRecord.text(body, "proposal_hash"))
                && slash.reason().equals(LedgerRecord.text(body, "reason"))
                && slash.amount() == change.amount()
                && slash.balanceAfter() == change.balanceAfter()
                && sameNumber(body, "score_before", next.score().before())
                && sameNumber(body, "score_after", next.score().after());
        if (!matches) {
            return fail(
                    block,
                    position,
                    RuleCode.SLASH,
                    record.body(),
                    "slash of " + slash.amount() + " from " + slash.validatorId() + " (" + slash.reason()
                            + "), balance after " + slash.balanceAfter(),
                    "slash differs from the one the apply of " + next.proposalHash() + " calls for");
        }
        return Optional.empty();
    }

    private static boolean sameNumber(JsonNode body, String field, double value) {
        JsonNode node = body.get(field);
        return node != null && node.isNumber() && Double.compare(node.asDouble(), value) == 0;
    }

    /** Before a vote is counted: its validator must hold the minimum stake. */
    Optional<RuleBreach> checkVoter(String validatorId, long block, int position) {
        String key = currentKey(validatorId);
        if (balances.mayVote(validatorId, key, rules.stakeRules())) {
            return Optional.empty();
        }
        long held = balances.balanceOf(validatorId, key);
        return fail(
                block,
                position,
                RuleCode.VOTE_STAKE,
                held,
                ">= " + rules.stakeRules().minimumToVote(),
                "validator " + validatorId + " has " + held + " stake bonded under its current key, below the "
                        + rules.stakeRules().minimumToVote() + " needed to vote; bond more with POST /stake/bond");
    }

    /** After an apply: queue the slashes its scores call for; they must follow it at once. */
    Optional<RuleBreach> afterApply(
            Sha256 proposalHash,
            Optional<UpdateScore> score,
            List<String> approvers,
            List<String> rejecters,
            long block,
            int position) {
        Optional<StakeRules.Slashing> slashing = rules.stakeRules().slashing();
        if (slashing.isEmpty()) {
            return Optional.empty();
        }
        if (score.isEmpty()) {
            return fail(
                    block,
                    position,
                    RuleCode.APPLY_SCORE,
                    "no score",
                    "score_before and score_after",
                    "an update without held-out scores where slashing applies");
        }
        SlashingRule.slashes(
                        slashing.get(),
                        score.get().before(),
                        score.get().after(),
                        approvers,
                        rejecters,
                        balances,
                        this::currentKey)
                .forEach(slash -> expected.add(new Expected(slash, proposalHash, score.get())));
        return Optional.empty();
    }

    /** The key the validator votes with in the electorate in force; null where votes are not signed. */
    private String currentKey(String validatorId) {
        return rules.policy()
                .electorate()
                .find(validatorId)
                .map(Electorate.Member::publicKeyHex)
                .orElse(null);
    }

    private static byte[] parseHex(String hex) {
        try {
            return hex == null ? new byte[0] : HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static Optional<RuleBreach> fail(
            long block, int position, RuleCode code, Object computed, Object expected, String message) {
        return Optional.of(RuleBreach.of(code, block, position, computed, expected, message));
    }
}
