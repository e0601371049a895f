#!/usr/bin/env bash
# Checks the monitoring and deployment files under packaging/ against a real validator.
#
#   check_monitoring.sh KEYWARDENCTL SOURCE_DIR
#
# 1. Starts `KEYWARDENCTL serve` on a free loopback port (the kernel picks it: --port 0)
#    over a temporary SQLite database, drives traffic that makes every series appear (a
#    valid key, an agent run with cost, a forward-auth check, an invalid and a missing key,
#    a burst past the free plan's 10 requests per minute) and scrapes GET /metrics.
# 2. `promtool check metrics` on the scrape, `promtool check rules` on the alert rules,
#    `promtool check config` on the example Prometheus configuration.
# 3. check_monitoring.py: every metric the alert rules and the Grafana dashboard name is in
#    the scrape (labels and error codes too), every alert has for/severity/summary/
#    description, every panel has a data source and a target.
# 4. The systemd unit keeps its hardening lines; `systemd-analyze verify` and the offline
#    `systemd-analyze security` run when they work on this machine.
# 5. The Dockerfile and compose file keep their essentials (Docker itself cannot run here).
#
# Every problem is printed as "check_monitoring: FAIL: ..."; the exit status is 1 if there
# was any. The validator is stopped on every exit, and nothing can hang: curl has time
# limits and the validator runs under `timeout`.
set -uo pipefail

fail_now() {
    echo "check_monitoring: FAIL: $*" >&2
    exit 1
}

[ $# -eq 2 ] || fail_now "usage: $0 KEYWARDENCTL SOURCE_DIR"
[ -e "$1" ] || fail_now "keywardenctl not found: $1"
[ -d "$2" ] || fail_now "source folder not found: $2"
KEYWARDENCTL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

ALERTS=$SRC/packaging/prometheus/keywarden-alerts.yml
PROM_CONFIG=$SRC/packaging/prometheus/prometheus.example.yml
DASHBOARD=$SRC/packaging/grafana/keywarden-dashboard.json
UNIT=$SRC/packaging/systemd/keywarden-validator.service
DOCKERFILE=$SRC/packaging/docker/Dockerfile
COMPOSE=$SRC/packaging/docker/compose.yaml
ERROR_CODES=$SRC/services/ErrorCode.cpp
SECURITY_DOC=$SRC/docs/API_SECURITY.md

[ -x "$KEYWARDENCTL" ] || fail_now "keywardenctl is not an executable: $KEYWARDENCTL"
for f in "$ALERTS" "$PROM_CONFIG" "$DASHBOARD" "$UNIT" "$DOCKERFILE" "$COMPOSE" "$ERROR_CODES" "$SECURITY_DOC"; do
    [ -f "$f" ] || fail_now "missing file: $f"
done
for tool in promtool curl timeout; do
    command -v "$tool" >/dev/null || fail_now "$tool is not installed (promtool: Debian package prometheus)"
done
if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=$(command -v python3) || fail_now "python3 is not installed"; fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kw-monitoring.XXXXXX") || fail_now "cannot create a temporary folder"
VALIDATOR_PID=""
cleanup() {
    local status=$?
    if [ -n "$VALIDATOR_PID" ] && kill -0 "$VALIDATOR_PID" 2>/dev/null; then
        kill -TERM "$VALIDATOR_PID" 2>/dev/null
        for _ in $(seq 1 100); do
            kill -0 "$VALIDATOR_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$VALIDATOR_PID" 2>/dev/null
        wait "$VALIDATOR_PID" 2>/dev/null
    fi
    if [ "${KW_CHECK_KEEP_TMP:-0}" = 1 ]; then echo "check_monitoring: kept $TMP"; else rm -rf "$TMP"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

FAILURES=0
fail() {
    echo "check_monitoring: FAIL: $*"
    FAILURES=$((FAILURES + 1))
}

# --- 1. a validator with traffic ---------------------------------------------------------
# A clean, predictable environment: no Redis, no admin API, English messages, and a HOME
# that keeps the embedded default database out of reach.
export DATABASE_URL="sqlite:///$TMP/keywarden.db"
export HOME=$TMP/home KEYWARDEN_LANGUAGE=en LC_ALL=C.UTF-8 KEYWARDEN_LOG_FORMAT=text
unset REDIS_URL USE_REDIS_RATE_LIMIT RATE_LIMIT_BACKEND RATE_LIMIT_FAILURE_MODE ADMIN_API_KEY \
    ENABLE_API_KEY_AUTH ALLOW_UNAUTHENTICATED DEFAULT_RATE_LIMIT ENABLE_USAGE_TRACKING ENABLE_COST_CALCULATION \
    QT_LOGGING_RULES
mkdir -p "$HOME"

timeout 60 "$KEYWARDENCTL" db upgrade >"$TMP/upgrade.log" 2>&1 || fail_now "db upgrade failed: $(cat "$TMP/upgrade.log")"
timeout 60 "$KEYWARDENCTL" --json db seed >"$TMP/seed.json" 2>"$TMP/seed.err" || fail_now "db seed failed: $(cat "$TMP/seed.err")"
KEY=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["api_key"]["key"])' "$TMP/seed.json") \
    || fail_now "db seed printed no key: $(head -c 300 "$TMP/seed.json")"
rm -f "$TMP/seed.json"

# --threads 1: the machine is shared; timeout: the validator cannot outlive a killed test.
timeout -k 5 120 "$KEYWARDENCTL" serve --host 127.0.0.1 --port 0 --threads 1 >"$TMP/serve.log" 2>&1 &
VALIDATOR_PID=$!
PORT=""
for _ in $(seq 1 300); do
    PORT=$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$TMP/serve.log" | head -n 1 | sed 's/.*://')
    [ -n "$PORT" ] && break
    kill -0 "$VALIDATOR_PID" 2>/dev/null || fail_now "the validator exited at start: $(cat "$TMP/serve.log")"
    sleep 0.1
done
[ -n "$PORT" ] || fail_now "the validator did not report its port within 30 s: $(cat "$TMP/serve.log")"
BASE=http://127.0.0.1:$PORT

# status METHOD PATH [curl arguments...]: prints the HTTP status (000 when it failed).
status() {
    local method=$1 path=$2
    shift 2
    curl -sS -o /dev/null -w '%{http_code}' --connect-timeout 2 --max-time 5 -X "$method" "$@" "$BASE$path" 2>/dev/null \
        || true
}
expect() {
    local want=$1 what=$2
    shift 2
    local got
    got=$(status "$@")
    [ "$got" = "$want" ] || fail "traffic: $what answered $got, expected $want"
}
AUTH=(-H "Authorization: Bearer $KEY")
expect 200 "GET /v1/verify with the seeded key" GET /v1/verify "${AUTH[@]}"
expect 204 "GET /v1/auth with the seeded key" GET /v1/auth "${AUTH[@]}"
expect 200 "POST /v1/agents/demo/run" POST /v1/agents/demo/run "${AUTH[@]}" \
    -H 'Content-Type: application/json' --data '{"input":"count my words please"}'
expect 401 "GET /v1/verify with an invented key" GET /v1/verify \
    -H "Authorization: Bearer pk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA000000"
expect 401 "GET /v1/verify without a key" GET /v1/verify
# The seeded organization is on the free plan: 10 requests per minute.
limited=""
for _ in $(seq 1 15); do
    if [ "$(status GET /v1/verify "${AUTH[@]}")" = 429 ]; then
        limited=yes
        break
    fi
done
[ -n "$limited" ] || fail "traffic: 15 more requests of a free-plan key were never refused with 429"

SCRAPE=$TMP/metrics.txt
curl -sS -f --connect-timeout 2 --max-time 5 -o "$SCRAPE" "$BASE/metrics" || fail_now "GET /metrics failed"

# --- 2. promtool -------------------------------------------------------------------------
out=$(timeout 60 promtool check metrics <"$SCRAPE" 2>&1)
rc=$?
[ $rc -eq 0 ] && [ -z "$out" ] || fail "promtool check metrics on the scrape (rc $rc): $out"
out=$(timeout 60 promtool check rules "$ALERTS" 2>&1) || fail "promtool check rules $ALERTS: $out"
# check config resolves rule_files relative to the configuration's folder.
out=$(cd "$(dirname "$PROM_CONFIG")" && timeout 60 promtool check config "$(basename "$PROM_CONFIG")" 2>&1) \
    || fail "promtool check config $PROM_CONFIG: $out"

# --- 3. names in the rules and the dashboard ---------------------------------------------
"$PYTHON" "$HERE/check_monitoring.py" "$SCRAPE" "$ALERTS" "$DASHBOARD" "$ERROR_CODES" "$SECURITY_DOC" \
    || FAILURES=$((FAILURES + 1))

# --- 4. the systemd unit -----------------------------------------------------------------
# Lines that must stay, exactly (comments do not count).
UNIT_LINES=(
    "DynamicUser=yes"
    "NoNewPrivileges=yes"
    "ProtectSystem=strict"
    "ProtectHome=yes"
    "PrivateTmp=yes"
    "StateDirectory=keywarden"
    "ReadWritePaths=/var/lib/keywarden"
    "CapabilityBoundingSet="
    "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX"
    "SystemCallFilter=@system-service"
    "EnvironmentFile=-/etc/keywarden/keywarden.env"
    "Restart=on-failure"
    "KillSignal=SIGTERM"
    "ExecStartPre=/usr/bin/keywardenctl db upgrade"
)
for line in "${UNIT_LINES[@]}"; do
    grep -qxF -- "$line" "$UNIT" || fail "$UNIT: the line '$line' is missing"
done
grep -qE '^ExecStart=/usr/bin/keywardenctl serve( |$)' "$UNIT" || fail "$UNIT: no ExecStart=/usr/bin/keywardenctl serve"
grep -qE '^(User|DynamicUser)=' "$UNIT" || fail "$UNIT: the service has no user of its own"
# Writable paths: the state folder only.
grep -E '^ReadWritePaths=' "$UNIT" | grep -vxF 'ReadWritePaths=/var/lib/keywarden' \
    | while read -r extra; do echo "check_monitoring: FAIL: $UNIT: writable beyond its state: $extra"; done \
    | grep . && FAILURES=$((FAILURES + 1))
stop=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)s\{0,1\}$/\1/p' "$UNIT" | tail -n 1)
[ -n "$stop" ] && [ "$stop" -ge 30 ] || fail "$UNIT: TimeoutStopSec must give the usage flush at least 30 s (seconds, e.g. 90s)"

# systemd-analyze verify works without a running systemd on some machines, not on others:
# probe with a trivial unit first. The copy runs the keywardenctl under test, since
# /usr/bin/keywardenctl exists only once the .deb is installed.
mkdir -p "$TMP/units"
printf '[Unit]\nDescription=probe\n[Service]\nExecStart=/bin/true\n' >"$TMP/units/kw-probe.service"
sed "s#/usr/bin/keywardenctl#$KEYWARDENCTL#g" "$UNIT" >"$TMP/units/keywarden-validator.service"
if probe=$(cd "$TMP/units" && timeout 30 systemd-analyze verify ./kw-probe.service 2>&1) && [ -z "$probe" ]; then
    out=$(cd "$TMP/units" && timeout 30 systemd-analyze verify ./keywarden-validator.service 2>&1)
    rc=$?
    [ $rc -eq 0 ] && [ -z "$out" ] || fail "systemd-analyze verify $UNIT (rc $rc): $out"
    # Exposure is scored 0 (best) to 10; the threshold is in tenths.
    if (cd "$TMP/units" && timeout 30 systemd-analyze security --offline=yes --threshold=100 ./kw-probe.service) \
        >/dev/null 2>&1; then
        out=$(cd "$TMP/units" && timeout 30 systemd-analyze security --offline=yes --threshold=20 \
            ./keywarden-validator.service 2>&1)
        [ $? -eq 0 ] || fail "systemd-analyze security: exposure above 2.0: $(echo "$out" | tail -n 1)"
    else
        echo "check_monitoring: note: systemd-analyze security --offline does not work here; skipped"
    fi
else
    echo "check_monitoring: note: systemd-analyze verify does not work here ($probe); only the hardening lines were checked"
fi

# --- 5. Docker files (Docker cannot run here: only their essentials) ---------------------
grep -qE '^FROM debian:12-slim AS build' "$DOCKERFILE" || fail "$DOCKERFILE: no build stage FROM debian:12-slim AS build"
grep -q 'scripts/install-deps.sh' "$DOCKERFILE" || fail "$DOCKERFILE: the build stage does not use scripts/install-deps.sh"
grep -qE '^USER [a-z]' "$DOCKERFILE" || fail "$DOCKERFILE: the runtime stage has no non-root USER"
grep -qE '^USER root' "$DOCKERFILE" && fail "$DOCKERFILE: runs as root"
grep -qE '^EXPOSE 8080' "$DOCKERFILE" || fail "$DOCKERFILE: no EXPOSE 8080"
grep -qE '^HEALTHCHECK .*' "$DOCKERFILE" && grep -q '/health' "$DOCKERFILE" || fail "$DOCKERFILE: no HEALTHCHECK on /health"
"$PYTHON" - "$COMPOSE" <<'EOF' || FAILURES=$((FAILURES + 1))
import sys
path = sys.argv[1]
try:
    import yaml
except ImportError:
    print("check_monitoring: note: PyYAML missing; compose.yaml only checked with grep")
    text = open(path).read()
    missing = [w for w in ("validator:", "postgres:", "redis:", "DATABASE_URL", "REDIS_URL", "ADMIN_API_KEY",
                           "healthcheck:") if w not in text]
    for w in missing:
        print(f"check_monitoring: FAIL: {path}: no {w}")
    sys.exit(1 if missing else 0)
services = (yaml.safe_load(open(path)) or {}).get("services") or {}
bad = []
for name in ("validator", "postgres", "redis"):
    if name not in services:
        bad.append(f"no service {name}")
    elif "healthcheck" not in services[name]:
        bad.append(f"service {name} has no healthcheck")
env = (services.get("validator") or {}).get("environment") or {}
if isinstance(env, list):
    env = dict(item.split("=", 1) for item in env)
for var in ("DATABASE_URL", "REDIS_URL", "ADMIN_API_KEY"):
    if var not in env:
        bad.append(f"the validator gets no {var}")
for b in bad:
    print(f"check_monitoring: FAIL: {path}: {b}")
sys.exit(1 if bad else 0)
EOF

if [ "$FAILURES" -gt 0 ]; then
    echo "check_monitoring: FAILED: see the FAIL lines above (KW_CHECK_KEEP_TMP=1 keeps the validator's log and scrape)"
    exit 1
fi
echo "check_monitoring: all checks passed (validator on port $PORT)"
