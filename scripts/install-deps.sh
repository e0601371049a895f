#!/usr/bin/env bash
# Installs every Debian 12 package that KeyWarden's build, app, tests and benchmarks need.
# Idempotent: apt-get skips what is already installed.
set -euo pipefail

PACKAGES=(
  # toolchain
  cmake ninja-build g++ ccache pkg-config clang-format
  # Qt 6.4 (qt6-websockets-dev and libqt6opengl6-dev are not pulled in by
  # dependencies but HttpServer and Charts need them at configure time)
  qt6-base-dev qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev libqt6opengl6-dev
  libxkbcommon-dev qtkeychain-qt6-dev libqt6sql6-psql libqt6sql6-sqlite libsqlite3-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
  libgl-dev
  # the SVG image plugin: the app icon stays sharp at every scale factor
  libqt6svg6
  # libraries
  libssl-dev libhiredis-dev libpq-dev
  # run and test
  postgresql redis-server libsecret-1-0 xvfb xauth sqlite3
  # a real Secret Service for the keychain test (scripts/test-keychain.sh)
  dbus gnome-keyring
  # promtool checks /metrics; nginx runs the forward-auth test; wrk drives the benchmarks
  prometheus nginx wrk
  # CI gates and packaging: coverage, static analysis, the .deb and its checks
  gcovr cppcheck clang-tidy dpkg-dev desktop-file-utils python3 python3-yaml jq curl
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
