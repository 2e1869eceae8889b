#!/usr/bin/env bash
# Runs every benchmark with its baseline beside it and writes docs/performance.md:
#   - openssl speed sha256 (one core), then MiningBenchmark, then openssl again;
#   - HashingBenchmark and VerificationBenchmark;
#   - gensim Word2Vec (one worker), then TrainerBenchmark, then gensim again;
#   - over HTTP on loopback: vote load (bench/load-votes-wrk.sh: 64 wrk connections for
#     BENCH_VOTE_SECONDS=20 s) and
#     read latency at 10 and 10,000 blocks (bench/status-latency.sh, BENCH_READS=4000 per endpoint).
# Needs a JDK 17+ on the PATH. Installs openssl and python3-gensim with apt-get when they are
# missing and that is possible; otherwise says so and records the baseline as "not measured".
# Extra arguments go to every JMH run (e.g. -wi 1 -i 1 for a quick look; the report then says so).
set -euo pipefail
BENCH_VOTE_SECONDS=${BENCH_VOTE_SECONDS:-20}
BENCH_READS=${BENCH_READS:-4000}
cd "$(dirname "$0")/.."

OUT=target/bench
RESULTS="$OUT/results"
HEADER_BYTES=108      # a block header with a 24-character timestamp (docs/hashes.md §2)
MESSAGE_BYTES=137     # what the miner hashes per nonce: the 29-byte domain tag + the header
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3

say() { printf '\n== %s\n' "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
phase() {  # phase NAME COMMAND...: runs COMMAND, records the load before and after and the time
    local name=$1 before start status=0
    shift
    before=$(load)
    start=$(date +%s)
    "$@" || status=$?
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$before" "$(load)" "$(( $(date +%s) - start ))" "$status" \
        >> "$RESULTS/phases.tsv"
    return 0
}

java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
if [ -z "$java_major" ] || [ "${java_major%%.*}" -lt 17 ]; then
    echo "run-benchmarks.sh needs a JDK 17 or newer on the PATH (found: ${java_major:-none})" >&2
    exit 1
fi

install_missing() {  # install_missing PACKAGE PROBE...: apt-get install PACKAGE unless PROBE succeeds
    local package=$1
    shift
    "$@" >/dev/null 2>&1 && return 0
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        say "installing $package"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >&2 \
            || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >&2; } \
            || true
    fi
    "$@" >/dev/null 2>&1 && return 0
    echo "$package is missing and cannot be installed here: its baseline will read 'not measured'" >&2
    return 1
}
have_openssl=yes; install_missing openssl openssl version || have_openssl=no
have_gensim=yes; install_missing python3-gensim "$PYTHON" -c 'import gensim' || have_gensim=no

started=$(date +%s)
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
date -u '+%Y-%m-%d %H:%M UTC' > "$RESULTS/started.txt"
printf '%s\n' "$*" > "$RESULTS/jmh-args.txt"

say "building the benchmarks (profile bench, into $OUT)"
./mvnw -B -q -Pbench -DskipTests compile dependency:build-classpath \
    -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=runtime
CP="$OUT/classes:$(cat "$OUT/classpath.txt")"

jmh() {  # jmh NAME: runs one benchmark class, JSON results in $RESULTS/jmh-NAME.json
    java -cp "$CP" org.openjdk.jmh.Main "ml.consensus.bench.$1" -rf json -rff "$RESULTS/jmh-$1.json" "${@:2}" \
        | tee "$RESULTS/jmh-$1.log" >&2
}
openssl_speed() {  # openssl_speed TAG BYTES: one process, one core
    openssl speed -bytes "$2" -seconds 3 sha256 > "$RESULTS/openssl-$1-$2.txt" 2>&1
}
gensim_baseline() {  # gensim_baseline TAG
    "$PYTHON" bench/gensim_baseline.py bench/corpus.txt 3 10 > "$RESULTS/gensim-$1.json"
}

if [ "$have_openssl" = yes ]; then
    say "openssl speed sha256, $MESSAGE_BYTES and $HEADER_BYTES bytes, one core"
    phase openssl-before openssl_speed before "$MESSAGE_BYTES"
    phase openssl-before-header openssl_speed before "$HEADER_BYTES"
fi
say "MiningBenchmark";       phase MiningBenchmark jmh MiningBenchmark "$@"
if [ "$have_openssl" = yes ]; then
    phase openssl-after openssl_speed after "$MESSAGE_BYTES"
fi
say "HashingBenchmark";      phase HashingBenchmark jmh HashingBenchmark "$@"
say "VerificationBenchmark"; phase VerificationBenchmark jmh VerificationBenchmark "$@"
if [ "$have_gensim" = yes ]; then
    say "gensim Word2Vec, one worker"; phase gensim-before gensim_baseline before
fi
say "TrainerBenchmark";      phase TrainerBenchmark jmh TrainerBenchmark "$@"
if [ "$have_gensim" = yes ]; then
    phase gensim-after gensim_baseline after
fi

vote_load() {
    bench/load-votes-wrk.sh 64 "$BENCH_VOTE_SECONDS" "$RESULTS/vote-load.json" 2>&1 | tee "$RESULTS/vote-load.txt" >&2
}
status_latency() {
    bench/status-latency.sh 10 10000 "$BENCH_READS" "$RESULTS/status-latency.json" 2>&1 \
        | tee "$RESULTS/status-latency.txt" >&2
}
say "HTTP vote load: 64 wrk connections for $BENCH_VOTE_SECONDS s"; phase VoteLoad vote_load
say "HTTP read latency at 10 and 10,000 blocks";       phase StatusLatency status_latency

java -version 2> "$RESULTS/java-version.txt"
{ openssl version 2>/dev/null || echo "not installed"; } > "$RESULTS/openssl-version.txt"
echo $(( $(date +%s) - started )) > "$RESULTS/total-seconds.txt"
"$PYTHON" bench/report.py "$RESULTS" docs/performance.md
say "wrote docs/performance.md ($(cat "$RESULTS/total-seconds.txt") s)"
