#!/usr/bin/env bash
# Failover drill (issue 10 part 3): three Muster members on this machine sharing one PostgreSQL, under load;
# kill -9 of one member, measured failover, zero-loss verification (REST and SQL), restart of the killed member,
# rolling restart (SIGTERM) of the others under load, verification again, summary.
#
# Usage: ops/drills/failover.sh            (from the repository root, after ./mvnw -DskipTests install)
# Settings (environment): see ops/drills/README.md. Needs: java 17+, python3, curl, PostgreSQL 15+ server binaries
# (Debian's postgresql-15: /usr/lib/postgresql/15/bin) and psql; run as root (PostgreSQL runs as DRILL_PG_USER).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

DEVICES=${DRILL_DEVICES:-200}
RATE=${DRILL_RATE:-1000}                    # fixes per second in total
BATCH=${DRILL_BATCH:-1}                     # fixes per PositionBatch (1: every fix is its own message and ack)
CONSOLES=${DRILL_CONSOLES:-20}
WRITERS=${DRILL_WRITERS:-6}                 # REST writers, each one write per DRILL_WRITE_INTERVAL_MS
WRITE_INTERVAL_MS=${DRILL_WRITE_INTERVAL_MS:-200}
WARMUP=${DRILL_WARMUP:-30}                  # seconds of load before the kill
AFTER_KILL=${DRILL_AFTER_KILL:-45}          # seconds of load after the kill before verifying
SETTLE=${DRILL_SETTLE:-20}                  # seconds of load after each restart
VICTIM=${DRILL_VICTIM:-2}                   # which member gets kill -9 (1..3)
HTTP_BASE=${DRILL_HTTP_BASE:-18100}         # members on HTTP_BASE+1..3
CLUSTER_BASE=${DRILL_CLUSTER_BASE:-25710}   # Hazelcast on CLUSTER_BASE+1..3
PG_PORT=${DRILL_PG_PORT:-25432}
PG_BIN=${DRILL_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PG_USER=${DRILL_PG_USER:-nobody}            # PostgreSQL refuses to run as root
HEAP=${DRILL_HEAP:-512m}
SERVER_JAR=${DRILL_SERVER_JAR:-$REPO/server/target/muster-server.jar}
LOADGEN_JAR=${DRILL_LOADGEN_JAR:-$REPO/ops/loadgen/target/muster-loadgen.jar}

# shellcheck source=lib.sh
source "$HERE/lib.sh"
lib_check $((HTTP_BASE + 1)) $((HTTP_BASE + 2)) $((HTTP_BASE + 3)) $((CLUSTER_BASE + 1)) $((CLUSTER_BASE + 2)) \
  $((CLUSTER_BASE + 3)) "$PG_PORT"
lib_workdir

cleanup() {
  local rc=$?
  set +e
  lib_stop_all
  say "cleaned up; logs and figures in $OUT (exit $rc)"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

lib_copy_jars
echo "load: devices=$DEVICES rate=$RATE batch=$BATCH consoles=$CONSOLES writers=$WRITERS interval=${WRITE_INTERVAL_MS}ms" >> "$OUT/machine.txt"
lib_start_postgres

# ---------------------------------------------------------------- the members: all on 127.0.0.1
lib_cluster_settings
lib_start_members
lib_mint_token

# ---------------------------------------------------------------- the load
lib_start_driver
say "load on: $DEVICES devices, $RATE fixes/s, $CONSOLES consoles, $WRITERS REST writers; warming up ${WARMUP}s"
sleep "$WARMUP"

# ---------------------------------------------------------------- 1. kill -9 under load
say "kill -9 member $VICTIM (pid ${MPID[$VICTIM]})"
echo "$(now_ms) kill m$VICTIM" >> "$PHASES"
kill -9 "${MPID[$VICTIM]}"
wait "${MPID[$VICTIM]}" 2>/dev/null || true
MPID[$VICTIM]=""
sleep "$AFTER_KILL"
SURVIVORS=()
for i in 1 2 3; do [[ $i -ne $VICTIM ]] && SURVIVORS+=("$i"); done
say "cluster sizes after the kill: $(for i in "${SURVIVORS[@]}"; do printf 'm%s=%s ' "$i" "$(cluster_size "$i")"; done)"
dump after-kill
verify after-kill "${SURVIVORS[@]}"

# ---------------------------------------------------------------- 2. the killed member comes back
say "restarting member $VICTIM after kill -9"
start_member "$VICTIM"
wait_ready "$VICTIM"
sleep "$SETTLE"

# ---------------------------------------------------------------- 3. rolling restart under load: SIGTERM, start, ready
for i in "${SURVIVORS[@]}" "$VICTIM"; do
  say "rolling: SIGTERM member $i"
  echo "$(now_ms) term m$i" >> "$PHASES"
  kill -TERM "${MPID[$i]}"
  wait "${MPID[$i]}" 2>/dev/null || true
  echo "$(now_ms) exited m$i" >> "$PHASES"
  start_member "$i"
  wait_ready "$i"
  sleep "$SETTLE"
done
say "cluster sizes after the rolling restart: $(cluster_size 1) $(cluster_size 2) $(cluster_size 3)"
dump after-rolling
lib_stop_driver
verify final 1 2 3

# ---------------------------------------------------------------- summary
python3 "$HERE/analyze.py" --out "$OUT" | tee "$OUT/summary.txt"
