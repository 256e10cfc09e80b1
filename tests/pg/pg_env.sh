# pg_env.sh — a throwaway PostgreSQL 15 cluster for one test. Source it
# (after tests/lib.sh when the test uses it), then call pg_env_start.
#
#   pg_env_start        initdb in a fresh temp dir, start on a free loopback
#                       port, create database "ward"; exports WARD_TEST_PG
#                       (postgresql://postgres@127.0.0.1:PORT/ward) and
#                       PG_PORT, PG_DIR, PG_BIN. Stopped and deleted at exit.
#   pg_newdb NAME       creates database NAME, prints its URL
#   pg_sql [DB] SQL     runs SQL with psql (database ward by default)
#   pg_env_stop         stops the cluster now (pg_ctl -m fast)
#   pg_env_restart [MODE]  stops (MODE: fast|immediate, default fast) and
#                       starts again on the same port
#   pg_env_as CMD...    runs CMD as the cluster's owner
#
# Ideas a reader needs:
#  - PostgreSQL refuses to run as root: as root the cluster belongs to the
#    `postgres` user (runuser), so its directory lives directly under /tmp
#    (the test's own scratch dir is root-only) and is chowned to it.
#  - The socket directory is the cluster's own dir: nothing is shared with
#    a system cluster in /var/run/postgresql.
#  - fsync=off: a test machine's crash is not a case the tests cover; a
#    killed postgres (pg_env_restart immediate) still loses no commit,
#    since synchronous_commit stays on and the OS keeps the written pages.
#  - PG_ENV_SETTINGS (e.g. "-c fsync=on") is added after these settings,
#    and wins: bench/scale.sh measures with the durability a site runs.
#  - Authentication is trust on loopback only; the cluster never outlives
#    the test (its EXIT trap stops and removes it).
PG_BIN=${WARD_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PG_DIR="" PG_PORT="" WARD_TEST_PG=""

pg_env_as() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A port nothing listens on (bash's /dev/tcp connect fails), below the
# kernel's ephemeral range: a port in that range may be the local end of a
# client's connection (the suite's HTTP tests make thousands), which no
# connect test sees and which makes the server's bind fail ("Address
# already in use", seen once in CI under ASan).
pg_free_port() {
  local p i lo=32768
  read -r lo _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || lo=32768
  [ "$lo" -gt 21024 ] 2>/dev/null || lo=32768
  for i in $(seq 1 50); do
    p=$((20000 + (RANDOM * 32768 + RANDOM) % (lo - 20000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

pg_ctl_start() {
  pg_env_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200 ${PG_ENV_SETTINGS:-}" \
    start >/dev/null
}

pg_env_start() {
  [ -x "$PG_BIN/initdb" ] || { echo "pg_env: no PostgreSQL server binaries (install postgresql: scripts/setup.sh)" >&2; return 1; }
  PG_DIR=$(mktemp -d /tmp/ward-pg.XXXXXX) || return 1
  if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_DIR"; fi
  chmod 700 "$PG_DIR"
  _pg_chain_trap
  pg_env_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { echo "pg_env: initdb failed: $(tail -3 "$PG_DIR/initdb.log")" >&2; return 1; }
  local try
  for try in 1 2 3 4 5; do
    PG_PORT=$(pg_free_port) || return 1
    pg_ctl_start && break
    PG_PORT=""
  done
  [ -n "$PG_PORT" ] || { echo "pg_env: postgres did not start: $(tail -5 "$PG_DIR/log")" >&2; return 1; }
  pg_env_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres ward || return 1
  WARD_TEST_PG="postgresql://postgres@127.0.0.1:$PG_PORT/ward"
  export WARD_TEST_PG PG_PORT PG_DIR PG_BIN
}

pg_newdb() {
  pg_env_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$1" || return 1
  echo "postgresql://postgres@127.0.0.1:$PG_PORT/$1"
}

pg_sql() {
  local db=ward
  [ $# -gt 1 ] && { db=$1; shift; }
  pg_env_as "$PG_BIN/psql" -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" -c "$1"
}

pg_env_stop() {
  [ -n "$PG_DIR" ] && [ -d "$PG_DIR/data" ] || return 0
  pg_env_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m "${1:-fast}" -w stop >/dev/null 2>&1
  return 0
}

pg_env_restart() {
  pg_env_stop "${1:-fast}"
  pg_ctl_start
}

_pg_cleanup() {
  pg_env_stop immediate
  [ -n "$PG_DIR" ] && rm -rf "$PG_DIR"
  PG_DIR=""
}

# Stops and removes the cluster at exit, after whatever EXIT trap the test
# already has (tests/lib.sh removes its scratch dir).
_pg_chain_trap() {
  local prev
  prev=$(trap -p EXIT)
  prev=${prev#trap -- \'}
  prev=${prev%\' EXIT}
  prev=${prev//\'\\\'\'/\'}
  trap "_pg_cleanup; $prev" EXIT
  trap 'exit 130' INT TERM
}
