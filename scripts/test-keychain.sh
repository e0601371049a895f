#!/usr/bin/env bash
# Runs a test binary against a real Secret Service: a private D-Bus session bus with an
# unlocked, throw-away gnome-keyring-daemon, under a temporary HOME so that neither the
# user's keyrings nor their session bus are touched.
#   scripts/test-keychain.sh BUILD_DIR/tests/TestQtKeychainReal [test args...]
# Needs the Debian packages dbus (dbus-run-session) and gnome-keyring (scripts/install-deps.sh).
set -euo pipefail

TEST_BINARY=${1:?usage: test-keychain.sh TEST_BINARY [ARGS...]}
shift

for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "test-keychain: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done

SANDBOX=$(mktemp -d "${TMPDIR:-/tmp}/keywarden-keychain.XXXXXX")
trap 'rm -rf "$SANDBOX"' EXIT
mkdir -p "$SANDBOX/home" "$SANDBOX/runtime" "$SANDBOX/data" "$SANDBOX/config" "$SANDBOX/cache"
chmod 700 "$SANDBOX/runtime"

# Inside the private session: start the keyring (it creates and unlocks the "login"
# keyring with the password given on stdin, and owns org.freedesktop.secrets), then run
# the test. dbus-run-session ends the bus and with it the daemon when the test exits.
env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY \
  HOME="$SANDBOX/home" XDG_RUNTIME_DIR="$SANDBOX/runtime" XDG_DATA_HOME="$SANDBOX/data" \
  XDG_CONFIG_HOME="$SANDBOX/config" XDG_CACHE_HOME="$SANDBOX/cache" \
  KEYWARDEN_REAL_KEYCHAIN_TEST=1 QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" \
  dbus-run-session -- bash -c '
    set -euo pipefail
    eval "$(printf %s keywarden-test | gnome-keyring-daemon --unlock --components=secrets)"
    trap '\''[ -n "${GNOME_KEYRING_PID:-}" ] && kill "$GNOME_KEYRING_PID" 2>/dev/null || true'\'' EXIT
    "$@"
  ' keychain-session "$TEST_BINARY" "$@" 2> >(grep -v "Failed to set fd limit" >&2)
