# Real parts the tests use: a PostgreSQL server on loopback and Debian's chromium. Sourced by test.sh.
PG_DIR=${PG_DIR:-/tmp/eventwire-pg}
PG_PORT=${PG_PORT:-54329}

ensure_debian_packages() {
  local need=()
  command -v initdb >/dev/null || [[ -x /usr/lib/postgresql/15/bin/initdb ]] || need+=(postgresql)
  command -v chromium >/dev/null || need+=(chromium)
  if (( ${#need[@]} )); then
    echo "test: installing ${need[*]} (Debian packages)"
    local sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
    $sudo apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${need[@]}" >/dev/null
  fi
}

_pg_bin() { if command -v initdb >/dev/null; then dirname "$(command -v initdb)"; else echo /usr/lib/postgresql/15/bin; fi; }

start_postgres() {
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
  "${runas[@]}" "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U eventwire eventwire_test 2>/dev/null \
    || "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U eventwire eventwire_test
  export EVENTWIRE_TEST_PG_URL="postgresql+psycopg://eventwire@127.0.0.1:$PG_PORT/eventwire_test"
}

stop_postgres() {
  local bin; bin=$(_pg_bin)
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  else "$bin/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true; fi
}
