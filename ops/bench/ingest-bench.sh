#!/usr/bin/env bash
# Issue 6's ingest target over /ws/device: positions per second made durable by one member, history in PostgreSQL.
#
#   ops/bench/ingest-bench.sh [rate=60000] [batch=100] [duration=20] [-- more load generator options]
#   env: INGEST_DEVICES=500 INGEST_CONNECTIONS=8 (gateway connections), and those of member.sh
#
# Starts one member (ops/bench/member.sh), runs ops/loadgen with N devices over K gateway connections offering
# `rate` fixes/s in batches of `batch`, one console, no REST writes, and prints the load generator's report (made
# durable per second, batch -> durable ack latency, CPU of the member and of its PostgreSQL).
# Build first: ./mvnw -q -B -ntp -DskipTests install
set -euo pipefail
RATE=${1:-60000}
BATCH=${2:-100}
DURATION=${3:-20}
shift $(( $# < 3 ? $# : 3 ))
[[ ${1:-} == -- ]] && shift
source "$(dirname "$0")/member.sh"
member_start
java -jar "$LOADGEN_JAR" --server "http://localhost:$BENCH_PORT" --login-link "$MEMBER_LINK" \
  --devices "${INGEST_DEVICES:-500}" --device-connections "${INGEST_CONNECTIONS:-8}" \
  --rate "$RATE" --batch "$BATCH" --consoles 1 --status-changes 0 --dispatches 0 \
  --duration "$DURATION" --warmup "$BENCH_WARMUP" --drain 10 \
  --server-pid "$MEMBER_PID" --cpu-match "$MEMBER_DATA/postgres" "$@"
echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"
