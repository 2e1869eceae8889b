package ml.consensus.cluster;

/**
 * A {@code host:port} the Raft transport binds to or connects to ({@code [::1]:9000} for IPv6).
 *
 * @param host a host name or an IP address, without brackets
 * @param port 1 to 65535
 */
record RaftAddress(String host, int port) {

    RaftAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a Raft address needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a Raft address needs a port from 1 to 65535, got " + port);
        }
    }

    /** Parses {@code host:port}; throws IllegalArgumentException for anything else. */
    static RaftAddress parse(String address) {
        if (address == null) {
            throw new IllegalArgumentException("a Raft address is host:port, got null");
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("a Raft address is host:port, got '" + address + "'");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new RaftAddress(host, Integer.parseInt(address.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a Raft address is host:port, got '" + address + "'", e);
        }
    }
}
