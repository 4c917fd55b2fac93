# Sourced by the ingest benchmarks: starts one member from server/target/muster-server.jar in a temporary data
# directory (embedded PostgreSQL 17, durability at PostgreSQL's defaults) and stops it, and the directory, on exit.
# Sets MEMBER_PID, MEMBER_LINK (the one-time admin sign-in link it printed), MEMBER_WORK, MEMBER_DATA.
# env: BENCH_PORT=18081 (HTTP; the cluster port is BENCH_PORT-2280), BENCH_HEAP=2g, BENCH_PG_URI (external PostgreSQL),
#      BENCH_JAVA_OPTS (more JVM options for the member, e.g. -XX:StartFlightRecording=filename=/tmp/m.jfr)
#      BENCH_WARMUP=60 (seconds of load before the measured window: on 2 cores the JIT compilers of the member and
#      of the load generator are still busy for most of a minute, and a shorter warm-up measures them, not Muster)

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SERVER_JAR=$BENCH_ROOT/server/target/muster-server.jar
LOADGEN_JAR=$BENCH_ROOT/ops/loadgen/target/muster-loadgen.jar
BENCH_PORT=${BENCH_PORT:-18081}
BENCH_WARMUP=${BENCH_WARMUP:-60}
for jar in "$SERVER_JAR" "$LOADGEN_JAR"; do
  [[ -f $jar ]] || { echo "missing $jar: run ./mvnw -q -B -ntp -DskipTests install" >&2; exit 2; }
done
MEMBER_WORK=$(mktemp -d /tmp/muster-bench.XXXXXX)
MEMBER_DATA=$MEMBER_WORK/data
MEMBER_PID=
MEMBER_LINK=

member_stop() {
  if [[ -n $MEMBER_PID ]] && kill -0 "$MEMBER_PID" 2>/dev/null; then
    kill -TERM "$MEMBER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$MEMBER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$MEMBER_PID" 2>/dev/null || true
  fi
  rm -rf "$MEMBER_WORK"
}
trap member_stop EXIT

# member_start [VAR=value ...]: extra environment for the member
member_start() {
  echo "bench: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before start"
  env MUSTER_DATA_DIR="$MEMBER_DATA" MUSTER_HTTP_PORT="$BENCH_PORT" MUSTER_OSMAND_PORT=-1 MUSTER_JT808_PORT=-1 \
    MUSTER_CLUSTER_PORT=$((BENCH_PORT - 2280)) MUSTER_DEVICE_MESSAGES_PER_SECOND=1000000 MUSTER_HTTP_RATE_LIMIT=1000000 \
    ${BENCH_PG_URI:+MUSTER_PG_URI="$BENCH_PG_URI"} "$@" \
    java -Xmx"${BENCH_HEAP:-2g}" ${BENCH_JAVA_OPTS:-} -jar "$SERVER_JAR" >"$MEMBER_WORK/server.log" 2>&1 &
  MEMBER_PID=$!
  for _ in $(seq 1 240); do
    MEMBER_LINK=$(grep -o "http[s]*://[^ ]*#login=[A-Za-z0-9_-]*" "$MEMBER_WORK/server.log" | head -1 || true)
    [[ -n $MEMBER_LINK ]] && break
    kill -0 "$MEMBER_PID" 2>/dev/null || { cat "$MEMBER_WORK/server.log" >&2; exit 3; }
    sleep 0.5
  done
  [[ -n $MEMBER_LINK ]] || { echo "the member printed no sign-in link" >&2; tail -50 "$MEMBER_WORK/server.log" >&2; exit 3; }
}

# member_counter NAME LABELS: the sum of a Prometheus counter from /metrics whose labels contain LABELS
member_counter() {
  curl -s "http://localhost:$BENCH_PORT/metrics" | awk -v n="$1" -v l="$2" 'index($0, n "{") == 1 && index($0, l) { s += $NF } END { printf "%.0f\n", s }'
}
