#!/usr/bin/env bash
# Runs every command of KeyWarden's docs, so that the docs cannot rot.
#
#   tests/docs/run_doc_commands.sh KEYWARDENCTL SOURCE_DIR [DOC.md ...]
#
# Default docs: docs/API_KEY_USAGE.md, docs/API_SECURITY.md, docs/DEPLOYMENT.md. CTest runs
# it as DocCommands (tests/docs/docs_tests.cmake). KW_DOC_KEEP=1 keeps the scratch folder.
#
# The convention (each doc repeats it in an HTML comment at its top):
# - Every fenced block tagged ```sh is run, in the order of the file, in ONE bash shell per
#   file (set -euo pipefail, inherit_errexit), so variables such as $KEY carry over from
#   block to block. The shell starts in an empty scratch folder with HOME there, keywardenctl
#   (the one under test) first on PATH, no KeyWarden variable from the caller's environment,
#   and a ~/.curlrc with --max-time 15 (so the docs' curl lines stay short and still cannot
#   hang). A command that fails fails the test with the doc's file name and line.
# - A line `# => text` inside a ```sh block asserts that the block's output (stdout and
#   stderr) holds a line containing `text`; several `# =>` lines must match in order; `…` in
#   the text matches anything. Block output is shown only on failure, with keys masked.
# - The doc's header comment names its setup in a line `doc-test-setup: WORDS`:
#     validator   a fresh migrated SQLite database as $DATABASE_URL, and a validator on it
#                 (`keywardenctl serve`, admin API on) on a free 127.0.0.1 port, as
#                 $KEYWARDEN_URL with $ADMIN_API_KEY.
#     postgresql  a private PostgreSQL 15 cluster on a free loopback port (one per run, a
#                 database per doc), TLS on with a throw-away certificate (superuser
#                 postgres, trust authentication: passwords in the docs are not checked);
#                 127.0.0.1:5432, localhost:5432 and db.internal:5432 in the docs mean it, and
#                 PGHOST/PGPORT point at it (psql, createdb, pg_dump reach it).
#     redis       a private redis-server; 127.0.0.1:6379, localhost:6379 and
#                 redis.internal:6379 mean it.
#   Without `validator`, 127.0.0.1:8080 / localhost:8080 / --port 8080 in the docs mean a
#   free port that the systemctl shim's validator listens on.
# - ```nginx blocks are checked with the real `nginx -t` (unprivileged) inside an http {}
#   block (a block that starts with `location` inside a server {}).
# - ```ini blocks (environment files) may only set variables that .env.example or the
#   unit's packaging/systemd/keywarden.env.example name.
# - Inline `keywardenctl …` spans in the prose must name a real command and real options
#   (checked against `keywardenctl <command> --help`).
# - Other blocks (```text, ```http, ```json, ```console) are illustrations and are not run.
#
# What is real and what is a shim (tests/docs/shims/, first on PATH):
# - Real: keywardenctl (every sub-command the docs use, against SQLite or the private
#   PostgreSQL), the validators and every curl against them, jq, sqlite3, psql, createdb,
#   pg_dump, pg_restore, openssl, promtool, nginx -t, install/tee/sed/cp of files.
# - Paths that only root may write (/etc/keywarden, /var/lib/keywarden, /usr/share/keywarden,
#   /usr/lib/systemd/system, /etc/nginx, ...; see KW_DOC_SYSTEM_PATHS in doclib.sh) are
#   rewritten, in the text of each ```sh block before it runs, into a fake root in the
#   scratch folder. Any other absolute path under /etc, /var, /usr, /lib, /opt, /srv, /boot,
#   /root or /home in a block is refused before anything runs: the test never touches the
#   machine outside its scratch folder.
# - sudo: records the call and runs the command as the test's user (-u accepts root,
#   postgres and the User= of installed units; -u postgres logs PostgreSQL's tools in as
#   the superuser postgres, as peer authentication would).
# - apt/apt-get install ./keywarden_*_amd64.deb: checks the name against CPack's and
#   installs the package's files into the fake root with `cmake --install` of the build tree
#   (or copies KW_DOC_PACKAGE_ROOT, e.g. a .deb unpacked with `dpkg-deb -x`); nothing is
#   installed on the machine. apt install of other packages only checks that they are
#   installed here (scripts/install-deps.sh), i.e. real Debian package names.
# - systemctl: for keywarden units, reads the unit installed from packaging/systemd/, loads
#   its Environment= and EnvironmentFile= (which must hold only known variables; paths and
#   ports in both are mapped like the doc text), expands ${VAR} and runs
#   its ExecStartPre= and ExecStart= for real, then waits for /health; `reload nginx` runs
#   the nginx shim. Other units (postgresql, redis-server, ...) are only recorded. User=,
#   sandboxing and the other directives are not exercised: scripts/test-package.sh runs
#   `systemd-analyze verify` on the unit.
# - nginx -t: real nginx on an nginx.conf like Debian's that includes the fake root's
#   conf.d/*.conf and sites-enabled/*.
# - journalctl -u UNIT: prints what the systemctl shim's process logged.
# - docker / docker compose: cannot run on these machines: the shim only checks that the
#   compose file and Dockerfile named exist (relative paths: in the source tree) and that
#   the compose file defines the services a command names.
# - keywardenctl itself is wrapped (shims/keywardenctl): a command that fails with SQLite's
#   "database is locked" while the validator writes usage is retried (at most twice) and the
#   retry is printed in the shim log: a known product issue (deferred transactions in WAL
#   mode), not a doc problem.
set -euo pipefail

CTL=$(readlink -f "${1:?usage: run_doc_commands.sh KEYWARDENCTL SOURCE_DIR [DOC.md ...]}")
SRC=$(cd "${2:?usage: run_doc_commands.sh KEYWARDENCTL SOURCE_DIR [DOC.md ...]}" && pwd)
shift 2
DOCS=("$@")
[ ${#DOCS[@]} -gt 0 ] || DOCS=(docs/API_KEY_USAGE.md docs/API_SECURITY.md docs/DEPLOYMENT.md)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=doclib.sh
source "$HERE/doclib.sh"

[ -x "$CTL" ] || { echo "doc-test: $CTL is not an executable" >&2; exit 1; }
for tool in curl jq sqlite3 awk sed; do
  command -v "$tool" >/dev/null || { echo "doc-test: $tool is not installed (scripts/install-deps.sh)" >&2; exit 1; }
done
NGINX=$(PATH="$PATH:/usr/sbin:/sbin" command -v nginx || true)

WORK=$(mktemp -d /tmp/keywarden-docs.XXXXXX)
chmod 755 "$WORK"
CLEANUPS=()
cleanup() {
  local status=$? i
  for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do eval "${CLEANUPS[$i]}" || true; done
  if [ "${KW_DOC_KEEP:-0}" = 1 ]; then echo "doc-test: kept $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "doc-test: FAIL: $*" >&2
  exit 1
}

# A port nobody listens on, below the kernel's range for outgoing connections (so that no
# client socket can hold it either when the server binds it later).
free_port() {
  local port i low=32768 span
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  span=$((low - 10000))
  [ "$span" -gt 1000 ] || span=20000
  for ((i = 0; i < 200; i++)); do
    port=$((10000 + (RANDOM * 32768 + RANDOM) % span))
    kw_doc_port_open "$port" || { echo "$port"; return 0; }
  done
  return 1
}

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The private PostgreSQL 15 of setup `postgresql`, shared by the docs of one run.
PG_PORT=""
start_postgresql() {
  local pgbin=/usr/lib/postgresql/15/bin pgdata="$WORK/pgdata" log="$WORK/postgresql.log"
  [ -x "$pgbin/initdb" ] || fail "PostgreSQL 15 is not installed (scripts/install-deps.sh)"
  mkdir -p "$pgdata"
  [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$pgdata"
  as_postgres "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --no-locale >"$log" 2>&1 \
    || { cat "$log" >&2; fail "initdb failed"; }
  # TLS on, with a throw-away certificate, so that the docs' sslmode=require works.
  openssl req -new -x509 -days 2 -nodes -subj /CN=localhost -keyout "$pgdata/server.key" \
    -out "$pgdata/server.crt" >>"$log" 2>&1 || { cat "$log" >&2; fail "openssl req failed"; }
  chmod 600 "$pgdata/server.key"
  [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$pgdata/server.key" "$pgdata/server.crt"
  PG_PORT=$(free_port) || fail "no free port"
  as_postgres "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $PG_PORT -k $pgdata -c ssl=on -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >>"$log" 2>&1 || { cat "$pgdata/server.log" >&2; fail "PostgreSQL did not start"; }
  CLEANUPS+=("as_postgres '$pgbin/pg_ctl' -D '$pgdata' -m immediate -w stop >/dev/null 2>&1")
}

# --- extraction -------------------------------------------------------------------------
# Writes $2/NNN.<lang> for every fenced block of $1, $2/index ("NNN lang first-line"),
# $2/NNN.expect ("line<TAB>text" for each `# =>` of a sh block), $2/inline ("line<TAB>span"
# for every inline `keywardenctl …` outside fences) and $2/setup (doc-test-setup words).
extract() {
  local doc=$1 out=$2
  mkdir -p "$out"
  : >"$out/index"
  : >"$out/inline"
  awk -v out="$out" '
    function flush() { close(file); close(expect) }
    {
      line = $0
      if (!infence && match(line, /^[ ]*```[a-z]*[ ]*$/)) {
        infence = 1
        indent = line; sub(/```.*/, "", indent); ilen = length(indent)
        lang = line; sub(/^[ ]*```/, "", lang); sub(/[ ]*$/, "", lang)
        if (lang == "") lang = "text"
        n++
        id = sprintf("%03d", n)
        file = out "/" id "." lang
        expect = out "/" id ".expect"
        printf "" > file
        printf "" > expect
        printf "%s %s %d\n", id, lang, NR + 1 >> (out "/index")
        next
      }
      if (infence && line ~ /^[ ]*```[ ]*$/) { infence = 0; flush(); next }
      if (infence) {
        if (substr(line, 1, ilen) == indent) line = substr(line, ilen + 1)
        print line > file
        if (lang == "sh" && match(line, /^[ \t]*# => /)) {
          text = line; sub(/^[ \t]*# => /, "", text)
          printf "%d\t%s\n", NR, text > expect
        }
        next
      }
      if (line ~ /doc-test-setup:/) {
        s = line; sub(/.*doc-test-setup:[ ]*/, "", s); sub(/[ ]*-->.*/, "", s)
        print s > (out "/setup")
      }
      rest = line
      while (match(rest, /`keywardenctl[^`]*`/)) {
        printf "%d\t%s\n", NR, substr(rest, RSTART + 1, RLENGTH - 2) >> (out "/inline")
        rest = substr(rest, RSTART + RLENGTH)
      }
    }
    END { if (infence) { printf "unclosed fence\n" > "/dev/stderr"; exit 1 } }
  ' "$doc"
}

# --- static checks ----------------------------------------------------------------------
check_inline() {
  local docname=$1 blocks=$2 line span words help opt
  while IFS=$'\t' read -r line span; do
    [ -n "$span" ] || continue
    read -r -a words <<<"$span"
    local cmd=() opts=() i=1
    while [ $i -lt ${#words[@]} ]; do
      case ${words[$i]} in
        --database) i=$((i + 2)); continue ;;
        --json) ;;
        --help | --version) cmd=(); break ;;
        '<' | '|' | '>' | '&&') break ;;
        --*) opts+=("${words[$i]%%=*}") ;;
        [a-z]*)
          if [ ${#opts[@]} -eq 0 ] && [ ${#cmd[@]} -lt 2 ] && [[ ${words[$i]} =~ ^[a-z][a-z-]*$ ]]; then
            cmd+=("${words[$i]}")
          fi
          ;;
      esac
      i=$((i + 1))
    done
    [ ${#cmd[@]} -gt 0 ] || continue
    help=$("$CTL" "${cmd[@]}" --help 2>&1) \
      || fail "$docname:$line: \`$span\`: \`keywardenctl ${cmd[*]}\` is not a command: $(head -1 <<<"$help")"
    for opt in "${opts[@]}"; do
      grep -q -- "$opt\\b" <<<"$help" || fail "$docname:$line: \`$span\`: keywardenctl ${cmd[*]} has no option $opt"
    done
  done <"$blocks/inline"
}

check_config_blocks() {
  local docname=$1 blocks=$2 id lang first known line n key
  known=$(KW_DOC_SRC=$SRC kw_doc_known_vars)
  while read -r id lang first; do
    case $lang in
      ini)
        n=$first
        while IFS= read -r line || [ -n "$line" ]; do
          if [[ ! $line =~ ^[[:space:]]*(#|$) ]]; then
            [[ $line =~ ^([A-Z_][A-Z0-9_]*)= ]] || fail "$docname:$n: not a VARIABLE=value line"
            key=${BASH_REMATCH[1]}
            grep -qx "$key" <<<"$known" \
              || fail "$docname:$n: $key is a variable of neither .env.example nor packaging/systemd/keywarden.env.example"
          fi
          n=$((n + 1))
        done <"$blocks/$id.$lang"
        ;;
      nginx)
        [ -n "$NGINX" ] || fail "$docname:$first: nginx is not installed (scripts/install-deps.sh)"
        local dir="$blocks/nginx-$id" body
        mkdir -p "$dir/logs"
        body=$(cat "$blocks/$id.$lang")
        if grep -qE '^[[:space:]]*location' <<<"$body" && ! grep -qE '^[[:space:]]*server[[:space:]]*\{' <<<"$body"; then
          body="server { listen 127.0.0.1:9; $body }"
        fi
        {
          echo "worker_processes 1; error_log $dir/logs/error.log warn; pid $dir/nginx.pid;"
          echo "events { worker_connections 64; }"
          echo "http { access_log off; client_body_temp_path $dir/b; proxy_temp_path $dir/p;"
          echo "  fastcgi_temp_path $dir/f; uwsgi_temp_path $dir/u; scgi_temp_path $dir/s;"
          echo "$body"
          echo "}"
        } >"$dir/nginx.conf"
        "$NGINX" -t -q -p "$dir" -e "$dir/logs/error.log" -c "$dir/nginx.conf" >"$dir/out" 2>&1 \
          || { grep -v '"user" directive' "$dir/out" >&2; fail "$docname:$first: nginx -t refuses this block"; }
        ;;
    esac
  done <"$blocks/index"
}

# --- the per-doc script -----------------------------------------------------------------
# Generates $3/script.sh from the sh blocks of doc $1 (blocks in $2) and $3/map
# ("script-line doc-line" per block).
generate() {
  local doc=$1 blocks=$2 state=$3 id lang first gen
  local script="$state/script.sh"
  cat >"$script" <<'PRELUDE'
set -euo pipefail
shopt -s inherit_errexit
exec 3>&2
__kw_block=000
__kw_fail() {
  local status=$1 line=$2 start=0 docline=0 s d
  while read -r s d; do
    if [ "$s" -le "$line" ]; then start=$s; docline=$d; fi
  done <"$__KW_STATE/map"
  docline=$((docline + line - start))
  printf '%s %s %s\n' "$__kw_block" "$docline" "$status" >"$__KW_STATE/failed"
  trap - ERR
  exit "$status"
}
__kw_check() {
  local id=$1 out="$__KW_BLOCKS/$1.out" line text cursor=0 found
  [ -s "$__KW_BLOCKS/$id.expect" ] || return 0
  sed -i 's/\r$//' "$out"
  while IFS=$'\t' read -r line text; do
    # ENVIRON, not -v: awk would read backslashes in the text as escapes.
    found=$(KW_WANT=$text awk -v from="$cursor" '
      NR > from {
        n = split(ENVIRON["KW_WANT"], parts, "…"); ok = 1; rest = $0
        for (i = 1; i <= n; i++) {
          if (parts[i] == "") continue
          k = index(rest, parts[i]); if (k == 0) { ok = 0; break }
          rest = substr(rest, k + length(parts[i]))
        }
        if (ok) { print NR; exit }
      }' "$out")
    if [ -z "$found" ]; then
      printf '%s %s expect\n' "$id" "$line" >"$__KW_STATE/failed"
      trap - ERR
      exit 1
    fi
    cursor=$found
  done <"$__KW_BLOCKS/$id.expect"
}
trap '__kw_fail $? $LINENO' ERR
cd "$KW_DOC_CWD"
PRELUDE
  : >"$state/map"
  while read -r id lang first; do
    [ "$lang" = sh ] || continue
    {
      echo "__kw_block=$id"
      echo "echo \"$first \$EPOCHREALTIME\" >>\"\$__KW_STATE/times\""
      echo "{"
    } >>"$script"
    gen=$(($(wc -l <"$script") + 1))
    echo "$gen $first" >>"$state/map"
    kw_doc_rewrite <"$blocks/$id.sh" >>"$script"
    {
      echo "} >\"\$__KW_BLOCKS/$id.out\" 2>&1 </dev/null"
      echo "__kw_check $id"
    } >>"$script"
  done <"$blocks/index"
  echo "echo \"end \$EPOCHREALTIME\" >>\"\$__KW_STATE/times\"" >>"$script"
  echo "echo __kw_done" >>"$script"
}

# Refuses a script that would write to a real system path (only the fake root may be used).
check_system_paths() {
  local docname=$1 state=$2 bad
  bad=$(grep -noE '(^|[[:space:]"'"'"'=>(])/(etc|var|usr|lib|opt|srv|boot|root|home)/[^[:space:]"'"'"')]*' "$state/script.sh" \
    | grep -vE ':[^:]*/(usr/sbin/nologin|usr/share/zoneinfo)' || true)
  if [ -n "$bad" ]; then
    local gen path docline s d start=0 dl=0
    gen=${bad%%:*}
    path=$(head -1 <<<"$bad" | cut -d: -f2-)
    while read -r s d; do
      if [ "$s" -le "$gen" ]; then start=$s; dl=$d; fi
    done <"$state/map"
    docline=$((dl + gen - start))
    fail "$docname:$docline: the command would touch the real system path${path} (add it to KW_DOC_SYSTEM_PATHS in tests/docs/doclib.sh to map it into the fake root)"
  fi
}

# --- one doc ----------------------------------------------------------------------------
run_doc() {
  local docpath=$1 docname=$1 name dir blocks state setup started=$EPOCHREALTIME setup_done
  [[ $docpath == /* ]] || docpath="$SRC/$docpath"
  [ -f "$docpath" ] || fail "$docname does not exist"
  name=$(basename "$docpath" .md)
  dir="$WORK/$name"
  blocks="$dir/blocks"
  state="$dir/state"
  mkdir -p "$blocks" "$state" "$dir/root" "$dir/home/.local/share" "$dir/home/.config" "$dir/cwd" "$dir/bin"
  chmod 755 "$dir"
  extract "$docpath" "$blocks" || fail "$docname: cannot read its fenced blocks"
  setup=$(cat "$blocks/setup" 2>/dev/null || true)
  [ -n "$setup" ] || fail "$docname: no \`doc-test-setup:\` line in its header comment"

  check_inline "$docname" "$blocks"
  check_config_blocks "$docname" "$blocks"

  # The environment of every command and shim.
  local shim
  for shim in "$HERE"/shims/*; do ln -s "$shim" "$dir/bin/$(basename "$shim")"; done
  printf 'max-time = 15\nconnect-timeout = 5\n' >"$dir/home/.curlrc"
  local env_vars=(
    PATH="$dir/bin:$PATH" HOME="$dir/home" XDG_DATA_HOME="$dir/home/.local/share"
    XDG_CONFIG_HOME="$dir/home/.config" LANG=C.UTF-8 LC_ALL=C.UTF-8 KEYWARDEN_LANGUAGE=en
    QT_QPA_PLATFORM=offscreen USER="${USER:-root}" LOGNAME="${LOGNAME:-root}" TMPDIR="$dir/cwd"
    KW_DOC_ROOT="$dir/root" KW_DOC_SRC="$SRC" KW_DOC_STATE="$state" KW_DOC_CTL="$CTL"
    KW_DOC_PATH="$PATH" KW_DOC_CWD="$dir/cwd" KW_DOC_PACKAGE_ROOT="${KW_DOC_PACKAGE_ROOT:-}"
    __KW_STATE="$state" __KW_BLOCKS="$blocks"
  )
  # Sanitizer settings of scripts/test-sanitizers.sh reach every keywardenctl.
  local sanitizer
  for sanitizer in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS; do
    [ -z "${!sanitizer:-}" ] || env_vars+=("$sanitizer=${!sanitizer}")
  done
  export KW_DOC_ROOT="$dir/root" KW_DOC_STATE="$state"
  KW_DOC_PORT=""
  unset KW_DOC_PG_PORT KW_DOC_REDIS_PORT

  # The servers first, then the validator on them.
  local word ordered=()
  for word in $setup; do [ "$word" = validator ] || ordered+=("$word"); done
  for word in $setup; do [ "$word" != validator ] || ordered+=("$word"); done
  for word in "${ordered[@]}"; do
    case $word in
      validator)
        local db="sqlite://$dir/keywarden.db" admin port pid
        if [ -n "${KW_DOC_PG_PORT:-}" ]; then
          local dbname
          dbname="doc_$(tr 'A-Z' 'a-z' <<<"$name")"
          createdb -h 127.0.0.1 -p "$KW_DOC_PG_PORT" -U postgres "$dbname" \
            || fail "$docname: createdb on the private PostgreSQL failed"
          db="postgresql://postgres@127.0.0.1:$KW_DOC_PG_PORT/$dbname"
        fi
        env -i "${env_vars[@]}" "$CTL" --database "$db" db upgrade >"$state/setup.log" 2>&1 \
          || { cat "$state/setup.log" >&2; fail "$docname: db upgrade of the scratch database failed"; }
        admin=$(env -i "${env_vars[@]}" "$CTL" --json admin-key | jq -r .key)
        env -i "${env_vars[@]}" DATABASE_URL="$db" ADMIN_API_KEY="$admin" \
          setsid "$CTL" serve --host 127.0.0.1 --port 0 --threads 1 </dev/null >"$state/validator.log" 2>&1 &
        pid=$!
        echo "$pid" >"$state/harness-validator.pid"
        CLEANUPS+=("kw_doc_stop_pidfile '$state/harness-validator.pid'")
        port=""
        for ((i = 0; i < 200; i++)); do
          port=$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$state/validator.log" | grep -oE '[0-9]+$' || true)
          [ -n "$port" ] && break
          kill -0 "$pid" 2>/dev/null || break
          sleep 0.05
        done
        if [ -z "$port" ] || ! kw_doc_wait_health "$port" "$pid" 15; then
          kw_doc_mask <"$state/validator.log" >&2
          fail "$docname: the validator of the setup did not start"
        fi
        KW_DOC_PORT=$port
        env_vars+=(DATABASE_URL="$db" ADMIN_API_KEY="$admin" KEYWARDEN_URL="http://127.0.0.1:$port")
        ;;
      postgresql)
        # One cluster for the whole run (initdb is the slowest step); each doc works in
        # databases of its own.
        [ -n "$PG_PORT" ] || start_postgresql
        env_vars+=(PGHOST=127.0.0.1 PGPORT="$PG_PORT" KW_DOC_PG_PORT="$PG_PORT")
        export KW_DOC_PG_PORT=$PG_PORT
        ;;
      redis)
        local redisport
        command -v redis-server >/dev/null || fail "$docname: redis-server is not installed (scripts/install-deps.sh)"
        redisport=$(free_port) || fail "no free port"
        redis-server --bind 127.0.0.1 --port "$redisport" --save '' --appendonly no --daemonize yes \
          --pidfile "$state/redis.pid" --logfile "$state/redis.log" --dir "$state" >/dev/null
        CLEANUPS+=("kw_doc_stop_pidfile '$state/redis.pid'")
        for ((i = 0; i < 100; i++)); do
          redis-cli -h 127.0.0.1 -p "$redisport" ping >/dev/null 2>&1 && break
          sleep 0.05
        done
        env_vars+=(KW_DOC_REDIS_PORT="$redisport")
        export KW_DOC_REDIS_PORT=$redisport
        ;;
      *) fail "$docname: unknown doc-test-setup word $word" ;;
    esac
  done
  if [ -z "$KW_DOC_PORT" ]; then
    KW_DOC_PORT=$(free_port) || fail "no free port"
  fi
  export KW_DOC_PORT
  env_vars+=(KW_DOC_PORT="$KW_DOC_PORT")
  # Whatever the shims start for this doc is stopped at the end.
  CLEANUPS+=("for f in '$state'/*.pid; do kw_doc_stop_pidfile \"\$f\"; done")

  setup_done=$EPOCHREALTIME
  generate "$docpath" "$blocks" "$state"
  check_system_paths "$docname" "$state"
  local syntax
  syntax=$(bash -n "$state/script.sh" 2>&1) || {
    local gen s d start=0 dl=0
    gen=$(grep -oE 'line [0-9]+' <<<"$syntax" | head -1 | grep -oE '[0-9]+')
    while read -r s d; do
      if [ "$s" -le "${gen:-0}" ]; then start=$s; dl=$d; fi
    done <"$state/map"
    fail "$docname:$((dl + ${gen:-0} - start)): shell syntax error: $syntax"
  }

  local commands expects nblocks status=0
  nblocks=$(grep -c ' sh ' "$blocks/index" || true)
  commands=$(cat "$blocks"/*.sh 2>/dev/null | grep -cvE '^[[:space:]]*(#|$)' || true)
  expects=$(cat "$blocks"/*.expect 2>/dev/null | wc -l)
  timeout 150 env -i "${env_vars[@]}" bash "$state/script.sh" >"$state/script.out" 2>&1 || status=$?

  if [ $status -ne 0 ] || ! grep -q '^__kw_done$' "$state/script.out"; then
    local id line what
    if [ -f "$state/failed" ]; then
      read -r id line what <"$state/failed"
      if [ "$what" = expect ]; then
        local text
        text=$(awk -F'\t' -v l="$line" '$1 == l { print $2 }' "$blocks/$id.expect")
        echo "doc-test: FAIL: $docname:$line: the output of the block does not show: $text" >&2
      else
        echo "doc-test: FAIL: $docname:$line: the command failed (exit $what):" >&2
        sed -n "${line}p" "$docpath" | kw_doc_mask | sed 's/^/    /' >&2
      fi
      if [ -s "$blocks/$id.out" ]; then
        echo "  its block's output (keys masked):" >&2
        tail -40 "$blocks/$id.out" | kw_doc_mask | sed 's/^/    | /' >&2
      fi
    else
      [ $status -eq 124 ] && echo "doc-test: FAIL: $docname: timed out after 150 s" >&2 \
        || echo "doc-test: FAIL: $docname: the doc's shell stopped (exit $status)" >&2
      tail -20 "$state/script.out" | kw_doc_mask | sed 's/^/    | /' >&2
    fi
    local log
    for log in "$state"/*.log; do
      [ -s "$log" ] || continue
      case $(basename "$log") in
        redis.log | setup.log | cmake-install.log) continue ;;
      esac
      echo "  $(basename "$log") (last lines, keys masked):" >&2
      tail -8 "$log" | kw_doc_mask | sed 's/^/    | /' >&2
    done
    exit 1
  fi

  # Logs are never allowed to hold a full key.
  local leaked
  leaked=$(grep -lE 'pk_(live|test|admin)_[A-Za-z0-9_-]{43}[A-Za-z0-9]{6}' "$state"/*.log 2>/dev/null || true)
  [ -z "$leaked" ] || fail "$docname: a full key appears in $(basename "$leaked")"

  echo "ok $docname: $nblocks sh blocks, $commands command lines, $expects output checks;" \
    "setup ($setup) $(elapsed "$started" "$setup_done") s, commands $(elapsed "$setup_done" "$EPOCHREALTIME") s"
  # The slowest blocks, to see where the time goes.
  awk 'NR > 1 { printf "%s:%s %.1f s\n", doc, line, $2 - t } { line = $1; t = $2 }' doc="$docname" "$state/times" \
    | sort -t' ' -k2 -rn | head -3 | paste -sd, - | sed 's/^/    slowest blocks: /; s/,/, /g'
  if [ -s "$state/shims.log" ]; then
    # As the doc wrote them: the fake root's prefix is left out.
    sed -e "s#$dir/root##g" -e 's/^/    shim: /' "$state/shims.log"
  fi
}

for doc in "${DOCS[@]}"; do
  run_doc "$doc"
done
echo "doc-test: every command of ${#DOCS[@]} doc(s) ran"
