#!/bin/sh
# A throwaway PostgreSQL 15 for tests, in a folder of its own.
#   tools/pg-test.sh start DIR   initdb DIR/data, start it on a unix socket in DIR, print its URI
#   tools/pg-test.sh url DIR     print the URI of the server in DIR
#   tools/pg-test.sh stop DIR    stop it (the folder stays; the caller removes it)
#
# PG_MAX_CONNECTIONS: max_connections (default 40); PG_SHARED_BUFFERS: shared_buffers (32MB).
# The server listens on no TCP port, only on DIR/.s.PGSQL.5432, so several can
# run at once. fsync stays on: a figure measured here is a durable commit.
# initdb and postgres refuse to run as root: as root the server runs as the
# system user guichet-test (created if missing), which then owns DIR.
# The URI names the role guichet (superuser, trust over the socket only) and
# the database postgres.
set -eu

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
TEST_USER=guichet-test

usage() { echo "usage: $0 start|stop|url DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command=$1
dir=$(cd "$2" 2>/dev/null && pwd) || { mkdir -p "$2" && dir=$(cd "$2" && pwd); }

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$TEST_USER" -- "$@"
    else
        "$@"
    fi
}

url() { printf 'postgresql://guichet@/postgres?host=%s\n' "$dir"; }

case "$command" in
    start)
        [ -x "$PG_BIN/initdb" ] || { echo "$0: no $PG_BIN/initdb (tools/install-deps.sh test)" >&2; exit 1; }
        # A unix socket path is at most 107 bytes.
        [ ${#dir} -le 80 ] || { echo "$0: $dir is too long for a unix socket" >&2; exit 1; }
        if [ "$(id -u)" -eq 0 ]; then
            id "$TEST_USER" >/dev/null 2>&1 ||
                useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$TEST_USER"
            chown "$TEST_USER" "$dir"
        fi
        # --no-sync: initdb's own files need not survive a power cut; the server's writes do (fsync=on).
        as_owner "$PG_BIN/initdb" --pgdata="$dir/data" --username=guichet --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
            { cat "$dir/initdb.log" >&2; exit 1; }
        as_owner "$PG_BIN/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --silent \
            -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=on -c synchronous_commit=on -c max_connections=${PG_MAX_CONNECTIONS:-40} -c shared_buffers=${PG_SHARED_BUFFERS:-32MB}" \
            start || { cat "$dir/server.log" >&2; exit 1; }
        url ;;
    url) url ;;
    stop)
        [ -f "$dir/data/postmaster.pid" ] || exit 0
        as_owner "$PG_BIN/pg_ctl" --pgdata="$dir/data" --mode=fast --wait --silent stop ;;
    *) usage ;;
esac
