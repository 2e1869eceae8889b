#!/usr/bin/env bash
# HTTP load figures: starts a node on a fresh temporary ledger at the default difficulty, sends
# votes from concurrent clients (bench/VoteLoad.java), prints votes/s, latency percentiles and
# votes per block, and stops the node. Loopback only. Needs only a JDK 17.
# usage: bench/load-votes.sh [clients=64] [votes=20000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CLIENTS=${1:-64}
VOTES=${2:-20000}
JAR=target/consensus-ml.jar
./mvnw -B -q -DskipTests package
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 5088)
java -jar "$JAR" --server.port="$PORT" --consensus.data-dir="$DATA" --logging.level.root=WARN > "$DATA/node.log" 2>&1 &
NODE=$!
trap 'kill $NODE 2>/dev/null; wait $NODE 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  if java bench/NodeReady.java "http://127.0.0.1:$PORT" 2>/dev/null; then break; fi
  sleep 0.5
done
java bench/VoteLoad.java "http://127.0.0.1:$PORT" "$CLIENTS" "$VOTES"
