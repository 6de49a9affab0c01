#!/bin/bash
# Starts and stops one Guichet site: nginx plus one spawn-fcgi + multiwatch
# pool per handler, all living in one data folder. Used by deploy.sh --local
# and by the integration tests (each test site has its own folder and port).
#
#   tools/site.sh start DATA PORT    idempotent: starts what is not running
#   tools/site.sh stop DATA          stops exactly what it started, by pid
#   tools/site.sh status DATA
#   tools/site.sh render DATA PORT OUT   only renders the nginx config into OUT
#                                    (tools/deploy-server.sh uses it for production)
#
# Environment: GUICHET_BIN (built binaries, default build/bin),
# GUICHET_WORKERS_<HANDLER> (workers per pool, e.g. GUICHET_WORKERS_CLAIM=3),
# GUICHET_LISTEN (addresses, space-separated, default 127.0.0.1; the first is the
# origin), GUICHET_CLAIM_QUEUE, GUICHET_CLAIM_WAIT, GUICHET_NGINX_WORKERS
# (tools/lib/capacity.sh), GUICHET_CLIENT_HEADER_TIMEOUT and
# GUICHET_CLIENT_BODY_TIMEOUT (nginx's cut-off for slow clients, default 10s and 20s),
# GUICHET_ADMIN_ALLOW (addresses allowed to reach /admin/ and /api/admin/,
# space-separated, default "127.0.0.1 ::1"), GUICHET_METRICS_ALLOW
# (addresses allowed to read /metrics and /nginx_status, default loopback),
# GUICHET_TRUSTED_PROXIES (proxies whose X-Forwarded-For names the client; none),
# GUICHET_CLIENT_{CLAIM,ACCOUNTS,DOSSIER,UPLOAD,WINDOW}_CONNS (per-client caps),
# GUICHET_JSON_BODY_TIMEOUT (5s), GUICHET_UPLOAD_RATE (20r/m per client).
# Production rendering overrides: GUICHET_SITE_ROOT (the installed tree), GUICHET_NGINX_USER, GUICHET_SERVER_LISTEN,
# GUICHET_SERVER_NAME, GUICHET_SERVER_TLS, GUICHET_EXTRA_SERVERS.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HANDLERS="window accounts dossier upload claim admin metrics mailer"
. "$ROOT/tools/lib/render.sh"
. "$ROOT/tools/lib/pool.sh"
. "$ROOT/tools/lib/capacity.sh"
. "$ROOT/tools/lib/processes.sh"

usage() { echo "usage: $0 start DATA PORT | stop DATA | status DATA | render DATA PORT FILE | backlog POOL" >&2; exit 2; }

program_path() {  # program_path DATA: the program definition nginx serves as /program.json
    local path=""
    [ -f "$1/guichet.env" ] && path=$(sed -n 's/^GUICHET_PROGRAM=//p' "$1/guichet.env")
    echo "${path:-${GUICHET_PROGRAM:-${GUICHET_SITE_ROOT:-$ROOT}/db/program.json}}"
}

admin_allow() {  # the nginx allow lines for the console's addresses
    local address out=""
    for address in ${GUICHET_ADMIN_ALLOW:-127.0.0.1 ::1}; do out+="allow $address; "; done
    echo "$out"
}

real_ip() {  # the realip lines for GUICHET_TRUSTED_PROXIES (addresses or CIDRs), or a comment
    local proxy out=""
    for proxy in ${GUICHET_TRUSTED_PROXIES:-}; do out+="set_real_ip_from $proxy; "; done
    if [ -n "$out" ]; then echo "${out}real_ip_header X-Forwarded-For; real_ip_recursive on;"
    else echo "# no trusted proxy: the client is the connection's address"; fi
}

render_config() {  # render_config DATA PORT [OUT]
    local data=$1 port=$2 out=${3:-$1/nginx.conf} address
    (   # the template's @NAME@ placeholders are these variables (tools/lib/render.sh)
        DATA=$data PORT=$port USER_DIRECTIVE="" METRICS_ALLOW=""
        if [ "$(id -u)" -eq 0 ]; then USER_DIRECTIVE="user root root;"; fi
        if [ -n "${GUICHET_NGINX_USER:-}" ]; then USER_DIRECTIVE="user $GUICHET_NGINX_USER;"; fi
        for address in ${GUICHET_METRICS_ALLOW:-127.0.0.1 ::1}; do METRICS_ALLOW+="allow $address; "; done
        LOGIN_RATE=${GUICHET_LOGIN_RATE:-30r/m}
        ACCOUNT_RATE=${GUICHET_ACCOUNT_RATE:-10r/m}
        CLAIM_QUEUE=$(claim_queue)
        CLAIM_WAIT=$(claim_wait)
        NGINX_WORKERS=$(nginx_workers)
        ACCOUNTS_QUEUE=${GUICHET_ACCOUNTS_QUEUE:-64}
        HEADER_TIMEOUT=${GUICHET_CLIENT_HEADER_TIMEOUT:-10s}
        BODY_TIMEOUT=${GUICHET_CLIENT_BODY_TIMEOUT:-20s}
        UPLOAD_MAX=${GUICHET_UPLOAD_MAX:-10m}
        UPLOAD_RATE=${GUICHET_UPLOAD_RATE:-20r/m}
        JSON_BODY_TIMEOUT=${GUICHET_JSON_BODY_TIMEOUT:-5s}
        DOSSIER_QUEUE=${GUICHET_DOSSIER_QUEUE:-256}
        # Per client (an IPv4 address or an IPv6 /64): the most requests it may
        # have in one pool at once (docs/security.md, "Fairness").
        CLIENT_CLAIM_CONNS=${GUICHET_CLIENT_CLAIM_CONNS:-64}
        CLIENT_ACCOUNTS_CONNS=${GUICHET_CLIENT_ACCOUNTS_CONNS:-8}
        CLIENT_DOSSIER_CONNS=${GUICHET_CLIENT_DOSSIER_CONNS:-16}
        CLIENT_UPLOAD_CONNS=${GUICHET_CLIENT_UPLOAD_CONNS:-8}
        CLIENT_WINDOW_CONNS=${GUICHET_CLIENT_WINDOW_CONNS:-64}
        REAL_IP=$(real_ip)
        PROGRAM=$(program_path "$data")
        ADMIN_ALLOW=$(admin_allow)
        SERVER_LISTEN=${GUICHET_SERVER_LISTEN:-$(listen_lines "$port")}
        SERVER_NAME=${GUICHET_SERVER_NAME:-guichet}
        SERVER_TLS=${GUICHET_SERVER_TLS:-# plain HTTP on loopback: the local site has no TLS}
        EXTRA_SERVERS=${GUICHET_EXTRA_SERVERS:-}
        TEMPLATE=$ROOT/nginx/guichet.conf.in
        ROOT=${GUICHET_SITE_ROOT:-$ROOT}
        render_template "$TEMPLATE"
    ) > "$out.new" || { rm -f "$out.new"; echo "site.sh: cannot render the nginx configuration" >&2; exit 1; }
    mv "$out.new" "$out"
}

write_env() {  # write_env DATA PORT: the handlers' configuration, kept once written
    local data=$1 port=$2
    [ -f "$data/guichet.env" ] && return 0
    cat > "$data/guichet.env" <<ENV
# Guichet handler configuration (read by tools/site.sh when it starts the pools).
GUICHET_DATA=$data
GUICHET_PROGRAM=${GUICHET_PROGRAM:-$ROOT/db/program.json}
GUICHET_ORIGIN=${GUICHET_ORIGIN:-http://$(first_listen):$port}
# The local site is plain HTTP on loopback only, so its cookie cannot be Secure.
GUICHET_COOKIE_SECURE=0
GUICHET_SESSION_HOURS=24
GUICHET_SESSION_IDLE_MINUTES=720
GUICHET_SESSION_MAX=5
GUICHET_PBKDF2_ITERATIONS=${GUICHET_PBKDF2_ITERATIONS:-100000}
ENV
    # The database: a file (SQLite, default DATA/guichet.db) or a postgresql://
    # URI, kept here so that every start, pool and tool uses the same one.
    if [ -n "${GUICHET_DATABASE:-}" ]; then
        printf 'GUICHET_DATABASE=%q\n' "$GUICHET_DATABASE" >> "$data/guichet.env"
    fi
}

site_env() {  # site_env DATA COMMAND...: runs COMMAND with the site's guichet.env
    local data=$1; shift
    ( set -a; . "$data/guichet.env"; set +a; "$@" )
}

start_pool() {  # start_pool DATA NAME
    local data=$1 name=$2 bin
    bin="${GUICHET_BIN:-$ROOT/build/bin}/guichet-$name-fcgi"
    [ -x "$bin" ] || return 0
    local pidfile="$data/run/$name.pid" socket="$data/run/$name.sock"
    if alive "$pidfile"; then return 0; fi
    rm -f "$socket" "$pidfile"
    local var="GUICHET_WORKERS_${name^^}" workers default=2
    # One metrics worker: it keeps the counters, so every scrape sees the same ones.
    [ "$name" = metrics ] && default=1
    # One mailer: the outbox's leases keep two from sending one message at
    # once, but one deliverer keeps the pace (GUICHET_MAIL_PER_MINUTE) whole.
    [ "$name" = mailer ] && default=1
    # Two claim workers, each with GUICHET_CLAIM_THREADS (64) request threads
    # and one committer: one worker killed leaves the other serving, and fewer
    # writers means bigger batches per fsync (measured: docs/benchmarks.md).
    [ "$name" = claim ] && default=2
    workers=${!var:-$default}
    # spawn-fcgi binds the socket and execs multiwatch in place (-n keeps the
    # pool's stderr, its log); multiwatch restarts a dead worker at once, and
    # -r/-t keep it doing so under repeated kills. The subshell stays as the
    # pool's parent and reaps it the moment it dies: an orphan would wait for
    # PID 1, which in a container can take a second, and `stop` (and a test
    # checking that the pool is gone) would wait with it.
    ( set -a; . "$data/guichet.env"; set +a
      setsid spawn-fcgi -n -s "$socket" -M 0660 -b "$(pool_backlog "$name")" -- \
          /usr/bin/multiwatch -f "$workers" -r 100000 -t 1000 -- "$bin" &
      echo $! > "$pidfile"
      wait $! || true ) >>"$data/logs/$name.log" 2>&1 </dev/null &
    for _ in $(seq 100); do [ -s "$pidfile" ] && break; sleep 0.01; done
    wait_pool_socket "$socket" 2000 && return 0
    echo "the $name pool did not open its socket; see $data/logs/$name.log" >&2
}

stop_pidfiles() {  # stop_pidfiles PIDFILE...: TERM all, wait up to 5 s, then KILL what is left
    local pids=() pidfile pid
    for pidfile in "$@"; do
        # (read again after alive: nginx removes its pid file as it exits, and
        # a read that finds it gone must not stop the stop under set -e)
        pid=""
        if alive "$pidfile" && { read -r pid < "$pidfile" || [ -n "$pid" ]; } 2>/dev/null; then pids+=("$pid"); fi
        rm -f "$pidfile"
    done
    [ ${#pids[@]} -gt 0 ] || return 0
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 100); do
        local left=0
        for pid in "${pids[@]}"; do running "$pid" && left=1; done
        [ "$left" -eq 0 ] && return 0
        sleep 0.05
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
}

cmd_start() {
    local data=$1 port=$2
    # The country list (from iso-codes) and the error texts (from the catalogue)
    # are generated by make, not kept in git.
    local generated
    for generated in static/assets/countries.js static/assets/messages.js static/errors/fr/internal.json; do
        [ -f "${GUICHET_SITE_ROOT:-$ROOT}/$generated" ] || {
            echo "$generated is missing: run make (it is generated)" >&2; exit 1; }
    done
    mkdir -p "$data"
    data=$(cd "$data" && pwd)
    mkdir -p "$data"/{logs,run,keys,documents,status,claim-log,cache,tmp/client,tmp/fastcgi,tmp/proxy,tmp/uwsgi,tmp/scgi}
    chmod 700 "$data/keys"
    write_env "$data" "$port"
    local admin="${GUICHET_BIN:-$ROOT/build/bin}/guichet-admin"
    GUICHET_MIGRATIONS="$ROOT/db/migrations" site_env "$data" "$admin" migrate >/dev/null
    site_env "$data" "$admin" keygen >/dev/null
    [ -f "$data/status/banner.html" ] || site_env "$data" "$admin" banner clear >/dev/null
    # What a supervisor killed with -9 left running, of the pools not running
    # now (start_pool leaves a running pool as it is), in one pass.
    local stopped=() exes
    for name in $HANDLERS; do alive "$data/run/$name.pid" || stopped+=("$name"); done
    mapfile -t exes < <(pool_exes "${stopped[@]}")
    [ ${#exes[@]} -eq 0 ] || kill_strays "$data" "${exes[@]}"
    for name in $HANDLERS; do start_pool "$data" "$name"; done
    render_config "$data" "$port"
    nginx -t -q -p "$data" -c "$data/nginx.conf" 2>>"$data/logs/nginx-error.log" || {
        echo "nginx configuration test failed; see $data/logs/nginx-error.log" >&2; exit 1; }
    if alive "$data/run/nginx.pid"; then
        nginx -p "$data" -c "$data/nginx.conf" -s reload
    else
        kill_strays "$data" "$(readlink -f "$(command -v nginx)")"
        nginx -p "$data" -c "$data/nginx.conf"
    fi
    # Ready when nginx answers.
    for _ in $(seq 100); do
        if curl -fsS -o /dev/null "http://$(first_listen):$port/" 2>/dev/null; then return 0; fi
        sleep 0.05
    done
    echo "nginx did not answer on port $port" >&2
    exit 1
}

cmd_stop() {
    local data=$1
    [ -d "$data" ] || return 0
    data=$(cd "$data" && pwd)
    local pidfiles=("$data/run/nginx.pid")
    for name in $HANDLERS; do pidfiles+=("$data/run/$name.pid"); done
    stop_pidfiles "${pidfiles[@]}"
    # and whatever a supervisor killed with -9 left running
    local exes
    mapfile -t exes < <(readlink -f "$(command -v nginx)"; pool_exes $HANDLERS)
    kill_strays "$data" "${exes[@]}"
    for name in $HANDLERS; do rm -f "$data/run/$name.sock"; done
}

cmd_status() {
    local data=$1 state
    for name in nginx $HANDLERS; do
        if alive "$data/run/$name.pid"; then state="running (pid $(cat "$data/run/$name.pid"))"; else state="stopped"; fi
        printf '%-9s %s\n' "$name" "$state"
    done
}

case "${1:-}" in
    start) [ $# -eq 3 ] || usage; cmd_start "$2" "$3" ;;
    stop) [ $# -eq 2 ] || usage; cmd_stop "$2" ;;
    status) [ $# -eq 2 ] || usage; cmd_status "$2" ;;
    render) [ $# -eq 4 ] || usage; render_config "$2" "$3" "$4" ;;
    backlog) [ $# -eq 2 ] || usage; pool_backlog "$2" ;;
    *) usage ;;
esac
