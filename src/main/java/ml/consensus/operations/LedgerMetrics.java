package ml.consensus.operations;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import ml.consensus.ledger.MinedBlock;
import ml.consensus.ledger.RecordType;
import ml.consensus.rules.SlashingRule;
import ml.consensus.storage.Ledger;
import ml.consensus.writer.BlockWritten;
import ml.consensus.writer.NodeState;

/**
 * The ledger's meters, fed by one {@link BlockWritten} event per block. Counters count what this
 * process wrote since it started (Prometheus' convention; the ledger's totals are in
 * {@code /decentralized/status}); gauges read the node's current state when scraped.
 */
@Component
public class LedgerMetrics {

    private final Map<RecordType, Counter> recordCounters = new EnumMap<>(RecordType.class);
    private final MeterRegistry registry;
    private final Timer mining;
    private final Counter noncesTried;
    private final DistributionSummary blockRecords;
    private final DistributionSummary blockWrites;
    private volatile double lastHashRate;

    LedgerMetrics(MeterRegistry registry, NodeState state, Ledger ledger) {
        this.registry = registry;
        recordCounters.put(
                RecordType.TRAINING_PROPOSAL,
                Counter.builder("consensus.proposals")
                        .description("Training proposals recorded on the ledger by this process")
                        .register(registry));
        recordCounters.put(RecordType.VALIDATOR_APPROVAL, vote(registry, "approve"));
        recordCounters.put(RecordType.VALIDATOR_REJECTION, vote(registry, "reject"));
        recordCounters.put(
                RecordType.MODEL_UPDATE_APPROVED,
                Counter.builder("consensus.applies")
                        .description("Approved updates applied to the model by this process")
                        .register(registry));
        recordCounters.put(
                RecordType.CHECKPOINT_SAVED,
                Counter.builder("consensus.checkpoints")
                        .description("Model checkpoints saved and recorded by this process")
                        .register(registry));
        recordCounters.put(
                RecordType.GOVERNANCE_PROPOSAL,
                Counter.builder("consensus.governance.proposals")
                        .description("Governance proposals recorded on the ledger by this process")
                        .register(registry));
        recordCounters.put(
                RecordType.GOVERNANCE_APPLIED,
                Counter.builder("consensus.governance.applies")
                        .description("Approved governance changes applied by this process")
                        .register(registry));
        recordCounters.put(
                RecordType.PROPOSAL_WITHDRAWN,
                Counter.builder("consensus.withdrawals")
                        .description("Proposals withdrawn by their proposers, recorded by this process")
                        .register(registry));
        recordCounters.put(RecordType.STAKE_BONDED, stakeChange(registry, "bond"));
        recordCounters.put(RecordType.STAKE_UNBONDED, stakeChange(registry, "unbond"));
        // Registered up front so that both series read 0 before the first slash.
        slash(SlashingRule.APPROVED_WORSENING);
        slash(SlashingRule.REJECTED_IMPROVING);
        mining = Timer.builder("consensus.block.mining")
                .description("Time spent mining each block's proof of work")
                .register(registry);
        noncesTried = Counter.builder("consensus.mining.nonces")
                .description("Nonces hashed while mining, all threads; its rate is the node's hash rate")
                .register(registry);
        blockRecords = DistributionSummary.builder("consensus.block.records")
                .description("Records per written block")
                .register(registry);
        blockWrites = DistributionSummary.builder("consensus.block.writes")
                .description("Client writes sharing one block (group commit)")
                .register(registry);
        Gauge.builder("consensus.mining.hashes.per.second", this, m -> m.lastHashRate)
                .description("Hash rate while mining the newest block")
                .register(registry);
        Gauge.builder("consensus.model.vocabulary.size", state, LedgerMetrics::vocabularySize)
                .description("Words in the served model's vocabulary")
                .register(registry);
        Gauge.builder("consensus.ledger.head.index", ledger, l -> l.chainLength() - 1)
                .description("Index of the newest block (genesis is 0)")
                .register(registry);
        Gauge.builder("consensus.ledger.valid", state, s -> s.isValid() ? 1 : 0)
                .description("1 while the ledger passed its last verification, 0 while the node is read-only")
                .register(registry);
    }

    private static Counter vote(MeterRegistry registry, String kind) {
        return Counter.builder("consensus.votes")
                .tag("kind", kind)
                .description("Validator votes recorded on the ledger by this process")
                .register(registry);
    }

    private static Counter stakeChange(MeterRegistry registry, String kind) {
        return Counter.builder("consensus.stake.changes")
                .tag("kind", kind)
                .description("Signed stake bonds and unbonds recorded on the ledger by this process")
                .register(registry);
    }

    /**
     * The slash counter of one reason. The ledger's rules allow two reasons; anything else (a record
     * this code does not know) is counted as {@code other}, so records cannot create new series.
     */
    private Counter slash(String reason) {
        String tag = SlashingRule.APPROVED_WORSENING.equals(reason) || SlashingRule.REJECTED_IMPROVING.equals(reason)
                ? reason
                : "other";
        return Counter.builder("consensus.slashes")
                .tag("reason", tag)
                .description("Validators slashed after an applied update, recorded by this process")
                .register(registry);
    }

    /** NaN until start-up has loaded the model, so a scrape during start-up does not fail. */
    private static double vocabularySize(NodeState state) {
        return state.lastAudit() == null ? Double.NaN : state.model().vocabSize();
    }

    @EventListener
    void written(BlockWritten written) {
        written.recordsByType().forEach((type, count) -> {
            Counter counter = recordCounters.get(type);
            if (counter != null) {
                counter.increment(count);
            }
        });
        // Slashes are counted by reason, which only the record's body says.
        written.block().records().stream()
                .filter(r -> r.type() == RecordType.VALIDATOR_SLASHED)
                .forEach(r -> slash(r.text("reason")).increment());
        MinedBlock mined = written.mined();
        mining.record(mined.miningNanos(), TimeUnit.NANOSECONDS);
        noncesTried.increment((double) mined.noncesTried());
        lastHashRate = mined.hashesPerSecond();
        blockRecords.record(written.block().records().size());
        blockWrites.record(written.writes());
    }
}
