package ml.consensus.storage;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.persistence.EntityManager;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import ml.consensus.NodeProperties;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.MinedBlock;
import ml.consensus.ledger.RecordType;

/**
 * A real {@link Ledger} whose next append of a chosen record type can be made to fail once, before
 * it writes or after its rows were flushed. A test double rather than a Mockito spy: stubbing a
 * spy races with the block batcher's thread, which reads the ledger every 200 ms to follow other
 * nodes, and a read that lands inside the stubbing takes the stub's place.
 */
public class FaultyLedger extends Ledger {

    /** Where the failure strikes. */
    public enum When {
        BEFORE_WRITING,
        AFTER_FLUSHING
    }

    private record Fault(RecordType type, When when, AtomicBoolean struck) {}

    private final AtomicReference<Fault> armed = new AtomicReference<>();

    FaultyLedger(
            BlockRepository blocks,
            RecordRepository records,
            RecordCountRepository counts,
            JdbcClient sql,
            EntityManager entityManager,
            Clock clock,
            NodeProperties properties) {
        super(blocks, records, counts, sql, entityManager, clock, properties);
    }

    /** Arms one failure of the next append holding a record of {@code type}; the flag says when it struck. */
    public AtomicBoolean failNextAppendOf(RecordType type, When when) {
        AtomicBoolean struck = new AtomicBoolean(false);
        armed.set(new Fault(type, when, struck));
        return struck;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public MinedBlock append(long expectedHead, Sha256 expectedHeadHash, List<LedgerRecord> newRecords) {
        Fault fault = armed.get();
        if (fault != null
                && newRecords.stream().anyMatch(r -> r.type() == fault.type())
                && armed.compareAndSet(fault, null)) {
            if (fault.when() == When.AFTER_FLUSHING) {
                super.append(expectedHead, expectedHeadHash, newRecords);
            }
            fault.struck().set(true);
            throw new IllegalStateException(
                    "injected storage failure while appending " + fault.type().wireName());
        }
        return super.append(expectedHead, expectedHeadHash, newRecords);
    }

    /** Puts a FaultyLedger in the application context in place of the ledger. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Installed {

        @Bean
        @Primary
        FaultyLedger faultyLedger(
                BlockRepository blocks,
                RecordRepository records,
                RecordCountRepository counts,
                JdbcClient sql,
                EntityManager entityManager,
                Clock clock,
                NodeProperties properties) {
            return new FaultyLedger(blocks, records, counts, sql, entityManager, clock, properties);
        }
    }
}
