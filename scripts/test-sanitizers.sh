#!/usr/bin/env bash
# The whole suite again, built with AddressSanitizer and UndefinedBehaviorSanitizer (leak
# detection on), in its own build folder, with its own throw-away services.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export KEYWARDEN_BUILD_DIR=${KEYWARDEN_SANITIZE_BUILD_DIR:-$ROOT/build-asan}
export KEYWARDEN_BUILD_TYPE=Debug
export KEYWARDEN_CMAKE_ARGS="-DKEYWARDEN_SANITIZE=ON -DKEYWARDEN_BUILD_BENCH=OFF"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec bash "$ROOT/scripts/test.sh" "$@"
