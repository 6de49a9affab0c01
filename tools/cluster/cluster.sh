#!/bin/bash
# A PostgreSQL 15 cluster with automatic failover on this one machine: three
# etcd members and three PostgreSQL nodes managed by Patroni, each "machine" on
# its own loopback address, and haproxy in front (docs/cluster.md).
#
#   tools/cluster/cluster.sh up DIR            idempotent: starts what is not running, waits
#                                              until a leader, a synchronous standby and a
#                                              replica answer, and haproxy reaches the leader
#   tools/cluster/cluster.sh down DIR          stops everything, by pid, and checks nothing is left
#   tools/cluster/cluster.sh status DIR        what runs, and the cluster as Patroni sees it
#   tools/cluster/cluster.sh kill-primary DIR  kill -9 the leader's postmaster and its children
#   tools/cluster/cluster.sh kill-patroni DIR  kill -9 the leader's Patroni (PostgreSQL stays up)
#
# Everything runs as an unprivileged user: as root, CLUSTER_USER (default
# guichet-cluster, created if missing); otherwise the caller. Data, logs and
# pids live under DIR; DIR/haproxy.uri and DIR/database.uri are the
# application's connection strings (mode 600). Needs tools/install-deps.sh cluster.
# Environment: CLUSTER_UP_TIMEOUT (seconds, default 120), CLUSTER_TTL,
# CLUSTER_LOOP_WAIT, CLUSTER_RETRY_TIMEOUT (Patroni's, default 10, 1, 4) and
# CLUSTER_USE_SLOTS (true): read only when the cluster is first made.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tools/cluster/config.sh
. "$ROOT/tools/cluster/config.sh"

usage() { echo "usage: $0 up|down|status|kill-primary|kill-patroni DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command=$1
if [ "$command" = up ]; then mkdir -p "$2"; fi
[ -d "$2" ] || { echo "cluster: no folder $2" >&2; exit 1; }
DIR=$(cd "$2" && pwd)
# The daemons inherit the working folder, and run as the cluster user: a
# caller's folder closed to that user (a fresh clone under a 0700 mktemp, as
# in CI) makes Patroni's os.getcwd() and PostgreSQL's tools fail.
cd "$DIR"
HAPROXY_ADDRESS=127.0.1.10
node_address() { echo "127.0.1.$1"; }
PATH=/usr/lib/postgresql/15/bin:/usr/sbin:/usr/bin:/sbin:/bin

if [ "$(id -u)" -eq 0 ]; then
    CLUSTER_USER=${CLUSTER_USER:-guichet-cluster}
else
    CLUSTER_USER=$(id -un)
fi

now() { date +%s.%N; }
say() { echo "cluster: $*"; }
die() { echo "cluster: $*" >&2; exit 1; }

running() {  # running PID: alive and not a zombie (PID 1 may be slow to reap)
    kill -0 "$1" 2>/dev/null || return 1
    local state
    state=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null) || true
    [ -n "$state" ] && [ "$state" != Z ]
}

pid_of() {  # pid_of NAME: the pid in DIR/run/NAME.pid if that process lives
    local pid
    pid=$(cat "$DIR/run/$1.pid" 2>/dev/null) || return 1
    [ -n "$pid" ] && running "$pid" && echo "$pid"
}

postmaster_of() {  # postmaster_of N: the live postmaster of node N
    local pid
    pid=$(head -1 "$DIR/node$1/data/postmaster.pid" 2>/dev/null) || return 1
    [ -n "$pid" ] && running "$pid" && grep -q postgres "/proc/$pid/comm" && echo "$pid"
}

secret() {  # secret NAME: a password made on first use, kept in DIR/secrets
    local file="$DIR/secrets/$1"
    if [ ! -s "$file" ]; then
        (umask 077; head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$file")
    fi
    cat "$file"
}

start_daemon() {  # start_daemon NAME CMD...: in its own session, pid in DIR/run/NAME.pid
    local name=$1; shift
    if pid_of "$name" >/dev/null; then return 0; fi
    # The shell writes its own pid, then execs (env, setpriv, the daemon): the
    # pid recorded is the daemon's.
    # shellcheck disable=SC2016
    setsid sh -c 'echo $$ > "$0"; exec "$@"' "$DIR/run/$name.pid" \
        env -i PATH="$PATH" HOME="$DIR" LANG=C.UTF-8 \
        ${AS_ROOT_PREFIX:+$AS_ROOT_PREFIX} "$@" >> "$DIR/log/$name.log" 2>&1 < /dev/null &
    local i
    for i in $(seq 50); do [ -s "$DIR/run/$name.pid" ] && break; sleep 0.01; done
    say "started $name (pid $(cat "$DIR/run/$name.pid"))"
}

prepare_dir() {
    if [ "$(id -u)" -eq 0 ]; then
        id "$CLUSTER_USER" >/dev/null 2>&1 ||
            useradd --system --user-group --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$CLUSTER_USER"
        AS_ROOT_PREFIX="setpriv --reuid=$CLUSTER_USER --regid=$CLUSTER_USER --init-groups --"
        # The cluster user must reach DIR through its parents.
        setpriv --reuid="$CLUSTER_USER" --regid="$CLUSTER_USER" --init-groups -- test -x "$DIR" ||
            die "$CLUSTER_USER cannot reach $DIR (a parent folder is closed to others); pick a DIR under /tmp or /srv"
    fi
    mkdir -p "$DIR"/{run,log,secrets,haproxy,etcd1,etcd2,etcd3,node1,node2,node3}
    chmod 700 "$DIR/secrets" "$DIR"/etcd? "$DIR"/node?
    [ "$(id -u)" -eq 0 ] && chown -R "$CLUSTER_USER:$CLUSTER_USER" "$DIR"
    return 0
}

http_get() { curl -fsS --max-time 1 "$1" 2>/dev/null; }

cluster_json() {  # the cluster as any live Patroni sees it
    local i json
    for i in 1 2 3; do
        json=$(http_get "http://$(node_address "$i"):8008/cluster") && [ -n "$json" ] && { echo "$json"; return 0; }
    done
    return 1
}

leader_node() {  # the number of the node holding the leader key
    local json
    json=$(cluster_json) || return 1
    echo "$json" | /usr/bin/python3 -c '
import json, sys
for m in json.load(sys.stdin)["members"]:
    if m["role"] == "leader":
        print(m["name"][len("node"):])
'
}

ready() {  # each node's own Patroni answers; the leader streams to both others, one synchronously;
           # haproxy reaches the leader (etcd's member keys outlive a killed Patroni: not enough)
    local i states=""
    for i in 1 2 3; do
        states="$states$(http_get "http://$(node_address "$i"):8008/patroni" || echo '{}')
"
    done
    echo "$states" | /usr/bin/python3 -c '
import json, sys
nodes = [json.loads(line) for line in sys.stdin if line.strip()]
primaries = [n for n in nodes if n.get("role") in ("master", "primary")]
if len(nodes) != 3 or any(n.get("state") != "running" for n in nodes) or len(primaries) != 1:
    sys.exit(1)
streams = [r for r in primaries[0].get("replication", []) if r["state"] == "streaming"]
sync = [r for r in streams if r["sync_state"] == "sync"]
sys.exit(0 if len(streams) == 2 and len(sync) == 1 else 1)
' || return 1
    [ "$(PGPASSFILE="$DIR/secrets/pgpass" PGCONNECT_TIMEOUT=1 psql -XAtq \
        "$(cat "$DIR/haproxy.uri")" -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ]
}

up() {
    local started i
    started=$(now)
    prepare_dir
    for i in 1 2 3; do write_patroni_config "$i"; done
    write_post_bootstrap
    write_haproxy_config
    write_uris
    [ "$(id -u)" -eq 0 ] && chown -R "$CLUSTER_USER:$CLUSTER_USER" "$DIR"

    for i in 1 2 3; do
        local addr state=new
        addr=$(node_address "$i")
        [ -d "$DIR/etcd$i/member" ] && state=existing
        start_daemon "etcd$i" etcd --name "etcd$i" --data-dir "$DIR/etcd$i" \
            --listen-client-urls "http://$addr:2379" --advertise-client-urls "http://$addr:2379" \
            --listen-peer-urls "http://$addr:2380" --initial-advertise-peer-urls "http://$addr:2380" \
            --initial-cluster "$(etcd_initial_cluster)" --initial-cluster-state "$state" \
            --initial-cluster-token "guichet-$(echo "$DIR" | cksum | cut -d' ' -f1)" \
            --heartbeat-interval 100 --election-timeout 1000
    done
    # Patroni retries etcd on its own, but starting it on a quorum saves a retry period.
    for i in $(seq 100); do
        ETCDCTL_API=3 etcdctl --endpoints="$(etcd_hosts)" --command-timeout=1s \
            endpoint health >/dev/null 2>&1 && break
        sleep 0.1
    done
    for i in 1 2 3; do start_daemon "patroni$i" patroni "$DIR/node$i/patroni.yml"; done
    start_daemon haproxy haproxy -db -f "$DIR/haproxy/haproxy.cfg"

    local deadline
    deadline=$(( $(date +%s) + ${CLUSTER_UP_TIMEOUT:-120} ))
    until ready; do
        [ "$(date +%s)" -lt "$deadline" ] || { status; die "not ready after ${CLUSTER_UP_TIMEOUT:-120} s (logs in $DIR/log)"; }
        sleep 0.2
    done
    say "up in $(awk -v a="$started" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s: leader node$(leader_node), haproxy $HAPROXY_ADDRESS:5432 (leader) and :5433 (replicas)"
}

stop_pid() {  # stop_pid PID SIGNAL SECONDS: signal, wait, then kill -9
    local pid=$1 i
    running "$pid" || return 0
    kill "-$2" "$pid" 2>/dev/null || true
    for i in $(seq $(( $3 * 10 ))); do running "$pid" || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    for i in $(seq 50); do running "$pid" || return 0; sleep 0.1; done
}

leftovers() {  # the cluster's daemons whose command line names DIR, and their descendants
    ps -eo pid=,ppid=,comm=,args= | awk -v dir="$DIR/" '
        { ppid[$1] = $2 }
        index($0, dir) && $3 ~ /^(etcd|patroni|postgres|haproxy)$/ { mine[$1] = 1 }
        END {
            changed = 1
            while (changed) { changed = 0
                for (p in ppid) if (!(p in mine) && (ppid[p] in mine)) { mine[p] = 1; changed = 1 } }
            for (p in mine) print p
        }'
}

down() {
    local i pid
    pid=$(pid_of haproxy) && stop_pid "$pid" TERM 5
    # Patroni stops its PostgreSQL (a fast shutdown) when it gets SIGTERM.
    for i in 1 2 3; do pid=$(pid_of "patroni$i") && kill -TERM "$pid" 2>/dev/null; done
    for i in 1 2 3; do pid=$(pid_of "patroni$i") && stop_pid "$pid" TERM 30; done
    # A PostgreSQL left by a killed Patroni: a fast shutdown, then kill -9.
    for i in 1 2 3; do pid=$(postmaster_of "$i") && stop_pid "$pid" INT 10; done
    for i in 1 2 3; do pid=$(pid_of "etcd$i") && stop_pid "$pid" TERM 10; done
    rm -f "$DIR"/run/*.pid
    local left
    for i in $(seq 50); do
        left=$(leftovers)
        [ -z "$left" ] && break
        sleep 0.1
    done
    if [ -n "$left" ]; then
        # Backends of a killed postmaster: they are ours (their parent named DIR).
        for pid in $left; do kill -9 "$pid" 2>/dev/null || true; done
        sleep 0.5
        left=$(leftovers)
    fi
    [ -z "$left" ] || { ps -o pid,user,args -p "$(echo "$left" | tr '\n' , | sed 's/,$//')"; die "processes left behind"; }
    say "down: nothing of $DIR runs"
}

status() {
    local name pid i
    for name in etcd1 etcd2 etcd3 patroni1 patroni2 patroni3 haproxy; do
        if pid=$(pid_of "$name"); then echo "$name running (pid $pid)"; else echo "$name not running"; fi
    done
    for i in 1 2 3; do
        if pid=$(postmaster_of "$i"); then echo "postgres$i running (pid $pid)"; else echo "postgres$i not running"; fi
    done
    local json
    if json=$(cluster_json); then
        echo "$json" | /usr/bin/python3 -c '
import json, sys
for m in json.load(sys.stdin)["members"]:
    print("  {:6} {}:{}  {:13} {:10} timeline {}  lag {}".format(m["name"], m.get("host", "?"),
          m.get("port", "?"), m["role"], m["state"], m.get("timeline", "?"), m.get("lag", "-")))'
    else
        echo "  no Patroni answers"
    fi
}

kill_primary() {
    local n pm children
    n=$(leader_node) || true
    [ -n "$n" ] || die "no leader"
    pm=$(postmaster_of "$n") || die "node$n has no running postmaster"
    children=$(ps -o pid= --ppid "$pm" | tr -d ' ' | tr '\n' ' ')
    echo "killed node$n postgres at $(now): postmaster $pm, children $children"
    # shellcheck disable=SC2086
    kill -9 "$pm" $children
}

kill_patroni() {
    local n pid
    n=$(leader_node) || true
    [ -n "$n" ] || die "no leader"
    pid=$(pid_of "patroni$n") || die "node$n has no running Patroni"
    echo "killed node$n patroni at $(now): pid $pid"
    kill -9 "$pid"
}

case "$command" in
    up) up ;;
    down) down ;;
    status) status ;;
    kill-primary) kill_primary ;;
    kill-patroni) kill_patroni ;;
    *) usage ;;
esac
