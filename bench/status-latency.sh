#!/usr/bin/env bash
# Read latency against ledger size. Generates two ledgers of the benchmark's shape (proposals,
# signed 2-of-3 approvals and applies, one record per block, mined at difficulty 8 so that making
# 10,000 blocks is quick; a read costs the same at any difficulty), starts one node on each with
# --consensus.restore-from (much faster than 10,000 proposals over HTTP, one block each), and reads /decentralized/status, /model-info, one proposal and
# one block from both in alternating rounds (bench/StatusLatency.java). Prints mean, p50, p99 and
# max latency per size and the ratios. Loopback only.
# usage: bench/status-latency.sh [small=10] [large=10000] [requests=4000] [json-out]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SMALL_BLOCKS=${1:-10}
LARGE_BLOCKS=${2:-10000}
REQUESTS=${3:-4000}
JSON=${4:-}
./mvnw -B -q -DskipTests package
./mvnw -B -q -Pbench -DskipTests compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench/classpath.txt -Dmdep.includeScope=runtime
LEDGERS=$(mktemp -d)
source bench/node.sh
NODE_DIRS+=("$LEDGERS")
CP="target/bench/classes:$(cat target/bench/classpath.txt)"
for n in "$SMALL_BLOCKS" "$LARGE_BLOCKS"; do
    java -cp "$CP" ml.consensus.bench.WriteBenchmarkLedger "$n" "$LEDGERS/ledger-$n.json" "$LEDGERS/validators.json"
done
start_node SMALL --consensus.difficulty=8 --consensus.validator-set-file="$LEDGERS/validators.json" \
    --consensus.restore-from="$LEDGERS/ledger-$SMALL_BLOCKS.json"
start_node LARGE --consensus.difficulty=8 --consensus.validator-set-file="$LEDGERS/validators.json" \
    --consensus.restore-from="$LEDGERS/ledger-$LARGE_BLOCKS.json"
java bench/StatusLatency.java "$SMALL" "$LARGE" "$REQUESTS" $JSON
