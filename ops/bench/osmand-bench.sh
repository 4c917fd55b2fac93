#!/usr/bin/env bash
# Issue 6's OsmAnd target: requests per second one member answers 200 (each fix durable in the history first).
#
#   ops/bench/osmand-bench.sh [connections=1000] [duration=20] [devices=2000]
#   env: those of member.sh; WRK_THREADS=2
#
# Starts one member (ops/bench/member.sh) with the OsmAnd port open, registers `devices` OsmAnd devices with
# ops/loadgen (prefix lg, ids lg-O<n>), then drives the port with wrk (Debian package `wrk`, installed with apt-get
# where it is missing): keep-alive connections, each request `GET /?id=lg-O<random>&lat=&lon=&timestamp=<ms>`, a
# fresh timestamp per request. Prints wrk's figures, the fixes the member counted as accepted (muster_ingest_fixes_total)
# and the CPU of the member and of its embedded PostgreSQL over the run.
set -euo pipefail
CONNECTIONS=${1:-1000}
DURATION=${2:-20}
DEVICES=${3:-2000}
command -v wrk >/dev/null || { [[ $(id -u) == 0 ]] && apt-get install -y -q wrk >/dev/null; } || true
command -v wrk >/dev/null || { echo "SKIPPED: wrk is not installed (apt-get install wrk)"; exit 0; }
source "$(dirname "$0")/member.sh"
OSMAND_PORT=$((BENCH_PORT + 1))
member_start MUSTER_OSMAND_PORT="$OSMAND_PORT"
ulimit -n 65536 2>/dev/null || true

echo "bench: registering $DEVICES OsmAnd devices"
java -jar "$LOADGEN_JAR" --server "http://localhost:$BENCH_PORT" --login-link "$MEMBER_LINK" --devices 0 \
  --osmand-devices "$DEVICES" --osmand-rate 10 --osmand-url "http://localhost:$OSMAND_PORT" --consoles 0 \
  --status-changes 0 --dispatches 0 --duration 1 --warmup 1 --drain 1 >"$MEMBER_WORK/setup.log" 2>&1 \
  || { tail -30 "$MEMBER_WORK/setup.log" >&2; exit 3; }

cat >"$MEMBER_WORK/osmand.lua" <<'LUA'
local devices = tonumber(os.getenv("OSMAND_DEVICES"))
local base = (os.time() - 3600) * 1000
local counter = 0
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function request()
  counter = counter + 1
  return wrk.format("GET", "/?id=lg-O" .. math.random(0, devices - 1) .. "&lat=30.05&lon=103.02&accuracy=8&timestamp="
    .. string.format("%d", base + counter * 16 + tid))
end
LUA

cpu() { # utime+stime ticks of the member and of the processes of its PostgreSQL
  local pg pids m=0 p=0
  pg=$(pgrep -f "$MEMBER_DATA/postgres" | tr '\n' ' ')   # the postmaster (a daemon), then its backends
  pids="$MEMBER_PID $pg $(for x in $pg; do pgrep -P "$x"; done | tr '\n' ' ')"
  for pid in $pids; do
    local t; t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    if [[ $pid == "$MEMBER_PID" ]]; then m=$((m + t)); else p=$((p + t)); fi
  done
  echo "$m $p"
}
before=$(member_counter muster_ingest_fixes_total 'source="osmand"')
read -r m0 p0 < <(cpu)
OSMAND_DEVICES=$DEVICES wrk -t "${WRK_THREADS:-2}" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 10s --latency \
  -s "$MEMBER_WORK/osmand.lua" "http://127.0.0.1:$OSMAND_PORT"
read -r m1 p1 < <(cpu)
sleep 1
after=$(member_counter muster_ingest_fixes_total 'source="osmand"')
hz=$(getconf CLK_TCK)
echo "bench: fixes counted by the member (accepted + duplicates): $((after - before)), $(( (after - before) / DURATION ))/s"
awk -v m=$((m1 - m0)) -v p=$((p1 - p0)) -v hz="$hz" -v d="$DURATION" \
  'BEGIN { printf "bench: CPU cores over the run: member %.2f, embedded PostgreSQL %.2f\n", m / hz / d, p / hz / d }'
echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"
