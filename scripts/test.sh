#!/usr/bin/env bash
# The README's test command: installs what it needs, builds, starts a throw-away
# PostgreSQL 15 and Redis on loopback, runs the whole CTest suite on SQLite and on
# PostgreSQL, and stops the services at the end (also on failure).
#   scripts/test.sh [extra ctest arguments, e.g. -R TestCli]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${KEYWARDEN_BUILD_DIR:-$ROOT/build}
JOBS=${KEYWARDEN_JOBS:-$(nproc)}

bash "$ROOT/scripts/install-deps.sh"

# Let ccache share objects between clones in different folders.
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=true

echo "== configure and build ($BUILD)"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=${KEYWARDEN_BUILD_TYPE:-RelWithDebInfo} \
  ${KEYWARDEN_CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD" -j "$JOBS"

# Free loopback ports for this run, so a developer's own servers never collide.
KEYWARDEN_TEST_PG_PORT=$(bash "$ROOT/scripts/test-services.sh" free-port "${KEYWARDEN_TEST_PG_PORT:-25432}")
KEYWARDEN_TEST_REDIS_PORT=$(bash "$ROOT/scripts/test-services.sh" free-port "${KEYWARDEN_TEST_REDIS_PORT:-25379}")
export KEYWARDEN_TEST_PG_PORT KEYWARDEN_TEST_REDIS_PORT

SERVICES=$(mktemp -d /tmp/keywarden-test.XXXXXX)
cleanup() {
  local status=$?
  bash "$ROOT/scripts/test-services.sh" stop "$SERVICES" || true
  rm -rf "$SERVICES" 2>/dev/null || { sleep 1; rm -rf "$SERVICES" 2>/dev/null; } || true
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== start PostgreSQL on :$KEYWARDEN_TEST_PG_PORT and Redis on :$KEYWARDEN_TEST_REDIS_PORT"
eval "$(bash "$ROOT/scripts/test-services.sh" start "$SERVICES")"

echo "== run the suite"
cd "$BUILD"
status=0
ctest --output-on-failure --timeout 900 -j "$JOBS" "$@" || status=$?
if [ "$status" -ne 0 ]; then
  # CI shows only the end of the output: repeat which checks failed, and where, last.
  echo "== failed checks"
  grep -hE '^(FAIL!|   Loc:)' Testing/Temporary/LastTest*.log 2>/dev/null | tail -n 40 || true
fi
exit "$status"
