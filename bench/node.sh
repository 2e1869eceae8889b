# Sourced by the bench scripts. start_node VAR [spring options...] starts the packaged jar
# (target/consensus-ml.jar) on a free loopback port over a fresh temporary data directory, waits
# until it answers, and sets VAR to its base URL. Every node started is stopped, and its data
# directory deleted, when the script exits.

NODE_PIDS=()
NODE_DIRS=()
stop_nodes() {
    local pid dir
    for pid in "${NODE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${NODE_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    for dir in "${NODE_DIRS[@]}"; do rm -rf "$dir"; done
}
trap stop_nodes EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

start_node() {  # start_node VAR [spring options...]
    local var=$1 data port
    shift
    data=$(mktemp -d)
    port=$(free_port)
    java -jar "${NODE_JAR:-target/consensus-ml.jar}" serve --server.port="$port" --consensus.data-dir="$data" \
        --logging.level.root=WARN "$@" > "$data/node.log" 2>&1 &
    NODE_PIDS+=($!)
    NODE_DIRS+=("$data")
    for _ in $(seq 1 360); do
        if java bench/NodeReady.java "http://127.0.0.1:$port" 2>/dev/null; then
            printf -v "$var" 'http://127.0.0.1:%s' "$port"
            return 0
        fi
        sleep 0.5
    done
    echo "the node on port $port did not start; its log:" >&2
    tail -n 40 "$data/node.log" >&2
    return 1
}
