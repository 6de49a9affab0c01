#!/bin/bash
# make cluster-failover: a fresh cluster (tools/cluster/cluster.sh) in a
# throwaway folder, the failover run against it (tests/cluster/failover.py),
# then the cluster stopped and the folder removed, whatever the outcome.
#
#   tests/cluster/failover.sh [--via haproxy|libpq] [--steady SECONDS] [--runs N]
#
# Environment: CLUSTER_DIR (default a new folder under /tmp; kept if given).
# Output: tests/output/cluster/failover.txt, ending with the line
#   cluster: acknowledged N, lost 0, duplicates 0, failover S s, ...
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
runs=1
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        *) args+=("$1"); shift ;;
    esac
done
OUT=${OUT:-$ROOT/tests/output/cluster}
mkdir -p "$OUT"
keep=${CLUSTER_DIR:+1}
DIR=${CLUSTER_DIR:-$(mktemp -d /tmp/guichet-cluster.XXXXXX)}
mkdir -p "$DIR" && chmod 755 "$DIR"
# shellcheck disable=SC2317  # run by the trap
cleanup() {
    "$ROOT/tools/cluster/cluster.sh" down "$DIR"
    [ -n "$keep" ] || rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

status=0
: > "$OUT/failover.txt"
for run in $(seq "$runs"); do
    if [ "$run" -gt 1 ] && [ -z "$keep" ]; then  # each run on a fresh cluster
        "$ROOT/tools/cluster/cluster.sh" down "$DIR" >/dev/null && rm -rf "${DIR:?}"/*
    fi
    echo "== run $run of $runs ($(date -u +%FT%TZ), $(nproc) cores, $(uname -r))" | tee -a "$OUT/failover.txt"
    "$ROOT/tools/cluster/cluster.sh" up "$DIR" 2>&1 | grep -v '^cluster: started' | tee -a "$OUT/failover.txt"
    /usr/bin/python3 "$ROOT/tests/cluster/failover.py" "$DIR" "${args[@]}" 2>&1 | tee -a "$OUT/failover.txt"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
exit $status
