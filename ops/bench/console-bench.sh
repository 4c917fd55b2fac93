#!/usr/bin/env bash
# Issue 7's console target: C consoles on one member while R position updates/s enter; accepted -> decoded p99.
#
#   ops/bench/console-bench.sh [consoles=1000] [rate=20000] [tiles=10] [duration=30] [-- more load generator options,
#                                e.g. --console-resumes 200 or --console-deflate]
#   env: CONSOLE_DEVICES=20000 CONSOLE_BATCH=1 CONSOLE_CONNECTIONS=16, LOADGEN_JAVA_OPTS (JVM options of the load
#        generator, e.g. to profile it), and those of member.sh
#
# Starts one member (ops/bench/member.sh) and runs ops/loadgen: CONSOLE_DEVICES devices over gateway connections
# send `rate` fixes/s (batch 1: every fix is a move), `consoles` consoles each watch one tile of a tiles x tiles
# grid over the area (a regional dispatcher's map; tiles=0 subscribes every console to everything), 40 status
# changes and 8 dispatches in the window that each console of the team's tile must receive. Prints the load
# generator's report: accepted -> decoded percentiles, moves and bytes per console, CPU, events missed or leaked.
set -euo pipefail
CONSOLES=${1:-1000}
RATE=${2:-20000}
TILES=${3:-10}
DURATION=${4:-30}
shift $(( $# < 4 ? $# : 4 ))
[[ ${1:-} == -- ]] && shift
source "$(dirname "$0")/member.sh"
ulimit -n 65536 2>/dev/null || true
member_start
TILE_OPTS=()
[[ $TILES -gt 0 ]] && TILE_OPTS=(--tiles "$TILES")
java -Xmx2g ${LOADGEN_JAVA_OPTS:-} -jar "$LOADGEN_JAR" --server "http://localhost:$BENCH_PORT" --login-link "$MEMBER_LINK" \
  --devices "${CONSOLE_DEVICES:-20000}" --device-connections "${CONSOLE_CONNECTIONS:-16}" --rate "$RATE" \
  --batch "${CONSOLE_BATCH:-1}" --consoles "$CONSOLES" "${TILE_OPTS[@]}" --console-connect-rate 200 \
  --status-changes 40 --dispatches 8 --duration "$DURATION" --warmup "$BENCH_WARMUP" --drain 30 \
  --server-pid "$MEMBER_PID" --cpu-match "$MEMBER_DATA/postgres" "$@"
echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"
