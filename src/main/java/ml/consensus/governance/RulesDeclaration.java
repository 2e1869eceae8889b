package ml.consensus.governance;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import ml.consensus.NodeProperties;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.LedgerTime;
import ml.consensus.ledger.RecordType;
import ml.consensus.policy.ApprovalRule;
import ml.consensus.policy.PolicyParser;
import ml.consensus.refusal.Refusal;
import ml.consensus.rules.ApprovalPolicy;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.StakeRecords;
import ml.consensus.rules.StakeRules;
import ml.consensus.stake.StakeProperties;
import ml.consensus.storage.Ledger;
import ml.consensus.writer.LedgerWriter;
import ml.consensus.writer.LiveRules;
import ml.consensus.writer.NodeState;
import ml.consensus.writer.PendingRecords;

/**
 * Puts the configured rules on the ledger, so that the ledger alone says which rules its records
 * were written under: the approval policy ({@code consensus.approval-policy}) as a
 * {@code policy_declared} record and the stake rules ({@code consensus.stake.*}) as a
 * {@code stake_rules_declared} record, each written once, together in one block, on a ledger
 * without proposals. From then on the ledger is the truth; different configured rules are
 * reported and ignored (change them through governance).
 */
@Component
public class RulesDeclaration {

    private static final Logger log = LoggerFactory.getLogger(RulesDeclaration.class);

    private final Optional<ApprovalRule> configuredPolicy;
    private final StakeRules configuredStake;
    private final LiveRules rules;
    private final NodeState state;
    private final Ledger ledger;
    private final LedgerWriter batcher;
    private final Clock clock;

    RulesDeclaration(
            NodeProperties properties,
            StakeProperties stakeProperties,
            LiveRules rules,
            Ledger ledger,
            NodeState state,
            LedgerWriter batcher,
            Clock clock) {
        this.rules = rules;
        this.ledger = ledger;
        this.state = state;
        this.batcher = batcher;
        this.clock = clock;
        try {
            this.configuredPolicy = Optional.ofNullable(properties.approvalPolicy())
                    .filter(p -> !p.isBlank())
                    .map(PolicyParser::parse);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("consensus.approval-policy: " + e.getMessage(), e);
        }
        this.configuredStake = stakeProperties.rules();
        // Stake needs keys: it is bonded with signed records, so without a validator set nobody could
        // ever reach a minimum, and weights from stake would all be 0.
        if (configuredStake.minimumToVote() > 0 && !rules.signaturesRequired()) {
            throw new IllegalArgumentException("consensus.stake.minimum-to-vote needs a validator set file"
                    + " (consensus.validator-set-file): stake is bonded with signed records");
        }
        if (configuredStake.weightFromStake() && !rules.signaturesRequired()) {
            throw new IllegalArgumentException("consensus.stake.weight-from-stake needs a validator set file"
                    + " (consensus.validator-set-file): stake is bonded with signed records");
        }
        // Refused at once only if no stake rules could make it possible: whether it can be met under
        // the rules that will hold is known once the ledger is read (declareIfConfigured).
        StakeRules mostPermissive =
                rules.signaturesRequired() ? new StakeRules(0, true, Optional.empty()) : StakeRules.NONE;
        configuredPolicy.ifPresent(rule -> checkSatisfiable(rule, mostPermissive));
    }

    private void checkSatisfiable(ApprovalRule rule, StakeRules stake) {
        try {
            ApprovalPolicy.of(rule, rules.policy().electorate(), stake);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("consensus.approval-policy: " + e.getMessage(), e);
        }
    }

    /**
     * The ledger's rules refuse a declared policy that fewer approvals meet than the validator set's
     * quorum (policy_below_quorum): say so at start-up rather than write nothing and run under
     * other rules than configured.
     */
    private void checkQuorum(ApprovalRule rule, StakeRules stake) {
        int required =
                ApprovalPolicy.of(rule, rules.policy().electorate(), stake).required();
        if (required < rules.startingQuorum()) {
            throw new IllegalArgumentException("consensus.approval-policy: " + rule.text() + " can be met by "
                    + required + " approvals, fewer than the quorum of " + rules.startingQuorum()
                    + " the validator set requires; raise the policy or lower the set's quorum");
        }
    }

    /** Declares the configured rules on {@code blocks} (the chain as loaded) where it has none yet. */
    public void declareIfConfigured(List<Block> blocks) {
        if (configuredPolicy.isEmpty() && configuredStake.equals(StakeRules.NONE) && rules.stakeDeclaredInBlock() < 0) {
            return;
        }
        Set<RecordType> present = typesIn(blocks);
        boolean governed = present.contains(RecordType.GOVERNANCE_APPLIED);
        boolean proposed =
                present.contains(RecordType.TRAINING_PROPOSAL) || present.contains(RecordType.GOVERNANCE_PROPOSAL);
        List<LedgerRecord> declarations = new ArrayList<>();
        String now = LedgerTime.now(clock);
        // Stake rules first: where weight derives from stake, the policy is judged in stake.
        if (!configuredStake.equals(StakeRules.NONE) || rules.stakeDeclaredInBlock() >= 0) {
            StakeRules inForce = rules.stakeRules();
            if (rules.stakeDeclaredInBlock() >= 0 || governed) {
                if (!inForce.equals(configuredStake)) {
                    log.warn(
                            "consensus.stake.* configures stake rules {} but the ledger's in force are {}; the"
                                    + " ledger's hold (change them through a set_stake_rules governance proposal)",
                            configuredStake.text(),
                            inForce.text());
                }
            } else if (proposed) {
                throw new IllegalStateException("consensus.stake.* configures stake rules " + configuredStake.text()
                        + " but this ledger already holds proposals made under " + inForce.text() + "; stake rules"
                        + " are declared on a new ledger only (change them through a set_stake_rules governance"
                        + " proposal, or unset the properties)");
            } else {
                declarations.add(StakeRecords.rulesDeclared(configuredStake, now));
            }
        }
        configuredPolicy.map(ApprovalRule::text).ifPresent(wanted -> {
            if (rules.declaredInBlock() >= 0 || governed) {
                if (!rules.policy().text().equals(wanted)) {
                    log.warn(
                            "consensus.approval-policy is {} but the ledger's policy in force is {}; the ledger's"
                                    + " holds (change it through a governance proposal)",
                            wanted,
                            rules.policy().text());
                }
            } else if (proposed) {
                throw new IllegalStateException("consensus.approval-policy is " + wanted + " but this ledger already"
                        + " holds proposals made under " + rules.policy().text() + "; a policy is declared on a new"
                        + " ledger only (change it through a governance proposal, or unset the property)");
            } else {
                // Judged under the stake rules that will hold: those declared with it, else the ledger's.
                StakeRules stakeThen = declarations.isEmpty() ? rules.stakeRules() : configuredStake;
                checkSatisfiable(configuredPolicy.get(), stakeThen);
                checkQuorum(configuredPolicy.get(), stakeThen);
                declarations.add(ConsensusRecords.policyDeclared(wanted, now));
            }
        });
        if (declarations.isEmpty()) {
            return;
        }
        if (!state.isValid()) {
            log.warn("not declaring the configured rules: the ledger failed verification and the node is read-only");
            return;
        }
        try {
            Block block = batcher.submit(view -> {
                // Checked again where the block is assembled: another node on the same database, or a
                // write ahead of this one in the batch, may have made a proposal or declared rules since.
                if (declaredOrProposed(view.pending())) {
                    throw Refusal.conflict("the ledger holds proposals or declared rules by now");
                }
                return new LedgerWriter.Staged<>(declarations, null, b -> b);
            });
            log.info(
                    "rules declared in block {}: {}",
                    block.index(),
                    declarations.stream().map(r -> r.type().wireName()).toList());
        } catch (Refusal lateBy) {
            log.warn("not declaring the configured rules: {}; the ledger's rules hold", lateBy.getMessage());
        }
    }

    private boolean declaredOrProposed(PendingRecords pending) {
        List<RecordType> types = List.of(
                RecordType.TRAINING_PROPOSAL,
                RecordType.GOVERNANCE_PROPOSAL,
                RecordType.POLICY_DECLARED,
                RecordType.STAKE_RULES_DECLARED);
        return types.stream().anyMatch(type -> ledger.countRecords(type) > 0)
                || pending.records().stream().anyMatch(r -> types.contains(r.type()));
    }

    /** The record types the chain holds, in one pass over it. */
    private static Set<RecordType> typesIn(List<Block> blocks) {
        Set<RecordType> types = EnumSet.noneOf(RecordType.class);
        blocks.forEach(block -> block.records().forEach(record -> types.add(record.type())));
        return types;
    }
}
