#!/usr/bin/env bash
# HTTP vote load with wrk (Debian package wrk, installed with apt-get when missing): starts a node
# on a fresh temporary ledger at the default difficulty, makes enough proposals, warms the node
# up, then lets CLIENTS connections send new, valid votes for SECONDS (bench/votes.lua) and prints
# votes/s, latency percentiles and votes per block, in the same lines as bench/VoteLoad.java.
# wrk is a C load generator: on a 2-core machine it leaves the node far more of the CPU than a
# Java client does. Loopback only.
# usage: bench/load-votes-wrk.sh [clients=64] [seconds=20]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CLIENTS=${1:-64}
SECONDS_MEASURED=${2:-20}
THREADS=2
JAR=${JAR:-target/consensus-ml.jar}
if ! command -v wrk > /dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk > /dev/null
fi
[[ -f "$JAR" ]] || ./mvnw -B -q -DskipTests package
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 5088)
URL="http://127.0.0.1:$PORT"
java -jar "$JAR" --server.port="$PORT" --consensus.data-dir="$DATA" --logging.level.root=WARN > "$DATA/node.log" 2>&1 &
NODE=$!
trap 'kill $NODE 2>/dev/null; wait $NODE 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  if java bench/NodeReady.java "$URL" 2>/dev/null; then break; fi
  sleep 0.5
done
chain_length() { curl -s "$URL/decentralized/status" | sed -n 's/.*"chain_length":\([0-9]*\).*/\1/p'; }

# Enough proposals for 3,000 votes/s over warm-up and measurement: repeated votes would be refused.
PROPOSALS=$(( (3000 * (SECONDS_MEASURED + 5)) / CLIENTS + 1 ))
java bench/MakeProposals.java "$URL" "$PROPOSALS" "$DATA/proposals.txt"

wrk -t "$THREADS" -c "$CLIENTS" -d 5s -s bench/votes.lua "$URL" -- "$DATA/proposals.txt" "$CLIENTS" "$THREADS" warmup > /dev/null
before=$(chain_length)
wrk -t "$THREADS" -c "$CLIENTS" -d "${SECONDS_MEASURED}s" --timeout 30s -s bench/votes.lua "$URL" \
    -- "$DATA/proposals.txt" "$CLIENTS" "$THREADS" v | tee "$DATA/wrk.txt" | sed -n '/^clients:/,$p'
after=$(chain_length)
votes=$(sed -n 's/^votes: *\([0-9]*\).*/\1/p' "$DATA/wrk.txt")
awk -v v="$votes" -v b="$((after - before))" \
    'BEGIN { printf "blocks:           %d for %d votes (%.1f votes per block)\n", b, v, v / (b > 0 ? b : 1) }'
