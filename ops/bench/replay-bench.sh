#!/usr/bin/env bash
# Issue 8's replay targets: a 24-hour incident, 500 teams, 1,000,000 positions; seek, open, play at 120x.
# Runs org.muster.server.replay.ReplayBench (server test sources) against a real member and the embedded PostgreSQL.
# Usage: ops/bench/replay-bench.sh [teams] [positions]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -ntp -DskipTests install
./mvnw -q -B -ntp -pl server test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd server
java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.muster.server.replay.ReplayBench "$@"
