#!/usr/bin/env bash
# Retakes the README's screenshots from the real app: a fresh embedded database with the
# demo data, offscreen, driven by `keywarden --screenshot-tour`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${KEYWARDEN_BUILD_DIR:-$ROOT/build}
HOME_DIR=$(mktemp -d /tmp/keywarden-screenshots.XXXXXX)
trap 'rm -rf "$HOME_DIR"' EXIT
cmake --build "$BUILD" --target keywarden
HOME="$HOME_DIR" XDG_DATA_HOME="$HOME_DIR/data" XDG_CONFIG_HOME="$HOME_DIR/config" \
  QT_QPA_PLATFORM=offscreen KEYWARDEN_LANGUAGE=${KEYWARDEN_LANGUAGE:-en} \
  "$BUILD/app/keywarden" --demo --screenshot-tour "$ROOT/docs/screenshots"
