#!/usr/bin/env bash
# HTTP load figures: starts a node on a fresh temporary ledger at the default difficulty, sends
# votes from concurrent clients (bench/VoteLoad.java), prints votes/s, latency percentiles and
# votes per block, and stops the node. Loopback only. Needs only a JDK 17 (and python3 for a port).
# usage: bench/load-votes.sh [clients=64] [votes=20000] [json-out]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CLIENTS=${1:-64}
VOTES=${2:-20000}
JSON=${3:-}
./mvnw -B -q -DskipTests package
source bench/node.sh
start_node NODE
java bench/VoteLoad.java "$NODE" "$CLIENTS" "$VOTES" $JSON
