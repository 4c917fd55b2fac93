# Shell functions shared by the drills (failover.sh, split.sh); sourced, not run. The caller sets, before sourcing:
#   HERE REPO PG_BIN PG_USER PG_PORT HTTP_BASE CLUSTER_BASE HEAP SERVER_JAR LOADGEN_JAR
# and, before lib_start_members: MEMBER_ADDR[1..3] (the address each member is reached on and announces to the
# others), optionally MEMBER_WRAP[1..3] (a command line the member's java runs under, e.g. "ip netns exec NS"),
# PG_LISTEN (PostgreSQL's listen_addresses), PG_HOST (the address members and psql use for it) and PG_HBA_EXTRA
# (a CIDR also allowed to log in).

now_ms() { date +%s%3N; }
say() { printf '%s drill: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

declare -a MPID=("" "" "" "")
declare -a MEMBER_ADDR=("" 127.0.0.1 127.0.0.1 127.0.0.1)
declare -a MEMBER_WRAP=("" "" "" "")
DRILL_PID=""
PG_LISTEN=${PG_LISTEN:-127.0.0.1}
PG_HOST=${PG_HOST:-127.0.0.1}
PG_HBA_EXTRA=${PG_HBA_EXTRA:-}

lib_check() {
  for tool in java python3 curl psql; do command -v "$tool" >/dev/null || die "$tool not found"; done
  [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]] || die "no PostgreSQL server binaries in '$PG_BIN' (set DRILL_PG_BIN)"
  [[ -f "$SERVER_JAR" && -f "$LOADGEN_JAR" ]] || die "build first: ./mvnw -q -B -ntp -DskipTests install"
  [[ $(id -u) -eq 0 ]] || die "run as root (PostgreSQL is started as $PG_USER with runuser)"
  local p
  for p in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port $p is in use (set DRILL_HTTP_BASE/DRILL_CLUSTER_BASE/DRILL_PG_PORT)"; fi
  done
}

# WORK (temporary, removed by lib_stop_all), OUT (kept), PHASES, PGDATA
lib_workdir() {
  WORK=$(mktemp -d /tmp/muster-drill.XXXXXX)
  chmod 755 "$WORK"                         # PostgreSQL (as $PG_USER) must reach its directory inside
  OUT=${DRILL_OUT:-$WORK/out}
  mkdir -p "$OUT"
  PHASES=$OUT/phases.log
  : > "$PHASES"
  PGDATA=$WORK/pg
}

# Stops what the drill started: the driver, the members (kill -9), PostgreSQL; keeps only OUT. For exit traps.
lib_stop_all() {
  exec 3>&-                                 # the driver's command pipe, if open
  [[ -n "$DRILL_PID" ]] && kill -9 "$DRILL_PID" 2>/dev/null
  local i
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
  return 0
}

# The jars are copied so that a rebuild of the repository during the drill cannot change them.
lib_copy_jars() {
  mkdir -p "$WORK/jars"
  cp "$SERVER_JAR" "$WORK/jars/muster-server.jar"
  cp "$LOADGEN_JAR" "$WORK/jars/muster-loadgen.jar"
  ( cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo unknown ) > "$OUT/commit"
  {
    echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr)"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "uptime at start: $(uptime)"
    echo "other processes using CPU at start: $(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 > 5 {printf "%s(%s%%) ", $2, $1}')"
  } > "$OUT/machine.txt"
}

# One standalone PostgreSQL for the cluster, at PostgreSQL's default durability (fsync, synchronous_commit on). Not a
# member's embedded one: that one stops with its member. Sets PGPASSWORD, PSQL (array), PG_URI.
lib_start_postgres() {
  PGPASS=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  mkdir -p "$PGDATA" "$WORK/pgsock"
  printf '%s\n' "$PGPASS" > "$WORK/pgpw"
  chown "$PG_USER" "$PGDATA" "$WORK/pgsock" "$WORK/pgpw"
  chmod 700 "$PGDATA"
  runuser -u "$PG_USER" -- "$PG_BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$WORK/pgpw" -A scram-sha-256 -E UTF8 \
    --locale=C >"$OUT/initdb.log" 2>&1 || die "initdb (see $OUT/initdb.log)"
  rm -f "$WORK/pgpw"
  if [[ -n "$PG_HBA_EXTRA" ]]; then
    echo "host all all $PG_HBA_EXTRA scram-sha-256" >> "$PGDATA/pg_hba.conf"
  fi
  runuser -u "$PG_USER" -- "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$WORK/pgsock/postgres.log" -w -t 60 start \
    -o "-p $PG_PORT -c listen_addresses=$PG_LISTEN -c unix_socket_directories=$WORK/pgsock -c max_connections=200 -c timezone=UTC" \
    >/dev/null || die "PostgreSQL did not start: $(tail -5 "$WORK/pgsock/postgres.log")"
  export PGPASSWORD=$PGPASS
  PSQL=(psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -X -q)
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE muster" || die "CREATE DATABASE"
  PG_URI="postgresql://postgres:$PGPASS@$PG_HOST:$PG_PORT/muster"
  say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on $PG_HOST:$PG_PORT ($PGDATA, as $PG_USER)"
}

member_url() { echo "http://${MEMBER_ADDR[$1]}:$((HTTP_BASE + $1))"; }

# SECRET, MEMBERS_LIST, URLS from MEMBER_ADDR
lib_cluster_settings() {
  SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
  MEMBERS_LIST="${MEMBER_ADDR[1]}:$((CLUSTER_BASE + 1)),${MEMBER_ADDR[2]}:$((CLUSTER_BASE + 2)),${MEMBER_ADDR[3]}:$((CLUSTER_BASE + 3))"
  URLS="$(member_url 1),$(member_url 2),$(member_url 3)"
}

start_member() {
  local i=$1
  local -a wrap=()
  [[ -n "${MEMBER_WRAP[$i]}" ]] && read -ra wrap <<< "${MEMBER_WRAP[$i]}"
  mkdir -p "$WORK/m$i"
  # "ip netns exec" execs java in place, so $! is java's pid
  MUSTER_HTTP_PORT=$((HTTP_BASE + i)) MUSTER_CLUSTER_PORT=$((CLUSTER_BASE + i)) MUSTER_CLUSTER_HOST=${MEMBER_ADDR[$i]} \
  MUSTER_CLUSTER_MEMBERS=$MEMBERS_LIST MUSTER_CLUSTER_NAME=drill MUSTER_OSMAND_PORT=-1 MUSTER_JT808_PORT=-1 \
  MUSTER_DATA_DIR=$WORK/m$i MUSTER_PG_URI=$PG_URI MUSTER_PG_POOL_SIZE=16 MUSTER_AUTH_JWT_SECRET=$SECRET \
  MUSTER_HTTP_RATE_LIMIT=100000 MUSTER_HTTP_ANONYMOUS_RATE_LIMIT=1000 MUSTER_DEVICE_MESSAGES_PER_SECOND=5000 \
  MUSTER_WS_ALLOWED_ORIGINS='*' MUSTER_SHUTDOWN_GRACE_SECONDS=10 \
    "${wrap[@]}" java "-Xmx$HEAP" -XX:+UseG1GC -jar "$WORK/jars/muster-server.jar" >>"$OUT/member$i.log" 2>&1 &
  MPID[$i]=$!
  echo "$(now_ms) start m$i pid ${MPID[$i]}" >> "$PHASES"
}

wait_ready() {
  local i=$1 deadline=$((SECONDS + ${2:-240}))
  until curl -fs -o /dev/null -m 2 "$(member_url "$i")/health/ready"; do
    kill -0 "${MPID[$i]}" 2>/dev/null || die "member $i exited (see $OUT/member$i.log)"
    (( SECONDS < deadline )) || die "member $i not ready in time (see $OUT/member$i.log)"
    sleep 0.5
  done
  echo "$(now_ms) ready m$i" >> "$PHASES"
}

# the cluster size member i reports in /health/ready (also when it answers 503), "?" when it does not answer
cluster_size() {
  curl -s -m 2 "$(member_url "$1")/health/ready" 2>/dev/null \
    | python3 -c 'import json,sys
d=json.load(sys.stdin); c=[x for x in d.get("checks",[]) if x.get("id")=="cluster" or x.get("name")=="cluster"]
print(c[0].get("data",{}).get("members","?") if c else "?")' 2>/dev/null || echo "?"
}

# member 1 first: it applies the migrations; the others start together once it is up
lib_start_members() {
  local t0
  t0=$(now_ms)
  start_member 1
  wait_ready 1
  start_member 2
  start_member 3
  wait_ready 2
  wait_ready 3
  say "three members ready in $(( ($(now_ms) - t0) / 1000 )) s; cluster sizes: $(cluster_size 1) $(cluster_size 2) $(cluster_size 3)"
}

# an admin token from the shared secret, as in docs/operations.md
lib_mint_token() {
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
}

# lib_start_driver [extra FailoverDrill options...]: starts the load driver with fd 3 as its command pipe; waits for
# its setup. Needs DEVICES RATE BATCH CONSOLES WRITERS WRITE_INTERVAL_MS.
lib_start_driver() {
  mkfifo "$WORK/ctl"
  java -Xmx384m -cp "$WORK/jars/muster-loadgen.jar" "$HERE/FailoverDrill.java" --members "$URLS" --token "$TOKEN" \
    --out "$OUT" --devices "$DEVICES" --rate "$RATE" --batch "$BATCH" --consoles "$CONSOLES" --writers "$WRITERS" \
    --write-interval-ms "$WRITE_INTERVAL_MS" "$@" < "$WORK/ctl" > "$OUT/driver.out" 2>&1 &
  DRILL_PID=$!
  exec 3> "$WORK/ctl"
  local deadline=$((SECONDS + 600))
  until grep -qs '^READY' "$OUT/driver.out"; do
    kill -0 "$DRILL_PID" 2>/dev/null || die "load driver exited: $(tail -5 "$OUT/driver.out")"
    (( SECONDS < deadline )) || die "load driver setup took too long"
    sleep 1
  done
}

lib_stop_driver() {
  echo stop >&3
  exec 3>&-
  wait "$DRILL_PID" 2>/dev/null || true
  DRILL_PID=""
}

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
  local urls="" i
  for i in "$@"; do urls+="${urls:+,}$(member_url "$i")"; done
  python3 "$HERE/verify.py" --out "$OUT" --label "$label" --members "$urls" --token "$TOKEN" \
    --psql "psql -h $PG_HOST -p $PG_PORT -U postgres -d muster -X -q -At" || say "verification $label found losses"
}
