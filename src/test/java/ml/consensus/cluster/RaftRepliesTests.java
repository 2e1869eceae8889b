package ml.consensus.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.ReconfigurationInProgressException;
import org.apache.ratis.protocol.exceptions.SetConfigurationException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class RaftRepliesTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final ClusterPeer LEADER = new ClusterPeer("n1", "127.0.0.1:9001", "http://n1:5000");
    private static final RaftGroupMemberId MEMBER =
            RaftGroupMemberId.valueOf(RaftPeerId.valueOf("n2"), RaftGroupId.randomId());

    private final AtomicBoolean leading = new AtomicBoolean(true);
    private final AtomicReference<Halt> halt = new AtomicReference<>();
    private final RaftReplies replies = new RaftReplies(
            "n2",
            leading::get,
            () -> new NotLeaderException("n2", Optional.of(LEADER)),
            () -> Optional.ofNullable(halt.get()));
    private final StagedEntry staged = new StagedEntry(4, new byte[] {1});

    @Test
    void shouldReadTheOutcomeTheLeaderApplied() {
        assertThat(replies.appended(staged, success(ApplyOutcome.applied(9)), null, TIMEOUT))
                .isEqualTo(9);

        Throwable stale = catchThrowable(() -> replies.appended(staged, success(ApplyOutcome.stale(7)), null, TIMEOUT));
        assertThat(stale).isInstanceOf(StaleAppendException.class);
        assertThat(((StaleAppendException) stale).expectedLast()).isEqualTo(4);
        assertThat(((StaleAppendException) stale).actualLast()).isEqualTo(7);

        Throwable halted = catchThrowable(() -> replies.appended(
                staged, success(ApplyOutcome.halted(new Halt(9, "bad proof of work"))), null, TIMEOUT));
        assertThat(halted).isInstanceOf(LogHaltedException.class).hasMessageContaining("bad proof of work");
    }

    @Test
    void shouldCallATimeoutOnALeaderNotCommittedAndOnAFollowerNotLeader() {
        Throwable onLeader = catchThrowable(
                () -> replies.appended(staged, null, new CompletionException(new TimeoutException()), TIMEOUT));
        leading.set(false);
        Throwable afterSteppingDown = catchThrowable(
                () -> replies.appended(staged, null, new CompletionException(new TimeoutException()), TIMEOUT));

        assertThat(onLeader)
                .isInstanceOf(NotCommittedException.class)
                .hasMessageContaining("PT2S")
                .hasMessageContaining("may still be committed");
        assertThat(afterSteppingDown).isInstanceOf(NotLeaderException.class);
        assertThat(((NotLeaderException) afterSteppingDown).leader()).contains(LEADER);
    }

    @Test
    void shouldReportRatisLeadershipRefusalsAsNotLeader() {
        Throwable notLeader = catchThrowable(() -> replies.appended(
                staged,
                failure(new org.apache.ratis.protocol.exceptions.NotLeaderException(MEMBER, null, List.of())),
                null,
                TIMEOUT));
        Throwable notReady = catchThrowable(() ->
                replies.appended(staged, null, new CompletionException(new LeaderNotReadyException(MEMBER)), TIMEOUT));

        assertThat(notLeader).isInstanceOf(NotLeaderException.class);
        assertThat(notReady).isInstanceOf(NotLeaderException.class);
    }

    @Test
    void shouldReportAnyFailureOfAHaltedNodeAsTheHalt() {
        halt.set(new Halt(3, "model hash mismatch"));

        Throwable failure = catchThrowable(() -> replies.appended(
                staged,
                failure(new org.apache.ratis.protocol.exceptions.NotLeaderException(MEMBER, null, List.of())),
                null,
                TIMEOUT));

        assertThat(failure).isInstanceOf(LogHaltedException.class);
        assertThat(((LogHaltedException) failure).halt()).isEqualTo(halt.get());
    }

    @Test
    void shouldWrapOtherEngineFailuresAsNotCommitted() {
        StateMachineException inReply = new StateMachineException("state machine failed");
        RaftException thrown = new RaftException("pending request limit reached");

        Throwable replied = catchThrowable(() -> replies.appended(staged, failure(inReply), null, TIMEOUT));
        Throwable failed =
                catchThrowable(() -> replies.appended(staged, null, new CompletionException(thrown), TIMEOUT));

        assertThat(replied).isInstanceOf(NotCommittedException.class).hasCause(inReply);
        assertThat(failed).isInstanceOf(NotCommittedException.class).hasCause(thrown);
    }

    @Test
    void shouldReportConfigurationRefusalsAsMembershipChanges() {
        Throwable inProgress = catchThrowable(() -> replies.membersChanged(
                null, new CompletionException(new ReconfigurationInProgressException("in progress")), TIMEOUT));
        Throwable changed = catchThrowable(() -> replies.membersChanged(
                null,
                new CompletionException(new SetConfigurationException("current configuration is different")),
                TIMEOUT));
        Throwable timedOut = catchThrowable(
                () -> replies.membersChanged(null, new CompletionException(new TimeoutException()), TIMEOUT));

        assertThat(inProgress).isInstanceOf(MembershipChangeException.class).hasMessageContaining("in progress");
        assertThat(changed).isInstanceOf(MembershipChangeException.class).hasMessageContaining("different");
        assertThat(timedOut).isInstanceOf(NotCommittedException.class).hasMessageContaining("membership change");
        replies.membersChanged(success(ApplyOutcome.applied(1)), null, TIMEOUT);
    }

    private static RaftClientReply success(ApplyOutcome outcome) {
        return reply().setSuccess()
                .setMessage(Message.valueOf(ByteString.copyFrom(outcome.toBytes())))
                .build();
    }

    private static RaftClientReply failure(RaftException exception) {
        return reply().setException(exception).build();
    }

    private static RaftClientReply.Builder reply() {
        return RaftClientReply.newBuilder()
                .setClientId(ClientId.randomId())
                .setServerId(MEMBER)
                .setCallId(1);
    }
}
