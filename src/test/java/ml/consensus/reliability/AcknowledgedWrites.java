package ml.consensus.reliability;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every write the node acknowledged (answered 200 to), with what it answered: the durability
 * promise a restarted node is held to. Written by the workload thread, read by the checker
 * between rounds; synchronised so either may look at any time.
 */
final class AcknowledgedWrites {

    /** A proposal's state, ordered by how far it got; {@code REJECTED} is final like {@code APPLIED}. */
    enum State {
        PROPOSED,
        APPROVED,
        APPLIED,
        REJECTED;

        static State ofWire(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether a proposal acknowledged in {@code this} state may now be in {@code now}. */
        boolean allows(State now) {
            return switch (this) {
                case PROPOSED -> true;
                case APPROVED -> now == APPROVED || now == APPLIED;
                case APPLIED -> now == APPLIED;
                case REJECTED -> now == REJECTED;
            };
        }
    }

    record Vote(String validatorId, String kind, long blockIndex) {}

    record Checkpoint(String modelHash, String file, long blockIndex) {}

    /** One acknowledged proposal, what was acknowledged about it, and what the workload last knew of it. */
    static final class Proposal {
        final String hash;
        final long proposedInBlock;
        final Map<String, Vote> votes = new LinkedHashMap<>();
        State acknowledgedState = State.PROPOSED;
        Long appliedInBlock;
        String modelHashAfter;
        /** Workload's view: the state as last seen (acknowledged or read back after a restart). */
        State knownState = State.PROPOSED;
        /** Workload's view: validators known to have voted (acknowledged or read back). */
        final Set<String> knownVoters = new HashSet<>();
        /** Workload's view: apply was refused (model moved on), don't pick it again. */
        boolean stale;

        Proposal(String hash, long proposedInBlock) {
            this.hash = hash;
            this.proposedInBlock = proposedInBlock;
        }
    }

    private final Map<String, Proposal> proposals = new LinkedHashMap<>();
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private long highestBlock;
    private int count;

    synchronized void proposed(String hash, long block) {
        seen(block, "proposal " + hash);
        if (proposals.putIfAbsent(hash, new Proposal(hash, block)) != null) {
            violations.add("proposal " + hash + " acknowledged twice (second time in block " + block + ")");
        }
    }

    synchronized void voted(String hash, String validatorId, String kind, long block, State stateAfter) {
        seen(block, kind + " of " + hash + " by " + validatorId);
        Proposal proposal = proposals.get(hash);
        proposal.votes.put(validatorId, new Vote(validatorId, kind, block));
        proposal.knownVoters.add(validatorId);
        proposal.acknowledgedState = stateAfter;
        proposal.knownState = stateAfter;
    }

    synchronized void applied(String hash, long block, String modelHashAfter) {
        seen(block, "apply of " + hash);
        Proposal proposal = proposals.get(hash);
        proposal.acknowledgedState = State.APPLIED;
        proposal.knownState = State.APPLIED;
        proposal.appliedInBlock = block;
        proposal.modelHashAfter = modelHashAfter;
    }

    synchronized void checkpointed(String modelHash, String file, long block) {
        seen(block, "checkpoint " + file);
        checkpoints.add(new Checkpoint(modelHash, file, block));
    }

    /** The client is serial, so each acknowledged write must sit in a block above every earlier one. */
    private void seen(long block, String what) {
        if (block <= highestBlock) {
            violations.add(what + " acknowledged in block " + block + ", but block " + highestBlock
                    + " was already acknowledged for an earlier write: a block index was handed out twice");
        }
        highestBlock = Math.max(highestBlock, block);
        count++;
    }

    synchronized Collection<Proposal> proposals() {
        return List.copyOf(proposals.values());
    }

    synchronized List<Checkpoint> checkpoints() {
        return List.copyOf(checkpoints);
    }

    /** The highest block index any acknowledged write reported (0 = only genesis). */
    synchronized long highestBlock() {
        return highestBlock;
    }

    /** How many writes were acknowledged. */
    synchronized int count() {
        return count;
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }
}
