#!/usr/bin/env bash
# The README's run command: installs what it needs, builds, and opens the KeyWarden
# desktop app on the embedded default database (a SQLite file in your data folder) with
# demo data. On first start the app creates the default organization and shows its test
# key once; --demo adds sample organizations, keys and six weeks of usage for the charts.
# Without a display (a server, CI) it seeds the same data and lists it with keywardenctl.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${KEYWARDEN_BUILD_DIR:-$ROOT/build}

bash "$ROOT/scripts/install-deps.sh"
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=true
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" --target keywarden keywardenctl

if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
  exec "$BUILD/app/keywarden" --demo "$@"
fi

echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset): seeding the embedded database"
echo "and listing it with keywardenctl instead of opening the window."
CTL="$BUILD/app/keywardenctl"
"$CTL" db upgrade
"$CTL" db seed --demo
echo
"$CTL" org list
echo
"$CTL" key list --org default
echo
echo "On a desktop: $BUILD/app/keywarden --demo   (or ./scripts/run.sh)"
