#!/bin/bash
# Front nodes and the HTTP load balancer, on this one machine, in front of the
# PostgreSQL cluster of tools/cluster/cluster.sh (docs/cluster.md).
#
#   tools/cluster/front.sh up DIR        starts what is not running: front nodes 1..FRONTS
#                                        (nginx and every pool, tools/site.sh) and haproxy
#   tools/cluster/front.sh down DIR      stops them all
#   tools/cluster/front.sh status DIR    what runs, and haproxy's view of the nodes
#   tools/cluster/front.sh kill DIR N    kill -9 front node N: its nginx, pools and their children at once
#
# DIR is the cluster's folder (cluster.sh up DIR first): the nodes use
# DIR/haproxy.uri as their GUICHET_DATABASE. Layout:
#   127.0.1.2N:8080   front node N (data in DIR/front/N)
#   127.0.1.10:8080   haproxy, mode http, round robin over the live nodes
# Every node holds the same keys (node 1 makes them; the others get a copy
# before they start), as a deployment copies them from its inventory.
# Environment: FRONTS (default 2), GUICHET_BIN (built binaries).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
usage() { echo "usage: $0 up|down|status DIR | kill DIR N" >&2; exit 2; }
[ $# -ge 2 ] || usage
command=$1
[ -d "$2" ] || { echo "front: no folder $2" >&2; exit 1; }
DIR=$(cd "$2" && pwd)
FRONTS=${FRONTS:-2}
LB_ADDRESS=127.0.1.10
PORT=8080
front_address() { echo "127.0.1.$((20 + $1))"; }
front_data() { echo "$DIR/front/$1"; }
say() { echo "front: $*"; }
die() { echo "front: $*" >&2; exit 1; }

node_env() {  # the environment of every front node
    export GUICHET_DATABASE
    GUICHET_DATABASE=$(cat "$DIR/haproxy.uri") || die "no $DIR/haproxy.uri: run tools/cluster/cluster.sh up $DIR first"
    # haproxy forwards the client's address; the load generator's own come first.
    export GUICHET_TRUSTED_PROXIES="127.0.0.1 $LB_ADDRESS"
    # Each claim request thread holds its own database connection: 16 per
    # worker keeps two nodes at about 60 connections each (the cluster allows 400).
    export GUICHET_CLAIM_THREADS=${GUICHET_CLAIM_THREADS:-16}
    # The site's public address is the load balancer's (the claims' Origin check).
    export GUICHET_ORIGIN=http://$LB_ADDRESS:$PORT
}

write_lb_config() {
    local i servers=""
    for i in $(seq "$FRONTS"); do
        servers="$servers    server front$i $(front_address "$i"):$PORT
"
    done
    mkdir -p "$DIR/front"
    # A claim is idempotent (one per account; a repeat returns the receipt),
    # so a request whose node died before answering may be sent again to
    # another node: empty-response and response-timeout are retried, with
    # redispatch to the other server.
    cat > "$DIR/front/haproxy.cfg.new" <<EOF
global
    maxconn 9000   # two fds each (client, node), within the 20,000 a process may hold here

defaults
    mode http
    option forwardfor
    timeout connect 1s
    timeout client 60s
    timeout server 60s
    timeout check 1s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout

frontend www
    bind $LB_ADDRESS:$PORT
    default_backend fronts

backend fronts
    balance roundrobin
    option httpchk GET /
    http-check expect status 200
    default-server check inter 500ms fall 2 rise 2 source $LB_ADDRESS
$servers
EOF
    mv "$DIR/front/haproxy.cfg.new" "$DIR/front/haproxy.cfg"
}

lb_pid() {
    local pid
    pid=$(cat "$DIR/front/haproxy.pid" 2>/dev/null) || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start_lb() {
    lb_pid >/dev/null && return 0
    # shellcheck disable=SC2016
    setsid sh -c 'echo $$ > "$0"; exec "$@"' "$DIR/front/haproxy.pid" \
        haproxy -db -f "$DIR/front/haproxy.cfg" >> "$DIR/front/haproxy.log" 2>&1 < /dev/null &
    local i
    for i in $(seq 50); do
        curl -s -o /dev/null "http://$LB_ADDRESS:$PORT/" && return 0
        sleep 0.1
    done
    die "haproxy does not answer on $LB_ADDRESS:$PORT (see $DIR/front/haproxy.log)"
}

up() {
    local i data first
    node_env
    first=$(front_data 1)
    for i in $(seq "$FRONTS"); do
        data=$(front_data "$i")
        mkdir -p "$data"
        if [ "$i" -gt 1 ] && [ ! -d "$data/keys" ]; then cp -a "$first/keys" "$data/keys"; fi
        GUICHET_LISTEN=$(front_address "$i") "$ROOT/tools/site.sh" start "$data" "$PORT" > "$data.start.log" 2>&1 ||
            { cat "$data.start.log" >&2; die "front node $i did not start"; }
        say "node $i on $(front_address "$i"):$PORT"
    done
    write_lb_config
    start_lb
    say "haproxy on $LB_ADDRESS:$PORT"
}

node_pids() {  # node_pids N: every process of front node N (the pid files' processes and their descendants)
    local data
    data=$(front_data "$1")
    ps -eo pid=,ppid= | awk -v roots="$(cat "$data"/run/*.pid 2>/dev/null | tr '\n' ' ')" '
        BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) mine[r[i]] = 1 }
        { ppid[$1] = $2 }
        END {
            changed = 1
            while (changed) { changed = 0
                for (p in ppid) if (!(p in mine) && (ppid[p] in mine)) { mine[p] = 1; changed = 1 } }
            for (p in mine) if (p in ppid) print p
        }'
}

kill_node() {  # kill_node N: the whole node at once, as when its machine dies
    local pids
    pids=$(node_pids "$1" | tr '\n' ' ')
    [ -n "$pids" ] || die "front node $1 has no process"
    echo "killed front node $1 at $(date +%s.%N): pids $pids"
    # shellcheck disable=SC2086
    kill -9 $pids
}

down() {
    local i pid
    if pid=$(lb_pid); then kill "$pid"; fi
    for i in $(seq "$FRONTS"); do
        [ -d "$(front_data "$i")" ] && "$ROOT/tools/site.sh" stop "$(front_data "$i")" > /dev/null 2>&1
    done
    say "down"
}

status() {
    local i
    for i in $(seq "$FRONTS"); do
        echo "front node $i ($(front_address "$i")):"
        "$ROOT/tools/site.sh" status "$(front_data "$i")" | sed 's/^/  /'
    done
    if pid=$(lb_pid); then echo "haproxy running (pid $pid)"; else echo "haproxy not running"; fi
}

case "$command" in
    up) up ;;
    down) down ;;
    status) status ;;
    kill) [ $# -eq 3 ] || usage; kill_node "$3" ;;
    *) usage ;;
esac
