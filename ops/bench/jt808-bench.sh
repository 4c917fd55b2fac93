#!/usr/bin/env bash
# Issue 6's JT/T 808 target: 5,000 connected terminals reporting every 5 s to one member.
#
#   ops/bench/jt808-bench.sh [terminals=5000] [interval_s=5] [duration=60]
#   env: those of member.sh
#
# Starts one member (ops/bench/member.sh) with the JT/T 808 port open and runs ops/loadgen with `terminals` JT/T
# 808 (2013) terminals, each on its own TCP connection: register (0x0100), authenticate (0x0102), then location
# reports (0x0200) paced over all terminals at terminals/interval per second, each answered 0x8001 after it is
# durable. Prints the load generator's report (reports sent and answered, report -> 0x8001 latency, accept -> console
# decode, CPU of the member and of its embedded PostgreSQL) and the connections the member counted.
set -euo pipefail
TERMINALS=${1:-5000}
INTERVAL=${2:-5}
DURATION=${3:-60}
source "$(dirname "$0")/member.sh"
JT808_PORT=$((BENCH_PORT + 2))
ulimit -n 65536 2>/dev/null || true
member_start MUSTER_JT808_PORT="$JT808_PORT"
java -jar "$LOADGEN_JAR" --server "http://localhost:$BENCH_PORT" --login-link "$MEMBER_LINK" --devices 0 \
  --jt808-devices "$TERMINALS" --jt808-rate "$(awk -v n="$TERMINALS" -v i="$INTERVAL" 'BEGIN { print n / i }')" \
  --jt808-host 127.0.0.1 --jt808-port "$JT808_PORT" --consoles 1 --status-changes 0 --dispatches 0 \
  --duration "$DURATION" --warmup "$BENCH_WARMUP" --drain 10 --server-pid "$MEMBER_PID" --cpu-match "$MEMBER_DATA/postgres"
echo "bench: JT/T 808 metrics at the end: $(curl -s "http://localhost:$BENCH_PORT/metrics" | grep -E '^muster_jt808' | tr '\n' ' ')"
echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"
