#!/usr/bin/env bash
# The static-analysis gates of the core library (services/): cppcheck (warning, performance,
# portability and every error) and clang-tidy with the checks in .clang-tidy, both with
# zero findings. Reuses the compile database of the build folder of scripts/test.sh.
#   scripts/static-analysis.sh [BUILD_DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-${KEYWARDEN_BUILD_DIR:-$ROOT/build}}
JOBS=${KEYWARDEN_JOBS:-$(nproc)}
cd "$ROOT"

bash scripts/install-deps.sh
if [ ! -f "$BUILD/compile_commands.json" ]; then
  export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=true
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
# Generated headers (moc, config.h) must exist for clang-tidy to parse the sources.
cmake --build "$BUILD" -j "$JOBS" --target keywarden_core

echo "== cppcheck $(cppcheck --version | cut -d' ' -f2) on services/"
cppcheck --enable=warning,performance,portability --std=c++20 --language=c++ \
  --library=qt --library=cmake/static-analysis/qt-extra.cfg \
  -I services -I "$BUILD/generated" \
  --suppress=missingIncludeSystem --suppress=missingInclude --inline-suppr \
  --error-exitcode=1 --quiet -j "$JOBS" services/
echo "   clean"

echo "== clang-tidy $(clang-tidy --version | sed -n 's/.*version \([0-9.]*\).*/\1/p') on services/ (checks in .clang-tidy)"
python3 cmake/static-analysis/tidy_compile_db.py "$BUILD" "$BUILD/clang-tidy" services
LOG="$BUILD/clang-tidy/findings.txt"
if ! run-clang-tidy -p "$BUILD/clang-tidy" -j "$JOBS" -quiet services/ >"$LOG" 2>&1; then
  grep -E "(warning|error):" "$LOG" | grep -v "warnings generated" | sort -u || true
  echo "clang-tidy: findings above (full output: $LOG)" >&2
  exit 1
fi
echo "   clean"
