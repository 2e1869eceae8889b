package ml.consensus.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.ReconfigurationInProgressException;
import org.apache.ratis.protocol.exceptions.SetConfigurationException;

/**
 * Reads what the local Raft server answered to a write, or how the write failed, as this
 * package's outcome: a log index, or one of the {@link ReplicatedLogException}s.
 */
final class RaftReplies {

    private final String nodeId;
    private final BooleanSupplier isLeader;
    private final Supplier<NotLeaderException> notLeader;
    private final Supplier<Optional<Halt>> halted;

    RaftReplies(
            String nodeId,
            BooleanSupplier isLeader,
            Supplier<NotLeaderException> notLeader,
            Supplier<Optional<Halt>> halted) {
        this.nodeId = nodeId;
        this.isLeader = isLeader;
        this.notLeader = notLeader;
        this.halted = halted;
    }

    /** The log index the entry was applied at; throws the reason it was not. */
    long appended(StagedEntry staged, RaftClientReply reply, Throwable failure, Duration timeout) {
        if (failure != null) {
            throw failed(
                    unwrap(failure),
                    "the entry was not committed by a majority within " + timeout
                            + "; it may still be committed later");
        }
        if (!reply.isSuccess()) {
            throw failed(reply.getException(), "");
        }
        ApplyOutcome outcome =
                ApplyOutcome.parse(reply.getMessage().getContent().toByteArray());
        return switch (outcome.kind()) {
            case APPLIED -> outcome.index();
            case STALE -> throw new StaleAppendException(staged.after(), outcome.index());
            case HALTED -> throw new LogHaltedException(nodeId, outcome.halt());
        };
    }

    /** Returns when the membership change was committed; throws the reason it was not. */
    void membersChanged(RaftClientReply reply, Throwable failure, Duration timeout) {
        if (failure != null) {
            Throwable cause = unwrap(failure);
            if (isConfigurationRefusal(cause)) {
                throw new MembershipChangeException(cause.getMessage(), cause);
            }
            throw failed(
                    cause,
                    "the membership change was not committed within " + timeout + "; it may still be committed later");
        }
        if (!reply.isSuccess()) {
            RaftException cause = reply.getException();
            if (isConfigurationRefusal(cause)) {
                throw new MembershipChangeException(cause.getMessage(), cause);
            }
            throw refused(cause);
        }
    }

    private ReplicatedLogException failed(Throwable cause, String timeoutMessage) {
        Optional<Halt> halt = halted.get();
        if (halt.isPresent()) {
            // A halted leader steps down, which fails its pending writes as "not leader"; the
            // halt is what the caller needs to hear.
            return new LogHaltedException(nodeId, halt.get());
        }
        if (cause instanceof TimeoutException) {
            // A leader that lost its majority steps down: say so rather than "too slow".
            return isLeader.getAsBoolean() ? new NotCommittedException(timeoutMessage) : notLeader.get();
        }
        return refused(cause);
    }

    private ReplicatedLogException refused(Throwable cause) {
        if (cause instanceof ReplicatedLogException own) {
            return own;
        }
        if (cause instanceof org.apache.ratis.protocol.exceptions.NotLeaderException
                || cause instanceof LeaderNotReadyException
                || cause instanceof LeaderSteppingDownException) {
            return notLeader.get();
        }
        return new NotCommittedException(
                "the Raft server of node " + nodeId + " did not commit the write: " + cause, cause);
    }

    private static boolean isConfigurationRefusal(Throwable cause) {
        return cause instanceof SetConfigurationException || cause instanceof ReconfigurationInProgressException;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
