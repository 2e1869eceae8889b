#!/usr/bin/env bash
# Cluster figures (docs/performance.md, "Cluster"): committed votes/s and latency on one node and
# on three nodes in cluster mode (the leader takes the load; each block is committed by 2 of 3
# and applied by all three), then the catch-up rate of a follower that was stopped while the
# others committed blocks. Loopback only; needs a JDK 17 and python3.
# usage: bench/cluster-votes.sh [clients=64] [votes=6000] [catch-up votes=6000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CLIENTS=${1:-64}
VOTES=${2:-6000}
CATCHUP_VOTES=${3:-6000}
[ "${SKIP_BUILD:-0}" = 1 ] || ./mvnw -B -q -DskipTests package
source bench/node.sh
# Run a copy: a build during the run rewrites target/consensus-ml.jar under the running JVMs.
JAR=$(mktemp -d)/consensus-ml.jar
cp target/consensus-ml.jar "$JAR"
NODE_DIRS+=("$(dirname "$JAR")")
NODE_JAR=$JAR

json() {  # json URL PYTHON-EXPRESSION-ON-d
    curl -fsS "$1" | python3 -c "import json,sys; d=json.load(sys.stdin); print($2)"
}

echo "== one node"
start_node ONE
java bench/VoteLoad.java "$ONE" "$CLIENTS" "$VOTES"
kill "${NODE_PIDS[-1]}"  # the single node, so that it takes no CPU from the three

echo "== three nodes (cluster mode)"
declare -a HTTP RAFT DATA PIDS
for i in 0 1 2; do HTTP[$i]=$(free_port); RAFT[$i]=$(free_port); DATA[$i]=$(mktemp -d); NODE_DIRS+=("${DATA[$i]}"); done
PEERS="n0@127.0.0.1:${RAFT[0]}@http://127.0.0.1:${HTTP[0]},n1@127.0.0.1:${RAFT[1]}@http://127.0.0.1:${HTTP[1]},n2@127.0.0.1:${RAFT[2]}@http://127.0.0.1:${HTTP[2]}"
start_member() {  # start_member i
    local i=$1
    java -jar "$JAR" serve --server.port="${HTTP[$i]}" --consensus.data-dir="${DATA[$i]}" \
        --consensus.cluster.node-id="n$i" --consensus.cluster.peers="$PEERS" \
        --logging.level.root=WARN --logging.level.ml.consensus.replication=INFO >> "${DATA[$i]}/node.log" 2>&1 &
    PIDS[$i]=$!
    NODE_PIDS+=($!)
}
for i in 0 1 2; do start_member "$i"; done
for i in 0 1 2; do
    until java bench/NodeReady.java "http://127.0.0.1:${HTTP[$i]}" 2>/dev/null; do sleep 0.5; done
done
LEADER=""
until [ -n "$LEADER" ]; do
    LEADER=$(json "http://127.0.0.1:${HTTP[0]}/actuator/health" "d['components']['cluster']['details']['leader']" || true)
    sleep 0.5
done
L=${LEADER#n}
echo "leader: $LEADER"
java bench/VoteLoad.java "http://127.0.0.1:${HTTP[$L]}" "$CLIENTS" "$VOTES"

echo "== catch-up of a follower stopped while the others commit"
F=$(( (L + 1) % 3 ))
kill "${PIDS[$F]}"; wait "${PIDS[$F]}" 2>/dev/null || true
java bench/VoteLoad.java "http://127.0.0.1:${HTTP[$L]}" 4 "$CATCHUP_VOTES" > /dev/null || true
TARGET=$(json "http://127.0.0.1:${HTTP[$L]}/decentralized/status" "d['blockchain']['chain_length']")
BEFORE=$(grep -c "" "${DATA[$F]}/node.log" || true)
START_AT=$(python3 -c 'import time; print(time.time())')
start_member "$F"
until [ "$(json "http://127.0.0.1:${HTTP[$F]}/decentralized/status" "d['blockchain']['chain_length']" 2>/dev/null || echo 0)" -ge "$TARGET" ]; do sleep 0.1; done
DONE_AT=$(python3 -c 'import time; print(time.time())')
python3 - "$TARGET" "$START_AT" "$DONE_AT" <<'PY'
import sys
target, start, done = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"follower restarted and at the leader's {target} blocks after {done - start:.1f} s (JVM start included)")
PY
tail -n +"$((BEFORE + 1))" "${DATA[$F]}/node.log" | grep -h "blocks/s" || echo "(fewer than 100 blocks in a 5 s window: no rate line)"
uptime
