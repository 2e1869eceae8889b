#!/usr/bin/env bash
# Builds the node jar and runs the fever demo (`java -jar target/consensus-ml.jar demo`): three
# validators with fresh Ed25519 keys, bonded stake and a 2-of-3 quorum, an in-process node on a
# fresh, temporary ledger, the batches with signed votes, a rejected proposal and a slash, then
# /verify and the offline verifier on the exported ledger. Needs only a JDK 17.
# Exits with the demo's exit code (0 = every step passed).
# With --explore, a passed run keeps the node up and prints the ledger explorer's URL; Ctrl+C ends it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Maven's incremental build is a no-op when nothing changed, so always asking it keeps the jar current.
./mvnw -B -q -DskipTests package

exec java -jar target/consensus-ml.jar demo "$@"
