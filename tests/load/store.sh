# The bench's database, on either backend (sourced by tests/load/bench.sh):
#   store_start sqlite|postgres DATA  a fresh store for the site in DATA; for
#                                     postgres, a throwaway server of its own
#                                     (tools/pg-test.sh), its URI exported in
#                                     GUICHET_DATABASE for site.sh and the tools
#   store_sql STATEMENT              the statement, its first column printed
#   store_stop                       stops the server, if any
#   STORE_DB                         what analyse.py reads: the file or the URI
# The PostgreSQL server is one node on a unix socket with fsync on and
# synchronous_commit on: a 201 there is a commit on its disk, as on SQLite.
# It runs no standby (docs/cluster.md measures the synchronous one).
STORE_BACKEND="" STORE_DB="" STORE_PG_DIR=""

store_start() {
    STORE_BACKEND=$1
    if [ "$STORE_BACKEND" = postgres ]; then
        STORE_PG_DIR=$(mktemp -d /tmp/guichet-bench-pg-XXXXXX)
        # Each claim worker holds one connection per request thread and one
        # for its committer; the other pools a few each.
        STORE_DB=$(PG_MAX_CONNECTIONS=$(( CLAIM_WORKERS * 80 + 100 )) PG_SHARED_BUFFERS=256MB \
            tools/pg-test.sh start "$STORE_PG_DIR")
        export GUICHET_DATABASE=$STORE_DB
    else
        STORE_DB=$2/guichet.db
        unset GUICHET_DATABASE
    fi
}

store_sql() {
    if [ "$STORE_BACKEND" = postgres ]; then
        psql -X -q -At -v ON_ERROR_STOP=1 -d "$STORE_DB" -c "$1"
    else
        sqlite3 -cmd ".timeout 5000" "$STORE_DB" "$1"
    fi
}

store_stop() {
    if [ -n "$STORE_PG_DIR" ]; then
        tools/pg-test.sh stop "$STORE_PG_DIR" >/dev/null 2>&1 || true
        rm -rf "$STORE_PG_DIR"
    fi
    STORE_PG_DIR=""
    unset GUICHET_DATABASE
}
