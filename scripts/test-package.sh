#!/usr/bin/env bash
# Builds the .deb with CPack from the build folder of scripts/test.sh, installs it with
# dpkg -i on this machine and runs the installed binaries: keywardenctl migrates, seeds and
# serves a throw-away SQLite database on a free loopback port, the desktop app answers
# --help in German (translations are compiled in), the systemd unit passes
# systemd-analyze verify. Removes the package again at the end (also on failure).
#   scripts/test-package.sh
# Needs root (or sudo) for dpkg; CI runs it between the two test stages.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${KEYWARDEN_BUILD_DIR:-$ROOT/build}
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

fail() { echo "test-package: FAIL: $*" >&2; exit 1; }

bash "$ROOT/scripts/install-deps.sh"
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=true
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$BUILD" -j "${KEYWARDEN_JOBS:-$(nproc)}" --target keywarden keywardenctl

echo "== cpack -G DEB"
rm -f "$BUILD"/keywarden_*.deb
(cd "$BUILD" && cpack -G DEB >/dev/null)
DEB=$(ls "$BUILD"/keywarden_*.deb)
echo "   $(basename "$DEB") ($(du -h "$DEB" | cut -f1))"

echo "== package contents and metadata"
CONTENTS=$(dpkg-deb -c "$DEB")
for path in ./usr/bin/keywarden ./usr/bin/keywardenctl \
  ./usr/share/applications/org.keywarden.KeyWarden.desktop \
  ./usr/share/icons/hicolor/scalable/apps/org.keywarden.KeyWarden.svg \
  ./usr/lib/systemd/system/keywarden-validator.service \
  ./usr/share/keywarden/nginx/keywarden-forward-auth.conf \
  ./usr/share/keywarden/prometheus/keywarden-alerts.yml \
  ./usr/share/keywarden/grafana/keywarden-dashboard.json \
  ./usr/share/keywarden/keywarden.env.example \
  ./usr/share/doc/keywarden/API_KEY_USAGE.md; do
  grep -q " $path\$" <<<"$CONTENTS" || fail "$path is missing from the package"
done
DEPENDS=$(dpkg-deb -f "$DEB" Depends)
for dep in libqt6core6 libqt6widgets6 libqt6sql6-psql libqt6sql6-sqlite libhiredis; do
  grep -q "$dep" <<<"$DEPENDS" || fail "Depends lacks $dep: $DEPENDS"
done

WORK=$(mktemp -d /tmp/keywarden-package.XXXXXX)
SERVER_PID=""
cleanup() {
  local status=$?
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  $SUDO dpkg -r keywarden >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== dpkg -i"
$SUDO dpkg -i "$DEB" >/dev/null
dpkg -s keywarden | grep -q "^Status: install ok installed" || fail "dpkg does not list keywarden as installed"

echo "== run the installed binaries"
CTL=/usr/bin/keywardenctl
[ "$($CTL --version)" = "keywardenctl 0.1.0" ] || fail "unexpected version: $($CTL --version)"
export DATABASE_URL="sqlite://$WORK/keywarden.db"
$CTL db upgrade >/dev/null
KEY=$($CTL db seed --json | jq -r .api_key.key)
[[ "$KEY" == pk_test_* ]] || fail "db seed printed no key"
$CTL org list | grep -q default || fail "org list does not show the default organization"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=18480
while port_in_use "$PORT"; do PORT=$((PORT + 1)); done
$CTL serve --host 127.0.0.1 --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
  curl -fsS --max-time 1 "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log"; fail "the installed validator exited"; }
  sleep 0.1
done
STATUS=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" \
  "http://127.0.0.1:$PORT/v1/verify")
[ "$STATUS" = 200 ] || fail "/v1/verify with the seeded key answered $STATUS"
STATUS=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer pk_test_nope" \
  "http://127.0.0.1:$PORT/v1/verify")
[ "$STATUS" = 401 ] || fail "/v1/verify with a wrong key answered $STATUS"
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || fail "the validator did not stop cleanly on SIGTERM"
SERVER_PID=""
grep -qF "${KEY:16:24}" "$WORK/serve.log" && fail "the validator log holds the key"

QT_QPA_PLATFORM=offscreen KEYWARDEN_LANGUAGE=de /usr/bin/keywarden --help 2>/dev/null | grep -q "Optionen:" \
  || fail "the installed desktop app does not speak German"
QT_QPA_PLATFORM=offscreen /usr/bin/keywarden --version | grep -q "0.1.0" || fail "keywarden --version"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate /usr/share/applications/org.keywarden.KeyWarden.desktop || fail "the .desktop file is invalid"
fi

echo "== systemd unit"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify /usr/lib/systemd/system/keywarden-validator.service 2>&1 | tee "$WORK/verify.log"
  if grep -qi "keywarden-validator.service" "$WORK/verify.log"; then fail "systemd-analyze verify complained"; fi
fi

echo "== dpkg -r"
$SUDO dpkg -r keywarden >/dev/null
[ ! -e /usr/bin/keywardenctl ] || fail "dpkg -r left /usr/bin/keywardenctl behind"
echo "test-package: the .deb installs, runs and removes cleanly"
