# How many claims nginx holds in the claim pool's queue, and what that costs
# nginx in workers and the pool in backlog (sourced by tools/site.sh).
#
# The order of arrival (docs/claims.md, "The order of arrival under
# overload"): a claim that waits in the queue keeps its place; one told 503
# busy comes back seconds later, behind candidates who came after it. So the
# queue is as deep as the kernel lets the claim socket's backlog be
# (net.core.somaxconn clamps it: a claim nginx cannot hand to the socket
# would be a 503 unavailable), capped so that the last in the queue still gets
# its answer well within the claim location's read timeout.
#
#   claim_queue             GUICHET_CLAIM_QUEUE, or somaxconn capped at 32,768
#                           (GUICHET_SOMAXCONN: the value the server will have,
#                           for a deployment that installs its own sysctl)
#   claim_wait              nginx's read timeout for a claim (GUICHET_CLAIM_WAIT, 60s)
#   pool_backlog NAME       spawn-fcgi's listen backlog for the pool
#   nginx_workers           GUICHET_NGINX_WORKERS, or enough for the queue's fds
#   listen_lines PORT       one listen line per address of GUICHET_LISTEN
#                           (reuseport unless GUICHET_NGINX_REUSEPORT=off)
#   first_listen            the first address of GUICHET_LISTEN (the origin's)

somaxconn() {
    local value=${GUICHET_SOMAXCONN:-}
    [ -n "$value" ] || value=$(cat /proc/sys/net/core/somaxconn 2>/dev/null || echo 4096)
    echo "$value"
}

# 32,768 claims at the slowest rate measured on 2 cores, with the load
# generator and other jobs on them (947/s, docs/benchmarks.md, 2026-12-06), is
# a wait of 35 s for the last, under claim_wait's 60 s.
claim_queue() {
    if [ -n "${GUICHET_CLAIM_QUEUE:-}" ]; then echo "$GUICHET_CLAIM_QUEUE"; return; fi
    local limit
    limit=$(somaxconn)
    [ "$limit" -le 32768 ] || limit=32768
    echo "$limit"
}

claim_wait() { echo "${GUICHET_CLAIM_WAIT:-60s}"; }

pool_backlog() {
    local queue
    queue=$(claim_queue)
    if [ "$1" = claim ] && [ "$queue" -gt 1024 ]; then echo "$queue"; else echo 1024; fi
}

# A claim held in the queue costs nginx two descriptors (the client's and the
# pool's socket), and one worker may open only 20,000 (worker_rlimit_nofile,
# the hard limit here) and serve 16,384 connections (worker_connections). So
# one worker per 7,000 queued claims (14,000 connections, room to spare for
# the listen sockets, the cache and an uneven spread), and never fewer than
# one per core. The listen sockets are reuseport: the kernel spreads new
# connections evenly over the workers, so none fills up before the others.
nginx_workers() {
    if [ -n "${GUICHET_NGINX_WORKERS:-}" ]; then echo "$GUICHET_NGINX_WORKERS"; return; fi
    local queue cores needed
    queue=$(claim_queue)
    cores=$(nproc 2>/dev/null || echo 1)
    needed=$(( (queue + 6999) / 7000 ))
    [ "$needed" -ge "$cores" ] || needed=$cores
    echo "$needed"
}

# GUICHET_LISTEN may name several addresses (a load generator on one machine
# opens at most ~28,000 connections to one address and port: the ephemeral
# ports); the first is the site's origin.
first_listen() { set -- ${GUICHET_LISTEN:-127.0.0.1}; echo "$1"; }
listen_lines() {
    local address out=""
    local reuseport=" reuseport"; [ "${GUICHET_NGINX_REUSEPORT:-on}" = on ] || reuseport=""
    for address in ${GUICHET_LISTEN:-127.0.0.1}; do out+="listen $address:$1 backlog=16384$reuseport; "; done
    echo "${out% }"
}
