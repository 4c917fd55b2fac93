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

now_ms() { date +%s%3N; }
say() { printf '%s drill: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

for tool in java python3 curl psql; do command -v "$tool" >/dev/null || die "$tool not found"; done
[[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]] || die "no PostgreSQL server binaries in '$PG_BIN' (set DRILL_PG_BIN)"
[[ -f "$SERVER_JAR" && -f "$LOADGEN_JAR" ]] || die "build first: ./mvnw -q -B -ntp -DskipTests install"
[[ $(id -u) -eq 0 ]] || die "run as root (PostgreSQL is started as $PG_USER with runuser)"
for p in $((HTTP_BASE + 1)) $((HTTP_BASE + 2)) $((HTTP_BASE + 3)) $((CLUSTER_BASE + 1)) $((CLUSTER_BASE + 2)) \
         $((CLUSTER_BASE + 3)) "$PG_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port $p is in use (set DRILL_HTTP_BASE/DRILL_CLUSTER_BASE/DRILL_PG_PORT)"; fi
done

WORK=$(mktemp -d /tmp/muster-drill.XXXXXX)
chmod 755 "$WORK"                           # PostgreSQL (as $PG_USER) must reach its directory inside
OUT=${DRILL_OUT:-$WORK/out}
mkdir -p "$OUT"
PHASES=$OUT/phases.log
: > "$PHASES"
declare -a MPID=("" "" "" "")
DRILL_PID=""
PGDATA=$WORK/pg

cleanup() {
  local rc=$?
  set +e
  exec 3>&-                                 # the driver's command pipe, if open
  [[ -n "$DRILL_PID" ]] && kill -9 "$DRILL_PID" 2>/dev/null
  for i in 1 2 3; do
    [[ -n "${MPID[$i]}" ]] && kill -9 "${MPID[$i]}" 2>/dev/null
  done
  if [[ -f "$PGDATA/postmaster.pid" ]]; then
    runuser -u "$PG_USER" -- "$PG_BIN/pg_ctl" -D "$PGDATA" stop -m immediate -w -t 30 >/dev/null 2>&1
    local pm
    pm=$(head -1 "$PGDATA/postmaster.pid" 2>/dev/null)
    [[ -n "$pm" ]] && kill -9 "$pm" 2>/dev/null
  fi
  wait 2>/dev/null
  cp "$WORK/pgsock/postgres.log" "$OUT/postgres.log" 2>/dev/null
  find "$WORK" -mindepth 1 -maxdepth 1 ! -path "$OUT" -exec rm -rf {} + 2>/dev/null
  rmdir "$WORK" 2>/dev/null
  say "cleaned up; logs and figures in $OUT (exit $rc)"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The jars are copied so that a rebuild of the repository during the drill cannot change them.
mkdir -p "$WORK/jars"
cp "$SERVER_JAR" "$WORK/jars/muster-server.jar"
cp "$LOADGEN_JAR" "$WORK/jars/muster-loadgen.jar"
( cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo unknown ) > "$OUT/commit"
{
  echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "load: devices=$DEVICES rate=$RATE batch=$BATCH consoles=$CONSOLES writers=$WRITERS interval=${WRITE_INTERVAL_MS}ms"
  echo "other processes using CPU at start: $(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 > 5 {printf "%s(%s%%) ", $2, $1}')"
} > "$OUT/machine.txt"

# ---------------------------------------------------------------- PostgreSQL: one standalone server for the cluster
# Not a member's embedded PostgreSQL: that one stops with its member (SIGTERM), and the rolling restart stops every
# member in turn. Durability stays at PostgreSQL's defaults (fsync and synchronous_commit on).
PGPASS=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
mkdir -p "$PGDATA" "$WORK/pgsock"
printf '%s\n' "$PGPASS" > "$WORK/pgpw"
chown "$PG_USER" "$PGDATA" "$WORK/pgsock" "$WORK/pgpw"
chmod 700 "$PGDATA"
runuser -u "$PG_USER" -- "$PG_BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$WORK/pgpw" -A scram-sha-256 -E UTF8 \
  --locale=C >"$OUT/initdb.log" 2>&1 || die "initdb (see $OUT/initdb.log)"
rm -f "$WORK/pgpw"
runuser -u "$PG_USER" -- "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$WORK/pgsock/postgres.log" -w -t 60 start \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK/pgsock -c max_connections=200 -c timezone=UTC" \
  >/dev/null || die "PostgreSQL did not start: $(tail -5 "$WORK/pgsock/postgres.log")"
export PGPASSWORD=$PGPASS
PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -X -q)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE muster" || die "CREATE DATABASE"
PG_URI="postgresql://postgres:$PGPASS@127.0.0.1:$PG_PORT/muster"
say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PGDATA, as $PG_USER)"

# ---------------------------------------------------------------- the members
SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
MEMBERS_LIST="127.0.0.1:$((CLUSTER_BASE + 1)),127.0.0.1:$((CLUSTER_BASE + 2)),127.0.0.1:$((CLUSTER_BASE + 3))"
URLS="http://127.0.0.1:$((HTTP_BASE + 1)),http://127.0.0.1:$((HTTP_BASE + 2)),http://127.0.0.1:$((HTTP_BASE + 3))"

start_member() {
  local i=$1
  mkdir -p "$WORK/m$i"
  MUSTER_HTTP_PORT=$((HTTP_BASE + i)) MUSTER_CLUSTER_PORT=$((CLUSTER_BASE + i)) MUSTER_CLUSTER_HOST=127.0.0.1 \
  MUSTER_CLUSTER_MEMBERS=$MEMBERS_LIST MUSTER_CLUSTER_NAME=drill MUSTER_OSMAND_PORT=-1 MUSTER_JT808_PORT=-1 \
  MUSTER_DATA_DIR=$WORK/m$i MUSTER_PG_URI=$PG_URI MUSTER_PG_POOL_SIZE=16 MUSTER_AUTH_JWT_SECRET=$SECRET \
  MUSTER_HTTP_RATE_LIMIT=100000 MUSTER_HTTP_ANONYMOUS_RATE_LIMIT=1000 MUSTER_DEVICE_MESSAGES_PER_SECOND=5000 \
  MUSTER_WS_ALLOWED_ORIGINS='*' MUSTER_SHUTDOWN_GRACE_SECONDS=10 \
    java "-Xmx$HEAP" -XX:+UseG1GC -jar "$WORK/jars/muster-server.jar" >>"$OUT/member$i.log" 2>&1 &
  MPID[$i]=$!
  echo "$(now_ms) start m$i pid ${MPID[$i]}" >> "$PHASES"
}

wait_ready() {
  local i=$1 deadline=$((SECONDS + ${2:-240}))
  until curl -fs -o /dev/null -m 2 "http://127.0.0.1:$((HTTP_BASE + i))/health/ready"; do
    kill -0 "${MPID[$i]}" 2>/dev/null || die "member $i exited (see $OUT/member$i.log)"
    (( SECONDS < deadline )) || die "member $i not ready in time (see $OUT/member$i.log)"
    sleep 0.5
  done
  echo "$(now_ms) ready m$i" >> "$PHASES"
}

cluster_size() {
  curl -fs -m 2 "http://127.0.0.1:$((HTTP_BASE + $1))/health/ready" 2>/dev/null \
    | python3 -c 'import json,sys
d=json.load(sys.stdin); c=[x for x in d.get("checks",[]) if x.get("id")=="cluster" or x.get("name")=="cluster"]
print(c[0].get("data",{}).get("members","?") if c else "?")' 2>/dev/null || echo "?"
}

T0=$(now_ms)
# member 1 first: it applies the migrations; the others start together once it is up
start_member 1
wait_ready 1
start_member 2
start_member 3
wait_ready 2
wait_ready 3
say "three members ready in $(( ($(now_ms) - T0) / 1000 )) s; cluster sizes: $(cluster_size 1) $(cluster_size 2) $(cluster_size 3)"

TOKEN=$(python3 - "$SECRET" <<'EOF'
import base64, hashlib, hmac, json, sys, time, uuid
b = lambda d: base64.urlsafe_b64encode(d).rstrip(b"=").decode()
now = int(time.time())
h = b(json.dumps({"typ": "JWT", "alg": "HS256"}).encode())
p = b(json.dumps({"sub": "drill", "role": "admin", "iss": "muster", "aud": "muster", "iat": now, "nbf": now,
                  "exp": now + 6 * 3600, "jti": str(uuid.uuid4())}).encode())
print(h + "." + p + "." + b(hmac.new(sys.argv[1].encode(), (h + "." + p).encode(), hashlib.sha256).digest()))
EOF
)

# ---------------------------------------------------------------- the load
mkfifo "$WORK/ctl"
java -Xmx384m -cp "$WORK/jars/muster-loadgen.jar" "$HERE/FailoverDrill.java" --members "$URLS" --token "$TOKEN" \
  --out "$OUT" --devices "$DEVICES" --rate "$RATE" --batch "$BATCH" --consoles "$CONSOLES" --writers "$WRITERS" \
  --write-interval-ms "$WRITE_INTERVAL_MS" < "$WORK/ctl" > "$OUT/driver.out" 2>&1 &
DRILL_PID=$!
exec 3> "$WORK/ctl"
deadline=$((SECONDS + 600))
until grep -q '^READY' "$OUT/driver.out"; do
  kill -0 "$DRILL_PID" 2>/dev/null || die "load driver exited: $(tail -5 "$OUT/driver.out")"
  (( SECONDS < deadline )) || die "load driver setup took too long"
  sleep 1
done
say "load on: $DEVICES devices, $RATE fixes/s, $CONSOLES consoles, $WRITERS REST writers; warming up ${WARMUP}s"
sleep "$WARMUP"

dump() {   # dump <label>: the driver writes acked-<label>.txt; wait for it
  echo "dump $1" >&3
  local deadline=$((SECONDS + 60))
  until grep -q "^DUMPED $1\$" "$OUT/driver.out"; do
    (( SECONDS < deadline )) || die "driver did not dump $1"
    sleep 0.2
  done
  echo "$(now_ms) dump $1" >> "$PHASES"
}

verify() {  # verify <label> <live member numbers...>
  local label=$1; shift
  local urls=""
  for i in "$@"; do urls+="${urls:+,}http://127.0.0.1:$((HTTP_BASE + i))"; done
  python3 "$HERE/verify.py" --out "$OUT" --label "$label" --members "$urls" --token "$TOKEN" \
    --psql "psql -h 127.0.0.1 -p $PG_PORT -U postgres -d muster -X -q -At" || say "verification $label found losses"
}

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
echo stop >&3
exec 3>&-
wait "$DRILL_PID" 2>/dev/null || true
DRILL_PID=""
verify final 1 2 3

# ---------------------------------------------------------------- summary
python3 "$HERE/analyze.py" --out "$OUT" | tee "$OUT/summary.txt"
