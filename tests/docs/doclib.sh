# shellcheck shell=bash
# Shared by tests/docs/run_doc_commands.sh and its shims (tests/docs/shims/): the fake
# root, the port rewrite, key masking and the shim call log. Sourced, never run.
#
# Environment set by the runner for every doc command and shim:
#   KW_DOC_ROOT   fake root: what /etc/keywarden, /var/lib/keywarden, /usr/share/keywarden,
#                 /usr/lib/systemd/system, /etc/nginx ... stand for during the test
#   KW_DOC_SRC    the source tree (packaging/ is read from here)
#   KW_DOC_STATE  the doc's scratch state folder (logs, pid files)
#   KW_DOC_PORT   the 127.0.0.1 port that stands for the docs' 8080
#   KW_DOC_CTL    the keywardenctl under test
#   KW_DOC_PATH   PATH without the shims (to reach the real tools)
#   KW_DOC_PG_PORT, KW_DOC_REDIS_PORT  the private PostgreSQL / Redis (setup postgresql, redis)

# System paths the docs may name; each is rewritten to "$KW_DOC_ROOT<path>" in the text of
# a ```sh block before it runs, and in a unit file and its environment file before the
# systemctl shim reads them.
KW_DOC_SYSTEM_PATHS=(
  /etc/keywarden /var/lib/keywarden /var/backups/keywarden /usr/share/keywarden
  /usr/share/doc/keywarden /usr/lib/systemd/system /etc/systemd/system /etc/nginx
  /etc/prometheus /usr/bin/keywardenctl /usr/bin/keywarden /var/log/keywarden
)

# stdin -> stdout: system paths into the fake root, the docs' validator port 8080 into
# KW_DOC_PORT, any listen address (--host 0.0.0.0, KEYWARDEN_HOST=...) into 127.0.0.1
# (servers in tests bind loopback only),
# PostgreSQL's 5432 and Redis's 6379 (also on the docs' example hosts db.internal and
# redis.internal) into the private servers' ports when the doc's setup started them.
kw_doc_rewrite() {
  local alternation root_pattern
  alternation=$(IFS='|'; echo "${KW_DOC_SYSTEM_PATHS[*]}")
  root_pattern=$(sed 's/[.[\*^$#]/\\&/g' <<<"$KW_DOC_ROOT")
  # Idempotent: "$KW_DOC_ROOT/" is set aside (as \x01) first, so text that
  # was rewritten before (an environment file a doc command wrote) is not rewritten twice.
  # One pass of the alternation (leftmost-longest), so /usr/bin/keywardenctl is not taken
  # for /usr/bin/keywarden.
  sed -E \
    -e "s#${root_pattern}/#\x01#g" \
    -e "s#(${alternation})#${KW_DOC_ROOT}\1#g" \
    -e "s#\x01#${KW_DOC_ROOT}/#g" \
    -e "s#127\.0\.0\.1:8080#127.0.0.1:${KW_DOC_PORT}#g" \
    -e "s#localhost:8080#127.0.0.1:${KW_DOC_PORT}#g" \
    -e "s#--port 8080#--port ${KW_DOC_PORT}#g" \
    -e "s#--host 0\.0\.0\.0#--host 127.0.0.1#g" \
    -e "s#^([[:space:]]*(Environment=)?KEYWARDEN_PORT=)8080#\1${KW_DOC_PORT}#" \
    -e "s#^([[:space:]]*(Environment=)?KEYWARDEN_HOST=).*#\1127.0.0.1#" \
    -e "s#(127\.0\.0\.1|localhost|db\.internal):5432#127.0.0.1:${KW_DOC_PG_PORT:-5432}#g" \
    -e "s#(127\.0\.0\.1|localhost|redis\.internal):6379#127.0.0.1:${KW_DOC_REDIS_PORT:-6379}#g"
}

# The variables an environment file may set: those of .env.example (the product's) and of
# packaging/systemd/keywarden.env.example (the unit's own, such as KEYWARDEN_PORT), set or
# commented out there.
kw_doc_known_vars() {
  cat "$KW_DOC_SRC/.env.example" "$KW_DOC_SRC/packaging/systemd/keywarden.env.example" 2>/dev/null \
    | grep -oE '^#?[A-Z][A-Z0-9_]*=' | tr -d '#=' | sort -u
}

# stdin -> stdout: every full KeyWarden key masked like the product masks it.
kw_doc_mask() {
  sed -E 's/(pk_(live|test|admin)_[A-Za-z0-9_-]{4})[A-Za-z0-9_-]{20,}([A-Za-z0-9]{4})/\1…\3/g'
}

# A shim records what it was asked to do (masked) in the doc's shim log.
kw_doc_record() {
  printf '%s\n' "$*" | kw_doc_mask >>"$KW_DOC_STATE/shims.log"
}

kw_doc_die() {
  echo "$(basename "$0") (doc-test shim): $*" >&2
  exit 1
}

# Is something answering on 127.0.0.1:$1?
kw_doc_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Polls http://127.0.0.1:$1/health until it answers 200 (up to $3 seconds), while process $2
# lives. Returns 1 when the process died or the time ran out.
kw_doc_wait_health() {
  local port=$1 pid=$2 seconds=${3:-15} i
  for ((i = 0; i < seconds * 20; i++)); do
    if curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# Stops the process in pid file $1 (TERM, then KILL after 10 s) and removes the file.
kw_doc_stop_pidfile() {
  local file=$1 pid i
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  rm -f "$file"
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 200; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null || true
}
