#!/usr/bin/env bash
# Builds Muster, runs it with its embedded defaults (data in ./data, HTTP on 8080) and plays the Luding earthquake
# demo against it. Ctrl-C stops both. The server prints a one-time admin sign-in link for the console.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -DskipTests package

export MUSTER_DATA_DIR="${MUSTER_DATA_DIR:-data}"
port="${MUSTER_HTTP_PORT:-8080}"

java -jar server/target/muster-server.jar &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT INT TERM

java -jar ops/simulator/target/muster-simulator.jar --server "http://localhost:${port}" --data-dir "$MUSTER_DATA_DIR" \
  --speed "${MUSTER_DEMO_SPEED:-20}" &
simulator=$!
trap 'kill "$simulator" "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT INT TERM

wait "$server"
