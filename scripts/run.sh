#!/usr/bin/env bash
# The README's run command: installs what it needs, builds, and opens KeyWarden on the
# embedded default database (a SQLite file in your data folder) with demo data.
# Until the desktop app lands, it seeds the database and shows it through keywardenctl.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${KEYWARDEN_BUILD_DIR:-$ROOT/build}

bash "$ROOT/scripts/install-deps.sh"
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=true
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" --target keywardenctl

CTL="$BUILD/app/keywardenctl"
"$CTL" db upgrade
"$CTL" db seed
echo
"$CTL" org list
echo
"$CTL" key list --org default
echo
echo "Try: $CTL --help"
