#!/usr/bin/env bash
# Builds the node jar and runs the fever demo: three validators with fresh Ed25519 keys and a
# 2-of-3 quorum, an in-process node on a fresh, temporary ledger, three batches with signed votes,
# then /verify and the offline verifier on the exported ledger. Needs only a JDK 17.
# Exits with the demo's exit code (0 = every step passed).
# With --explore, a passed run keeps the node up and prints the ledger explorer's URL; Ctrl+C ends it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAR=target/consensus-ml-0.1.0-SNAPSHOT.jar

# Maven's incremental build is a no-op when nothing changed, so always asking it keeps the jar current.
./mvnw -B -q -DskipTests package

# The jar's Main-Class starts the node; PropertiesLauncher uses the same nested classpath but
# runs the class named by loader.main instead.
exec java -Dloader.main=ml.consensus.demo.FeverDemo -cp "$JAR" \
    org.springframework.boot.loader.launch.PropertiesLauncher "$@"
