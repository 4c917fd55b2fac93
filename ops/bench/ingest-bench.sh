#!/usr/bin/env bash
# Issue 6's ingest target: positions per second made durable by one member, its history in PostgreSQL.
#
#   ops/bench/ingest-bench.sh [rate=60000] [batch=100] [duration=20] [-- more load generator options]
#   env: INGEST_DEVICES=500 INGEST_CONNECTIONS=8 (gateway connections over /ws/device)
#        INGEST_PG_URI=postgresql://… (an external PostgreSQL instead of the member's embedded one)
#        INGEST_HEAP=2g   INGEST_PORT=18081
#
# Starts one member from server/target/muster-server.jar in a temporary data directory (embedded PostgreSQL 17,
# durability at PostgreSQL's defaults), signs in with the one-time link it prints, runs ops/loadgen with N devices
# over K gateway connections offering `rate` fixes/s in batches of `batch`, one console, no REST writes, and prints
# the load generator's report (made durable per second, batch -> durable ack latency, CPU of the member and of its
# PostgreSQL). Stops the member and deletes the directory on exit. Build first: ./mvnw -q -B -ntp -DskipTests install
set -euo pipefail

RATE=${1:-60000}
BATCH=${2:-100}
DURATION=${3:-20}
shift $(( $# < 3 ? $# : 3 ))
[[ ${1:-} == -- ]] && shift
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SERVER_JAR=$ROOT/server/target/muster-server.jar
LOADGEN_JAR=$ROOT/ops/loadgen/target/muster-loadgen.jar
PORT=${INGEST_PORT:-18081}
for jar in "$SERVER_JAR" "$LOADGEN_JAR"; do
  [[ -f $jar ]] || { echo "missing $jar: run ./mvnw -q -B -ntp -DskipTests install" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/muster-ingest.XXXXXX)
SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "ingest-bench: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before start"
env MUSTER_DATA_DIR="$WORK/data" MUSTER_HTTP_PORT="$PORT" MUSTER_OSMAND_PORT=-1 MUSTER_JT808_PORT=-1 \
  MUSTER_CLUSTER_PORT=$((PORT - 2280)) MUSTER_DEVICE_MESSAGES_PER_SECOND=1000000 MUSTER_HTTP_RATE_LIMIT=1000000 \
  ${INGEST_PG_URI:+MUSTER_PG_URI="$INGEST_PG_URI"} \
  java -Xmx"${INGEST_HEAP:-2g}" -jar "$SERVER_JAR" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
LINK=
for _ in $(seq 1 240); do
  LINK=$(grep -o "http[s]*://[^ ]*#login=[A-Za-z0-9_-]*" "$WORK/server.log" | head -1 || true)
  [[ -n $LINK ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 3; }
  sleep 0.5
done
[[ -n $LINK ]] || { echo "the server printed no sign-in link" >&2; tail -50 "$WORK/server.log" >&2; exit 3; }

java -jar "$LOADGEN_JAR" --server "http://localhost:$PORT" --login-link "$LINK" \
  --devices "${INGEST_DEVICES:-500}" --device-connections "${INGEST_CONNECTIONS:-8}" \
  --rate "$RATE" --batch "$BATCH" --consoles 1 --status-changes 0 --dispatches 0 \
  --duration "$DURATION" --warmup 5 --drain 10 \
  --server-pid "$SERVER_PID" --cpu-match "$WORK/data/postgres" "$@"
echo "ingest-bench: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"
