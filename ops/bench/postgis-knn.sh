#!/usr/bin/env bash
# Filtered 10-nearest in PostGIS, side by side with Muster's MovingPointIndex, on the same data and filters.
#
#   ops/bench/postgis-knn.sh [teams=1000000] [queries=1000]
#   env: PASSES=1 (timed passes over the query points, after one untimed warm-up pass)
#        MUSTER=1 (also run the JMH IndexQueryBench at the same size afterwards; 0 to skip)
#        JMH_OPTS="-wi 3 -w 2s -i 5 -r 2s -f 1"
#
# What it does, in one run:
#  1. makes sure PostgreSQL and PostGIS are installed (apt-get, as root); where they cannot be, it says so and
#     exits 0 without figures;
#  2. writes the JMH data set as CSV with the bench jar's own generator (org.muster.bench.ExportTeamData: the
#     same TeamData, seed 42 for teams, seed 7 for query points), so PostGIS gets exactly the same teams;
#  3. starts a throwaway cluster in a temp dir (Unix socket only, no TCP port), loads the teams, builds indexes;
#  4. times every query server-side in PL/pgSQL (plan cached, no client round trip: the most favourable way to
#     time PostGIS, and comparable to an in-process call) and prints p50/p99 per filter, for two index sets:
#       general:  GiST(geom) + GIN(caps) + btree(status, tier); the planner chooses;
#       tailored: the above plus one partial GiST(geom) per capability the filters ask for
#                 (WHERE caps @> '{c}', the PostGIS twin of Muster's one-tree-per-capability) and a
#                 btree_gist GiST(status, tier, geom) for the attribute-only filter;
#  5. stops and deletes the cluster, then (MUSTER=1) runs the JMH query benchmark on the same data and filters
#     and prints both side by side.
# The distance PostGIS orders by is geometry <-> in degrees (planar, EPSG:4326), cheaper than Muster's exact
# WGS 84 geodesic; the two orders agree except for near-ties.
set -euo pipefail

TEAMS=${1:-1000000}
QUERIES=${2:-1000}
PASSES=${PASSES:-1}
MUSTER=${MUSTER:-1}
JMH_OPTS=${JMH_OPTS:-"-wi 3 -w 2s -i 5 -r 2s -f 1"}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=$ROOT/ops/bench/target/muster-bench.jar
FILTERS=(all_100 cap_10 cap_1 cap_0.1 status+cap_0.1 status+tier_0.1 avail+fresh+cap)

skip() {
  echo "SKIPPED: $*"
  echo "postgis-knn: PostGIS is not available here; no PostGIS figures were taken."
  exit 0
}

# --- 1. PostgreSQL + PostGIS -------------------------------------------------------------------------------------
pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
have_postgis() { [ -n "$(pg_bin_dir)" ] && ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; }

if ! have_postgis; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    skip "PostGIS is not installed and cannot be installed here (needs root and apt-get)"
  fi
  echo "installing PostgreSQL/PostGIS with apt-get ..."
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || echo "apt-get update failed; trying the cached lists"
  bin=$(pg_bin_dir)
  if [ -n "$bin" ]; then
    pkg="postgresql-$(basename "$(dirname "$bin")")-postgis-3"
  else
    pkg=$(apt-cache search --names-only '^postgresql-[0-9]+-postgis-3$' 2>/dev/null | awk '{print $1}' | sort -V | tail -1)
  fi
  [ -n "$pkg" ] || skip "apt-cache search offers no postgresql-N-postgis-3 package"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/tmp/postgis-knn-apt.log 2>&1; then
    skip "apt-get install -y $pkg failed (log: /tmp/postgis-knn-apt.log)"
  fi
  have_postgis || skip "$pkg installed but postgis.control not found"
fi
BIN=$(pg_bin_dir)
echo "PostgreSQL: $("$BIN/postgres" --version)"

# PostgreSQL refuses to run as root.
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || skip "running as root but there is no postgres user to run the server as"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

# --- 2. the data set -----------------------------------------------------------------------------------------------
if [ ! -f "$JAR" ]; then
  echo "building $JAR ..."
  (cd "$ROOT" && ./mvnw -q -B -ntp -DskipTests install -pl ops/bench -am)
fi
WORK=$(mktemp -d /tmp/postgis-knn.XXXXXX)
cleanup() {
  if [ -f "$WORK/pg/postmaster.pid" ]; then
    as_pg "$BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
t0=$(date +%s)
# Prints e.g. "MARK_10=60 MARK_3=61 MARK_1=62 MARK_0_1=63 CAP_20=20 NOW=1750000000000": our own program's output.
ids=$(java -cp "$JAR" org.muster.bench.ExportTeamData "$WORK/data" "$TEAMS" "$QUERIES" | tail -1)
eval "$ids"
echo "data: $TEAMS teams, $QUERIES query points written in $(( $(date +%s) - t0 )) s; capability ids: $ids"
[ "$(id -u)" = 0 ] && chown -R postgres "$WORK"

# --- 3. a throwaway cluster ----------------------------------------------------------------------------------------
as_pg "$BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
# Everything fits in shared_buffers; one core per query (no parallel workers: Muster answers on one thread too);
# no JIT (it only adds compile time to queries this short); durability off (a throwaway load).
as_pg "$BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -o "-c listen_addresses='' -c unix_socket_directories=$WORK \
  -c port=5432 -c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=1GB -c max_wal_size=8GB \
  -c max_parallel_workers_per_gather=0 -c jit=off -c random_page_cost=1.1 -c fsync=off \
  -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
psql() { as_pg "$BIN/psql" -h "$WORK" -p 5432 -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 "$@"; }

t0=$(date +%s)
psql <<SQL
CREATE EXTENSION postgis;
CREATE EXTENSION btree_gist;
CREATE EXTENSION pg_prewarm;
CREATE TABLE team (
  id text PRIMARY KEY, lon float8 NOT NULL, lat float8 NOT NULL, fix_ms bigint NOT NULL,
  status int NOT NULL, tier int NOT NULL, transport int NOT NULL, caps int[] NOT NULL,
  geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED);
\copy team (id, lon, lat, fix_ms, status, tier, transport, caps) FROM '$WORK/data/teams.csv' WITH (FORMAT csv)
CREATE TABLE qpt (seq int PRIMARY KEY, lon float8 NOT NULL, lat float8 NOT NULL);
\copy qpt FROM '$WORK/data/queries.csv' WITH (FORMAT csv)
CREATE INDEX team_geom ON team USING gist (geom);
CREATE INDEX team_caps ON team USING gin (caps);
CREATE INDEX team_status_tier ON team (status, tier);
VACUUM ANALYZE team;
VACUUM ANALYZE qpt;
CREATE TABLE result (variant text, filter text, matching bigint, n int, p50_us float8, p99_us float8,
                     mean_us float8, plan text, ord serial);
SQL
echo "load and general indexes: $(( $(date +%s) - t0 )) s"

sql_filter() {
  case "$1" in
    all_100)          echo "true" ;;
    cap_10)           echo "caps @> '{$MARK_10}'" ;;
    cap_1)            echo "caps @> '{$MARK_1}'" ;;
    cap_0.1)          echo "caps @> '{$MARK_0_1}'" ;;
    status+cap_0.1)   echo "status = 6 AND caps @> '{$MARK_3}'" ;;
    status+tier_0.1)  echo "status = 7 AND tier = 5" ;;
    avail+fresh+cap)  echo "status = 1 AND fix_ms >= $(( NOW - 30 * 60000 )) AND caps @> '{$CAP_20}'" ;;
  esac
}

# Times every query point: one untimed pass, then PASSES timed ones. Static SQL in PL/pgSQL, so the plan is
# prepared once and cached, and the point is a parameter, as in an application.
run_variant() {
  local variant=$1 f where
  psql -c "SELECT pg_prewarm(c.oid) FROM pg_class c WHERE c.relname IN ('team', 'qpt') OR c.relname LIKE 'team\_%'" >/dev/null
  for f in "${FILTERS[@]}"; do
    where=$(sql_filter "$f")
    psql <<SQL
DO \$bench\$
DECLARE
  q record;
  t0 timestamptz;
  got int;
  pt geometry;
  us float8[];
  plan text := '';
  line text;
BEGIN
  FOR line IN EXPLAIN (COSTS OFF)
      SELECT id FROM team WHERE $where
      ORDER BY geom <-> (SELECT ST_SetSRID(ST_MakePoint(lon, lat), 4326) FROM qpt WHERE seq = 0) LIMIT 10 LOOP
    IF line ~ '(Scan|Sort|Limit)' AND line !~ 'qpt' THEN
      plan := plan || CASE WHEN plan = '' THEN '' ELSE ' / ' END || btrim(regexp_replace(line, '^\s*->\s*', ''));
    END IF;
  END LOOP;
  FOR pass IN 0..$PASSES LOOP
    us := '{}';
    FOR q IN SELECT lon, lat FROM qpt ORDER BY seq LOOP
      pt := ST_SetSRID(ST_MakePoint(q.lon, q.lat), 4326);
      t0 := clock_timestamp();
      SELECT count(*) INTO got FROM (SELECT id FROM team WHERE $where ORDER BY geom <-> pt LIMIT 10) s;
      us := us || (extract(epoch FROM clock_timestamp() - t0) * 1e6)::float8;
    END LOOP;
    IF pass > 0 THEN
      INSERT INTO result (variant, filter, matching, n, p50_us, p99_us, mean_us, plan)
      SELECT '$variant', '$f', (SELECT count(*) FROM team WHERE $where), count(*),
             percentile_cont(0.5) WITHIN GROUP (ORDER BY x), percentile_cont(0.99) WITHIN GROUP (ORDER BY x),
             avg(x), plan
      FROM unnest(us) x;
    END IF;
  END LOOP;
END
\$bench\$;
SQL
    echo "  $variant $f done"
  done
}

echo "timing (general indexes) ..."
run_variant general

t0=$(date +%s)
psql <<SQL
CREATE INDEX team_geom_cap_$MARK_10 ON team USING gist (geom) WHERE caps @> '{$MARK_10}';
CREATE INDEX team_geom_cap_$MARK_1 ON team USING gist (geom) WHERE caps @> '{$MARK_1}';
CREATE INDEX team_geom_cap_$MARK_0_1 ON team USING gist (geom) WHERE caps @> '{$MARK_0_1}';
CREATE INDEX team_geom_cap_$MARK_3 ON team USING gist (geom) WHERE caps @> '{$MARK_3}';
CREATE INDEX team_geom_cap_$CAP_20 ON team USING gist (geom) WHERE caps @> '{$CAP_20}';
CREATE INDEX team_status_tier_geom ON team USING gist (status, tier, geom);
VACUUM ANALYZE team;
SQL
echo "tailored indexes: $(( $(date +%s) - t0 )) s"
echo "timing (tailored indexes) ..."
run_variant tailored

echo
echo "PostGIS: filtered 10-nearest, $TEAMS teams, $QUERIES query points x $PASSES timed pass(es), server-side time per query"
psql -P footer=off -c "SELECT variant, filter, round(100.0 * matching / $TEAMS, 3) AS \"match %\", n,
  round(p50_us::numeric, 1) AS p50_us, round(p99_us::numeric, 1) AS p99_us, round(mean_us::numeric, 1) AS mean_us
  FROM result ORDER BY ord"
echo "plans:"
psql -At -F ' | ' -c "SELECT variant, filter, plan FROM result ORDER BY ord"
psql -At -F ',' -c "SELECT variant, filter, p50_us, p99_us FROM result ORDER BY ord" > "$WORK/postgis.csv"
cp "$WORK/postgis.csv" /tmp/postgis-knn-last.csv
as_pg "$BIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null

# --- 5. Muster on the same data ------------------------------------------------------------------------------------
if [ "$MUSTER" != 1 ]; then
  exit 0
fi
echo
echo "Muster: JMH IndexQueryBench at $TEAMS teams ($JMH_OPTS) ..."
filters=$(IFS=,; echo "${FILTERS[*]}")
# shellcheck disable=SC2086
java -jar "$JAR" IndexQueryBench -p teams="$TEAMS" -p filter="$filters" $JMH_OPTS \
  -rf csv -rff "$WORK/jmh.csv" > "$WORK/jmh.log" 2>&1 || { tail -30 "$WORK/jmh.log"; exit 1; }
cp "$WORK/jmh.csv" /tmp/postgis-knn-last-jmh.csv
# JMH CSV rows (CRLF): "…nearest10:p0.50","sample",1,n,score,error,"us/op",filter,teams
# Both p50 and p99 are compared: on a loaded machine a p99 is mostly descheduling, a p50 is not.
tr -d '\r' < "$WORK/jmh.csv" > "$WORK/jmh-lf.csv"
awk -F',' '
  FNR == NR { pg[$1 "|" $2 "|50"] = $3; pg[$1 "|" $2 "|99"] = $4; next }
  { gsub(/"/, "") }
  $1 ~ /p0\.50$/ { m50[$8] = $5 }
  $1 ~ /p0\.99$/ { m99[$8] = $5 }
  END {
    printf "\nmicroseconds; x = PostGIS time / Muster time\n"
    printf "%-16s %17s | %17s %13s | %17s %13s\n", "filter", "muster p50/p99", "general p50/p99", "x p50/p99",
      "tailored p50/p99", "x p50/p99"
    n = split("all_100 cap_10 cap_1 cap_0.1 status+cap_0.1 status+tier_0.1 avail+fresh+cap", fs, " ")
    for (i = 1; i <= n; i++) {
      f = fs[i]
      if (!(f in m50) || m50[f] <= 0 || m99[f] <= 0) { continue }
      g50 = pg["general|" f "|50"]; g99 = pg["general|" f "|99"]
      t50 = pg["tailored|" f "|50"]; t99 = pg["tailored|" f "|99"]
      printf "%-16s %8.1f/%8.1f | %8.1f/%8.1f %6.1f/%6.1f | %8.1f/%8.1f %6.1f/%6.1f\n", f, m50[f], m99[f],
        g50, g99, g50 / m50[f], g99 / m99[f], t50, t99, t50 / m50[f], t99 / m99[f]
    }
  }' "$WORK/postgis.csv" "$WORK/jmh-lf.csv"
