#!/usr/bin/env bash
# Line coverage of the core library (services/) from a build configured with
# -DKEYWARDEN_COVERAGE=ON after its tests ran; fails below the gate (80% unless given).
#   scripts/coverage-report.sh [BUILD_DIR] [MIN_LINE_PERCENT]
# Writes BUILD_DIR/coverage/index.html (per-file details) and coverage.txt.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-$ROOT/build-asan}
MIN=${2:-80}
mkdir -p "$BUILD/coverage"
cd "$ROOT"
gcovr --root "$ROOT" --object-directory "$BUILD/services" \
  --filter "$ROOT/services/" -j "${KEYWARDEN_JOBS:-$(nproc)}" \
  --exclude-unreachable-branches --exclude-throw-branches \
  --txt "$BUILD/coverage/coverage.txt" \
  --html-details "$BUILD/coverage/index.html" \
  --print-summary --fail-under-line "$MIN" "$BUILD"
echo "coverage: the core library's line coverage is at least $MIN% (details: $BUILD/coverage/index.html)"
