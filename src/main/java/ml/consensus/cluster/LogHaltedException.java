package ml.consensus.cluster;

/**
 * This node's log has halted ({@link ReplicatedLog#halted()}): it refused an entry and applies no
 * more. When the entry of this append is the one refused, it was committed by a majority and other
 * nodes may have applied it.
 */
public final class LogHaltedException extends ReplicatedLogException {

    private static final long serialVersionUID = 1L;

    private final transient Halt halt;

    LogHaltedException(String nodeId, Halt halt) {
        super("node " + nodeId + " " + halt);
        this.halt = halt;
    }

    public Halt halt() {
        return halt;
    }
}
