#!/usr/bin/env bash
# Builds and runs the benchmarks against a throw-away PostgreSQL on loopback.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${KEYWARDEN_BUILD_DIR:-$ROOT/build}
bash "$ROOT/scripts/install-deps.sh"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" --target keywarden_bench_core
KEYWARDEN_TEST_PG_PORT=$(bash "$ROOT/scripts/test-services.sh" free-port "${KEYWARDEN_TEST_PG_PORT:-25532}")
KEYWARDEN_TEST_REDIS_PORT=$(bash "$ROOT/scripts/test-services.sh" free-port "${KEYWARDEN_TEST_REDIS_PORT:-25479}")
export KEYWARDEN_TEST_PG_PORT KEYWARDEN_TEST_REDIS_PORT
SERVICES=$(mktemp -d /tmp/keywarden-bench.XXXXXX)
trap 'bash "$ROOT/scripts/test-services.sh" stop "$SERVICES"; rm -rf "$SERVICES"' EXIT
eval "$(bash "$ROOT/scripts/test-services.sh" start "$SERVICES")"
"$BUILD/bench/keywarden_bench_core" --pg "$KEYWARDEN_TEST_PG_URL" "$@"
