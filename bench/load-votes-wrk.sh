#!/usr/bin/env bash
# HTTP vote load with wrk (Debian package wrk, installed with apt-get when missing): starts a node
# on a fresh temporary ledger at the default difficulty, makes enough proposals, warms the node
# up for 5 s, then lets CLIENTS connections send new, valid votes for SECONDS (bench/votes.lua)
# and prints votes/s, latency percentiles and votes per block, in the same lines (and, with a
# third argument, the same JSON) as bench/VoteLoad.java. wrk is a C load generator: on a 2-core
# machine it leaves the node far more of the CPU than the Java client does. Loopback only.
# usage: bench/load-votes-wrk.sh [clients=64] [seconds=20] [json-out]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CLIENTS=${1:-64}
SECONDS_MEASURED=${2:-20}
JSON=${3:-}
THREADS=2
if ! command -v wrk > /dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk > /dev/null
fi
./mvnw -B -q -DskipTests package
source bench/node.sh
start_node NODE
WORK=$(mktemp -d)
NODE_DIRS+=("$WORK")
chain_length() { curl -s "$NODE/decentralized/status" | sed -n 's/.*"chain_length":\([0-9]*\).*/\1/p'; }

# Enough proposals for 3,000 votes/s over warm-up and measurement: repeated votes would be refused.
java bench/MakeProposals.java "$NODE" $(( (3000 * (SECONDS_MEASURED + 5)) / CLIENTS + 1 )) "$WORK/proposals.txt"

wrk -t "$THREADS" -c "$CLIENTS" -d 5s --timeout 30s -s bench/votes.lua "$NODE" \
    -- "$WORK/proposals.txt" "$CLIENTS" "$THREADS" warmup > /dev/null
before=$(chain_length)
wrk -t "$THREADS" -c "$CLIENTS" -d "${SECONDS_MEASURED}s" --timeout 30s -s bench/votes.lua "$NODE" \
    -- "$WORK/proposals.txt" "$CLIENTS" "$THREADS" v > "$WORK/wrk.txt"
after=$(chain_length)
printf 'clients:          %d\n' "$CLIENTS"
sed -n '/^votes:/,$p' "$WORK/wrk.txt"
python3 - "$WORK/wrk.txt" "$((after - before))" "$JSON" "$CLIENTS" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
blocks = int(sys.argv[2])
num = lambda pattern: float(re.search(pattern, text).group(1))
votes = int(num(r"votes: +(\d+)"))
print(f"blocks:           {blocks} for {votes} votes ({votes / max(1, blocks):.1f} votes per block)")
if sys.argv[3]:
    json.dump({"tool": "wrk", "clients": int(sys.argv[4]), "votes": votes,
               "failures": int(num(r"\((\d+) refused or failed\)")),
               "votes_per_second": num(r"votes per second: +([\d.]+)"),
               "p50_ms": num(r"p50 ([\d.]+)"), "p90_ms": num(r"p90 ([\d.]+)"), "p99_ms": num(r"p99 ([\d.]+)"),
               "max_ms": num(r"max ([\d.]+)"), "blocks": blocks, "seconds": num(r"elapsed: +([\d.]+)")},
              open(sys.argv[3], "w"))
PY
