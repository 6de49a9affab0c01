#!/bin/bash
# Guichet deployment.
#
#   ./deploy.sh --local [--port N] [--no-install]   install what is missing, build, run on 127.0.0.1
#   ./deploy.sh --local stop                          stop exactly what --local started
#   ./deploy.sh --local status
#   sudo ./deploy.sh --server --domain example.org [--cert FILE --key FILE] [--check] [--prefix DIR]
#                                                     production: see tools/deploy-server.sh --help
#   sudo ./deploy.sh --server --inventory FILE --name NAME --secrets DIR
#                                                     one machine of a cluster (role db, front or lb):
#                                                     see tools/deploy-cluster.sh --help, docs/cluster.md
#
# The local site lives in ./data (database, documents, keys, logs, pids);
# running it again is safe: it starts only what is not running and never
# replaces an existing key or database.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")" && pwd)
export GUICHET_CALLER_DIR=${GUICHET_CALLER_DIR:-$PWD}   # the caller's relative paths are read from there
cd "$ROOT"

for argument in "$@"; do   # a cluster's machine (its inventory names its role), or one server
    if [ "$argument" = --inventory ]; then exec tools/deploy-cluster.sh "$@"; fi
done
for argument in "$@"; do
    if [ "$argument" = --server ]; then exec tools/deploy-server.sh "$@"; fi
done

mode="" action="start" port="${GUICHET_PORT:-8080}" install=1
while [ $# -gt 0 ]; do
    case "$1" in
        --local) mode=local ;;
        --port) port=$2; shift ;;
        --port=*) port=${1#--port=} ;;
        --no-install) install=0 ;;
        start|stop|status) action=$1 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "deploy.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done
[ "$mode" = local ] || { echo "usage: ./deploy.sh --local [--port N] [start|stop|status]" >&2; exit 2; }
case "$port" in ''|*[!0-9]*) echo "deploy.sh: --port must be a number" >&2; exit 2 ;; esac

DATA="$ROOT/data"
case "$action" in
    stop) exec tools/site.sh stop "$DATA" ;;
    status) exec tools/site.sh status "$DATA" ;;
esac

if [ "$install" -eq 1 ]; then tools/install-deps.sh run; fi
make -s -j"$(nproc)" all
tools/site.sh start "$DATA" "$port"
echo "Guichet is running: http://127.0.0.1:$port/"
echo "  operator commands: build/bin/guichet-admin --data $DATA help"
echo "  stop it with:      ./deploy.sh --local stop"
