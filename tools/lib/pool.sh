# The one wait for a pool's socket, sourced by tools/site.sh,
# tools/deploy-server.sh and tests/deploy/test-server-deploy.sh. (A pool's
# health, beyond its socket, is os/pool_probe: `guichet-admin stats` and the
# metrics handler's guichet_pool_up.)
#
#   wait_pool_socket SOCKET MS   until spawn-fcgi has bound SOCKET, for at most
#                                MS milliseconds; the status says whether it did
wait_pool_socket() {
    local socket=$1 tries=$(($2 / 20)) i
    for ((i = 0; i < tries; i++)); do
        [ -S "$socket" ] && return 0
        sleep 0.02
    done
    [ -S "$socket" ]
}
