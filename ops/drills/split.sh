#!/usr/bin/env bash
# Network-split drill (issue 10): three Muster members, each in a network namespace of its own on this machine, one
# standalone PostgreSQL, under load. One member is cut off from the other two (iptables DROP inside its namespace:
# silence, not resets) while PostgreSQL and the clients still reach it; then the cut is healed. Checks that the
# minority turns not ready and refuses writes, that the majority goes on, that nothing acknowledged is lost
# (SQL and REST), that the healed member rejoins (cluster size 3), becomes ready, and that every member's view of
# teams and incidents equals the store.
#
# Usage: ops/drills/split.sh               (from the repository root, after ./mvnw -DskipTests install; as root)
# Settings (environment): see ops/drills/README.md. Needs, besides failover.sh's tools: ip (iproute2), iptables.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

DEVICES=${DRILL_DEVICES:-200}
RATE=${DRILL_RATE:-1000}                    # fixes per second in total
BATCH=${DRILL_BATCH:-5}                     # fixes per PositionBatch (see RESULTS.md, failover finding 3)
CONSOLES=${DRILL_CONSOLES:-20}
WRITERS=${DRILL_WRITERS:-6}
WRITE_INTERVAL_MS=${DRILL_WRITE_INTERVAL_MS:-200}
WARMUP=${DRILL_WARMUP:-30}                  # seconds of load before the split
SPLIT=${DRILL_SPLIT:-45}                    # seconds the split lasts
SETTLE=${DRILL_SETTLE:-20}                  # seconds of load after all three are ready again
ISOLATED=${DRILL_ISOLATED:-3}               # the member cut off (1..3)
SUBNET=${DRILL_SUBNET:-10.231.17}           # members on SUBNET.1-3, the host side (PostgreSQL, driver) on SUBNET.254
HTTP_BASE=${DRILL_HTTP_BASE:-18100}         # inside the namespaces: no clash with the host's ports
CLUSTER_BASE=${DRILL_CLUSTER_BASE:-25710}
PG_PORT=${DRILL_PG_PORT:-25442}
PG_BIN=${DRILL_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PG_USER=${DRILL_PG_USER:-nobody}
HEAP=${DRILL_HEAP:-512m}
SERVER_JAR=${DRILL_SERVER_JAR:-$REPO/server/target/muster-server.jar}
LOADGEN_JAR=${DRILL_LOADGEN_JAR:-$REPO/ops/loadgen/target/muster-loadgen.jar}

# shellcheck source=lib.sh
source "$HERE/lib.sh"
lib_check "$PG_PORT"
for tool in ip iptables; do command -v "$tool" >/dev/null || die "$tool not found (apt-get install iproute2 iptables)"; done
[[ $ISOLATED =~ ^[123]$ ]] || die "DRILL_ISOLATED must be 1, 2 or 3"
if ip -4 addr show | grep -q " $SUBNET\." || ip -4 route show | grep -q "^$SUBNET\."; then
  die "$SUBNET.0/24 is in use on this machine (set DRILL_SUBNET)"
fi

# Names unique to this run: other people's drills may run on the same machine.
ID=$(printf '%04x' $((RANDOM)))
BR=ms${ID}br
declare -a NS=("" "muster-$ID-m1" "muster-$ID-m2" "muster-$ID-m3")
CREATED_NS=()
BR_CREATED=""
SPLIT_ON=""

heal() {   # removes the split: our rules are the only ones in the isolated member's namespace
  ip netns exec "${NS[$ISOLATED]}" iptables -w -F INPUT
  ip netns exec "${NS[$ISOLATED]}" iptables -w -F OUTPUT
  SPLIT_ON=""
}

lib_workdir
cleanup() {
  local rc=$?
  set +e
  [[ -n "$SPLIT_ON" ]] && heal
  lib_stop_all
  local n
  for n in "${CREATED_NS[@]}"; do ip netns del "$n" 2>/dev/null; done   # its veth and iptables rules go with it
  [[ -n "$BR_CREATED" ]] && ip link del "$BR" 2>/dev/null
  say "cleaned up (namespaces ${CREATED_NS[*]:-none}, bridge ${BR_CREATED:-none}); logs and figures in $OUT (exit $rc)"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- the network: a bridge and one namespace per member
# Each member has its own network stack (address SUBNET.i on a veth into the bridge BR); the host side of the bridge,
# SUBNET.254, is where PostgreSQL listens and where the driver's connections come from. Member-to-member traffic is
# bridged (no IP forwarding needed). A split is then a DROP, inside the isolated member's namespace, of everything from
# and to the other two members' addresses (Hazelcast and the Vert.x event bus alike); SUBNET.254 stays reachable.
ip link add "$BR" type bridge
BR_CREATED=$BR
ip addr add "$SUBNET.254/24" dev "$BR"
ip link set "$BR" up
for i in 1 2 3; do
  ip netns add "${NS[$i]}"
  CREATED_NS+=("${NS[$i]}")
  ip link add "ms${ID}h$i" type veth peer name "ms${ID}n$i"
  ip link set "ms${ID}n$i" netns "${NS[$i]}"
  ip link set "ms${ID}h$i" master "$BR" up
  ip -n "${NS[$i]}" addr add "$SUBNET.$i/24" dev "ms${ID}n$i"
  ip -n "${NS[$i]}" link set "ms${ID}n$i" up
  ip -n "${NS[$i]}" link set lo up
  MEMBER_ADDR[$i]=$SUBNET.$i
  MEMBER_WRAP[$i]="ip netns exec ${NS[$i]}"
done
say "network: bridge $BR ($SUBNET.254), namespaces ${NS[*]:1} ($SUBNET.1-3)"

lib_copy_jars
{
  echo "load: devices=$DEVICES rate=$RATE batch=$BATCH consoles=$CONSOLES writers=$WRITERS interval=${WRITE_INTERVAL_MS}ms"
  echo "split: member $ISOLATED isolated for ${SPLIT}s after ${WARMUP}s; namespaces ${NS[*]:1}, bridge $BR"
} >> "$OUT/machine.txt"
PG_LISTEN="127.0.0.1,$SUBNET.254"
PG_HOST=$SUBNET.254
PG_HBA_EXTRA=$SUBNET.0/24
lib_start_postgres
lib_cluster_settings
lib_start_members
lib_mint_token

# ---------------------------------------------------------------- the load, following readiness, with a probe writer
lib_start_driver --follow-ready true --probe-member $((ISOLATED - 1))
say "load on: $DEVICES devices, $RATE fixes/s, $CONSOLES consoles, $WRITERS REST writers; warming up ${WARMUP}s"
sleep "$WARMUP"

ready_code() { curl -s -o /dev/null -w '%{http_code}' -m 2 "$(member_url "$1")/health/ready" 2>/dev/null || true; }
MAJORITY=()
for i in 1 2 3; do [[ $i -ne $ISOLATED ]] && MAJORITY+=("$i"); done

# ---------------------------------------------------------------- 1. the split
say "split: member $ISOLATED cut off from members ${MAJORITY[*]}"
echo probe on >&3
echo "$(now_ms) split m$ISOLATED" >> "$PHASES"
SPLIT_ON=1
for j in "${MAJORITY[@]}"; do
  ip netns exec "${NS[$ISOLATED]}" iptables -w -I INPUT -s "$SUBNET.$j" -j DROP
  ip netns exec "${NS[$ISOLATED]}" iptables -w -I OUTPUT -d "$SUBNET.$j" -j DROP
done
T_SPLIT=$SECONDS
unready="" shrunk=""
until [[ -n "$unready" && -n "$shrunk" ]]; do
  (( SECONDS - T_SPLIT < 120 )) || { say "the split was not noticed within 120 s"; break; }
  if [[ -z "$unready" && $(ready_code "$ISOLATED") != 200 ]]; then
    unready=1; echo "$(now_ms) minority-unready m$ISOLATED" >> "$PHASES"
  fi
  if [[ -z "$shrunk" && $(cluster_size "${MAJORITY[0]}") == 2 && $(cluster_size "${MAJORITY[1]}") == 2 ]]; then
    shrunk=1; echo "$(now_ms) majority-shrunk m${MAJORITY[0]}" >> "$PHASES"
  fi
  sleep 0.25
done
say "split noticed: member $ISOLATED /health/ready $(ready_code "$ISOLATED") (size $(cluster_size "$ISOLATED")), members ${MAJORITY[*]}: sizes $(cluster_size "${MAJORITY[0]}") $(cluster_size "${MAJORITY[1]}")"
rest=$((SPLIT - (SECONDS - T_SPLIT)))
(( rest > 0 )) && sleep "$rest"
dump during-split
verify during-split "${MAJORITY[@]}"

# ---------------------------------------------------------------- 2. the heal
say "heal: member $ISOLATED reachable again"
echo "$(now_ms) heal m$ISOLATED" >> "$PHASES"
heal
T_HEAL=$SECONDS
until [[ $(cluster_size 1) == 3 && $(cluster_size 2) == 3 && $(cluster_size 3) == 3 ]]; do
  (( SECONDS - T_HEAL < 180 )) || die "the cluster did not merge within 180 s of the heal"
  sleep 0.25
done
echo "$(now_ms) merged all" >> "$PHASES"
until [[ $(ready_code 1) == 200 && $(ready_code 2) == 200 && $(ready_code 3) == 200 ]]; do
  (( SECONDS - T_HEAL < 240 )) || die "not all members ready within 240 s of the heal"
  sleep 0.25
done
echo "$(now_ms) ready all" >> "$PHASES"
say "healed: cluster sizes $(cluster_size 1) $(cluster_size 2) $(cluster_size 3), all ready, after $((SECONDS - T_HEAL)) s"
sleep "$SETTLE"
echo probe off >&3
dump after-heal
lib_stop_driver
sleep 3   # the last writes' events reach every replica
verify final 1 2 3
python3 "$HERE/views.py" --out "$OUT" --members "$URLS" --token "$TOKEN" \
  --psql "psql -h $PG_HOST -p $PG_PORT -U postgres -d muster -X -q -At" || say "the views differ from the store"

# ---------------------------------------------------------------- summary
python3 "$HERE/analyze.py" --out "$OUT" | tee "$OUT/summary.txt"
