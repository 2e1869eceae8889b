package ml.consensus.cluster;

import java.util.Objects;

/**
 * Why a node's log stopped applying entries.
 *
 * @param index  the log index of the entry that was not applied
 * @param reason what the node (or the log) said about it
 */
public record Halt(long index, String reason) {

    public Halt {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return "halted at log index " + index + ": " + reason;
    }
}
