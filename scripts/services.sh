# Real parts the tests use: a PostgreSQL server on loopback and Debian's chromium. Sourced by test.sh.
# A private data directory and a free port per run, so parallel runs never share a server.
PG_DIR=${PG_DIR:-$(mktemp -d /tmp/eventwire-pg.XXXXXX)}
PG_PORT=${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}

ensure_debian_packages() {
  local need=()
  command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  command -v chromium >/dev/null || need+=(chromium)
  if (( ${#need[@]} )); then
    echo "test: installing ${need[*]} (Debian packages)"
    local sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
    $sudo apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${need[@]}" >/dev/null
  fi
}

_pg_bin() {
  # Debian keeps the server tools (createdb too) under /usr/lib/postgresql/N/bin; PATH may hold only links.
  if command -v initdb >/dev/null; then dirname "$(readlink -f "$(command -v initdb)")"
  else ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; fi
}

start_postgres() {
  # The server runs as the postgres user, which cannot enter a private working directory.
  (cd / && _start_postgres)
  export EVENTWIRE_TEST_PG_URL="postgresql+psycopg://eventwire@127.0.0.1:$PG_PORT/eventwire_test"
}

_start_postgres() {
  local bin; bin=$(_pg_bin)
  local runas=()
  if [[ $(id -u) == 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd -r postgres
    runas=(runuser -u postgres --)
  fi
  rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"; [[ $(id -u) == 0 ]] && chown postgres "$PG_DIR"
  "${runas[@]}" "$bin/initdb" -D "$PG_DIR/data" -A trust -U eventwire >/dev/null
  "${runas[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
      -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U eventwire eventwire_test
}

stop_postgres() {
  local bin; bin=$(_pg_bin)
  cd / || return
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  else "$bin/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true; fi
  rm -rf "$PG_DIR"
}
