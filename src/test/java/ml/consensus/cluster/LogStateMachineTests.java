package ml.consensus.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import static ml.consensus.cluster.RecordingEntries.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The apply rules, without a Raft server: entries are fed to the state machine as Ratis would. */
class LogStateMachineTests {

    private final List<Halt> halts = new CopyOnWriteArrayList<>();

    @Test
    void shouldHandEachEntryToTheNodeWithItsIndex() {
        RecordingEntries entries = new RecordingEntries();
        LogStateMachine machine = machineFor(entries);

        // Index 2 stands for a configuration entry: Ratis does not pass those to applyTransaction.
        assertThat(apply(machine, 1, StagedEntry.unconditional(bytes("one")))).isEqualTo(ApplyOutcome.applied(1));
        assertThat(apply(machine, 3, StagedEntry.unconditional(bytes("three")))).isEqualTo(ApplyOutcome.applied(3));

        assertThat(entries.applied())
                .containsExactly(new RecordingEntries.Applied(1, "one"), new RecordingEntries.Applied(3, "three"));
        assertThat(machine.lastApplied()).isEqualTo(3);
    }

    @Test
    void shouldPassOverTheEntriesTheNodeAppliedBeforeThisStart() throws EntryRefusedException {
        RecordingEntries entries = new RecordingEntries();
        entries.apply(1, bytes("one"));
        entries.apply(2, bytes("two"));
        LogStateMachine machine = machineFor(entries);

        apply(machine, 1, StagedEntry.unconditional(bytes("one")));
        apply(machine, 2, StagedEntry.unconditional(bytes("two")));
        apply(machine, 3, StagedEntry.unconditional(bytes("three")));

        assertThat(entries.applyCalls()).containsExactly(1L, 2L, 3L);
        assertThat(entries.texts()).containsExactly("one", "two", "three");
    }

    @Test
    void shouldApplyAConditionalEntryOnlyDirectlyAfterTheEntryItWasBuiltOn() {
        RecordingEntries entries = new RecordingEntries();
        LogStateMachine machine = machineFor(entries);

        assertThat(apply(machine, 1, new StagedEntry(0, bytes("first")))).isEqualTo(ApplyOutcome.applied(1));
        assertThat(apply(machine, 2, new StagedEntry(0, bytes("rival")))).isEqualTo(ApplyOutcome.stale(1));
        assertThat(apply(machine, 3, new StagedEntry(1, bytes("second")))).isEqualTo(ApplyOutcome.applied(3));

        assertThat(entries.texts()).containsExactly("first", "second");
        assertThat(halts).isEmpty();
    }

    @Test
    void shouldHaltAtTheFirstRefusedEntryAndApplyNoneAfterIt() {
        RecordingEntries entries = new RecordingEntries().refusing("bad"::equals);
        LogStateMachine machine = machineFor(entries);

        apply(machine, 1, StagedEntry.unconditional(bytes("good")));
        ApplyOutcome refused = apply(machine, 2, StagedEntry.unconditional(bytes("bad")));
        ApplyOutcome after = apply(machine, 3, StagedEntry.unconditional(bytes("good again")));

        Halt halt = new Halt(2, "test check refused 'bad'");
        assertThat(refused).isEqualTo(ApplyOutcome.halted(halt));
        assertThat(after).isEqualTo(ApplyOutcome.halted(halt));
        assertThat(machine.halted()).contains(halt);
        assertThat(halts).containsExactly(halt);
        assertThat(entries.applyCalls()).containsExactly(1L, 2L);
        assertThat(machine.lastApplied()).isEqualTo(1);
    }

    @Test
    void shouldHaltRatherThanSkipWhenTheNodeFailsOnAnEntry() {
        CommittedEntries failing = new CommittedEntries() {
            @Override
            public void apply(long index, byte[] entry) {
                throw new IllegalStateException("database unavailable");
            }

            @Override
            public long lastApplied() {
                return 0;
            }
        };
        LogStateMachine machine = machineFor(failing);

        apply(machine, 1, StagedEntry.unconditional(bytes("x")));

        assertThat(machine.halted()).hasValueSatisfying(halt -> {
            assertThat(halt.index()).isEqualTo(1);
            assertThat(halt.reason()).contains("applying the entry failed").contains("database unavailable");
        });
    }

    @Test
    void shouldHaltOnALogEntryThatIsNotAStagedEntry() {
        RecordingEntries entries = new RecordingEntries();
        LogStateMachine machine = machineFor(entries);

        ApplyOutcome outcome = applyRaw(machine, 1, new byte[] {9, 9});

        assertThat(outcome.kind()).isEqualTo(ApplyOutcome.Kind.HALTED);
        assertThat(machine.halted().orElseThrow().reason()).contains("not a staged entry");
        assertThat(entries.applyCalls()).isEmpty();
    }

    @Test
    void shouldDeclineASnapshotAndHaltOnlyWhenTheLeaderLacksTheNextEntry() {
        LogStateMachine machine = machineFor(new RecordingEntries());
        RoleInfoProto role = RoleInfoProto.getDefaultInstance();

        // A node that joins empty is offered one once; the leader still has the whole log.
        assertThat(machine.notifyInstallSnapshotFromLeader(role, TermIndex.valueOf(1, 0))
                        .join())
                .isNull();
        assertThat(machine.halted()).isEmpty();

        assertThat(machine.notifyInstallSnapshotFromLeader(role, TermIndex.valueOf(3, 500))
                        .join())
                .isNull();
        assertThat(machine.halted()).hasValueSatisfying(halt -> {
            assertThat(halt.index()).isEqualTo(1);
            assertThat(halt.reason()).contains("snapshot is not supported");
        });
        assertThat(halts).hasSize(1);
    }

    @Test
    void shouldBeReadyOnlyOnceTheLeaderOfTheTermSaysSo() {
        LogStateMachine machine = machineFor(new RecordingEntries());

        machine.notifyLeaderChanged(null, null);
        CompletableFuture<Void> firstTerm = machine.readiness();
        assertThat(firstTerm).isNotDone();
        machine.notifyLeaderReady();
        assertThat(firstTerm).isCompleted();

        machine.notifyLeaderChanged(null, null);
        assertThat(machine.readiness()).isNotDone();
    }

    @Test
    void shouldRefuseANodeThatClaimsANegativeLastApplied() {
        CommittedEntries broken = new CommittedEntries() {
            @Override
            public void apply(long index, byte[] entry) {}

            @Override
            public long lastApplied() {
                return -5;
            }
        };

        assertThatThrownBy(() -> machineFor(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5");
    }

    private LogStateMachine machineFor(CommittedEntries entries) {
        return new LogStateMachine("n1", entries, () -> {}, halts::add);
    }

    private static ApplyOutcome apply(LogStateMachine machine, long index, StagedEntry staged) {
        return applyRaw(machine, index, staged.toBytes());
    }

    private static ApplyOutcome applyRaw(LogStateMachine machine, long index, byte[] data) {
        LogEntryProto entry = LogEntryProto.newBuilder()
                .setTerm(1)
                .setIndex(index)
                .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder().setLogData(ByteString.copyFrom(data)))
                .build();
        TransactionContext transaction = TransactionContext.newBuilder()
                .setStateMachine(machine)
                .setServerRole(RaftPeerRole.FOLLOWER)
                .setLogEntry(entry)
                .build();
        return ApplyOutcome.parse(
                machine.applyTransaction(transaction).join().getContent().toByteArray());
    }
}
