package ml.consensus.consensus;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import ml.consensus.NodeProperties;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerTime;
import ml.consensus.ledger.RecordType;
import ml.consensus.policy.ApprovalRule;
import ml.consensus.policy.PolicyParser;

/**
 * Puts the configured approval policy ({@code consensus.approval-policy}) on the ledger, so that
 * the ledger alone says which policy its votes were counted under: a {@code policy_declared}
 * record, written once, on a ledger without proposals. From then on the ledger is the truth; a
 * different configured policy is reported and ignored (change the policy through governance).
 */
@Component
class PolicyDeclaration {

    private static final Logger log = LoggerFactory.getLogger(PolicyDeclaration.class);

    private final Optional<ApprovalRule> configured;
    private final LiveRules rules;
    private final NodeState state;
    private final BlockBatcher batcher;
    private final Clock clock;

    PolicyDeclaration(NodeProperties properties, LiveRules rules, NodeState state, BlockBatcher batcher,
                      Clock clock) {
        this.rules = rules;
        this.state = state;
        this.batcher = batcher;
        this.clock = clock;
        try {
            this.configured = Optional.ofNullable(properties.approvalPolicy()).filter(p -> !p.isBlank())
                    .map(PolicyParser::parse);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("consensus.approval-policy: " + e.getMessage(), e);
        }
        configured.ifPresent(rule -> {
            try {
                rule.checkSatisfiable(rules.policy().electorate());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("consensus.approval-policy: " + e.getMessage(), e);
            }
        });
    }

    /** Declares the configured policy on {@code blocks} (the chain as loaded) when it has none yet. */
    void declareIfConfigured(List<Block> blocks) {
        if (configured.isEmpty()) {
            return;
        }
        String wanted = configured.get().text();
        boolean governed = blocks.stream().flatMap(b -> b.records().stream())
                .anyMatch(r -> r.type() == RecordType.GOVERNANCE_APPLIED);
        if (rules.declaredInBlock() >= 0 || governed) {
            if (!rules.policy().text().equals(wanted)) {
                log.warn("consensus.approval-policy is {} but the ledger's policy in force is {}; the ledger's"
                        + " holds (change it through a governance proposal)", wanted, rules.policy().text());
            }
            return;
        }
        boolean proposed = blocks.stream().flatMap(b -> b.records().stream())
                .anyMatch(r -> r.type() == RecordType.TRAINING_PROPOSAL || r.type() == RecordType.GOVERNANCE_PROPOSAL);
        if (proposed) {
            throw new IllegalStateException("consensus.approval-policy is " + wanted + " but this ledger already"
                    + " holds proposals made under " + rules.policy().text() + "; a policy is declared on a new"
                    + " ledger only (change it through a governance proposal, or unset the property)");
        }
        if (!state.isValid()) {
            log.warn("not declaring approval policy {}: the ledger failed verification and the node is read-only",
                    wanted);
            return;
        }
        Block block = batcher.submit(view -> new BlockBatcher.Staged<>(
                List.of(ConsensusRecords.policyDeclared(wanted, LedgerTime.now(clock))), null, b -> b));
        log.info("approval policy {} declared in block {}", wanted, block.index());
    }
}
