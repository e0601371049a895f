#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL 15 and Redis on loopback for the test suite.
#   scripts/test-services.sh start DIR   -> prints `export ...` lines for the URLs
#   scripts/test-services.sh stop DIR
#   scripts/test-services.sh free-port FROM -> prints the first port from FROM nothing listens on
# Own ports, own data folder under DIR; nothing touches the system clusters. The default
# ports lie below Linux's ephemeral range (32768-60999), where an outgoing connection of
# any program could hold a port that nothing listens on, and the server's bind then fails.
set -euo pipefail

ACTION=${1:?usage: test-services.sh start|stop DIR or free-port FROM}
if [ "$ACTION" = free-port ]; then
  port=${2:?usage: test-services.sh free-port FROM}
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1024 ] && [ "$port" -le 65535 ] \
    || { echo "test-services: free-port wants a port from 1024 to 65535, not '$port'" >&2; exit 2; }
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
    [ "$port" -le 65535 ] || { echo "test-services: no free port from $2 up" >&2; exit 1; }
  done
  echo "$port"
  exit 0
fi
DIR=${2:?usage: test-services.sh start|stop DIR}
PG_PORT=${KEYWARDEN_TEST_PG_PORT:-25432}
REDIS_PORT=${KEYWARDEN_TEST_REDIS_PORT:-25379}
PG_BIN=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
[ -n "$PG_BIN" ] || { echo "test-services: PostgreSQL 15 is not installed (scripts/install-deps.sh)" >&2; exit 1; }

# PostgreSQL refuses to run as root: run it as the packaged `postgres` user then.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  mkdir -p "$DIR"
  chmod 755 "$DIR"
  local pgdata="$DIR/pgdata"
  if [ ! -d "$pgdata" ]; then
    mkdir -p "$pgdata"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdata"
    as_pg "$PG_BIN/initdb" -D "$pgdata" -U keywarden --auth=trust -E UTF8 --no-locale >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
  fi
  if ! as_pg "$PG_BIN/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    as_pg "$PG_BIN/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $PG_PORT -k $pgdata -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null || { cat "$pgdata/server.log" >&2; exit 1; }
  fi
  if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
      --daemonize yes --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" --dir "$DIR"
    for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  echo "export KEYWARDEN_TEST_PG_URL=postgresql://keywarden@127.0.0.1:$PG_PORT/postgres"
  echo "export KEYWARDEN_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

stop() {
  local pgdata="$DIR/pgdata"
  if [ -d "$pgdata" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -f "$DIR/redis.pid" ]; then
    local pid
    pid=$(cat "$DIR/redis.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$DIR/redis.pid"
  fi
}

# Stops and starts PostgreSQL again (tests of reconnecting after a database restart).
restart_pg() {
  local pgdata="$DIR/pgdata"
  as_pg "$PG_BIN/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
  as_pg "$PG_BIN/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $PG_PORT -k $pgdata -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
}

stop_pg() {
  as_pg "$PG_BIN/pg_ctl" -D "$DIR/pgdata" -m fast -w stop >/dev/null 2>&1 || true
}

start_pg() {
  as_pg "$PG_BIN/pg_ctl" -D "$DIR/pgdata" -l "$DIR/pgdata/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $PG_PORT -k $DIR/pgdata -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
}

case "$ACTION" in
  start) start ;;
  stop) stop ;;
  restart-pg) restart_pg ;;
  stop-pg) stop_pg ;;
  start-pg) start_pg ;;
  *) echo "usage: test-services.sh start|stop|restart-pg|stop-pg|start-pg DIR, or free-port FROM" >&2; exit 2 ;;
esac
