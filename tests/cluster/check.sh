#!/bin/bash
# make cluster-check (N=3000) and make cluster-chaos (N=20000): the opening
# burst through the load balancer of a whole cluster on this machine — three
# PostgreSQL nodes under Patroni (tools/cluster/cluster.sh), two front nodes
# and haproxy (tools/cluster/front.sh) — while the PostgreSQL primary is
# killed with kill -9, and then a whole front node (nginx and every pool).
#
#   N=3000 C=64 PLACES=500 tests/cluster/check.sh
#
# The load generator is wrk with tests/load/claim.lua: each candidate claims
# until it has a definitive answer (503 and lost connections are sent again).
# Afterwards tests/chaos/check.py compares what it was told with the database,
# and guichet-verify checks the public log the surviving node published.
# Output: tests/output/cluster/check.txt, ending with the line
#   cluster: acknowledged N, lost 0, duplicates 0, failover S s, front node loss S s, ...
# Environment: CLUSTER_DIR (kept if given), GUICHET_BIN, OUT, KILL_AT and
# FRONT_KILL_AT (fractions of N stored when each kill happens: 0.3, 0.6).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
N=${N:-3000}
C=${C:-64}
PLACES=${PLACES:-500}
THREADS=${THREADS:-2}
KILL_AT=${KILL_AT:-0.3}
FRONT_KILL_AT=${FRONT_KILL_AT:-0.6}
BIN=${GUICHET_BIN:-$ROOT/build/bin}
export GUICHET_BIN=$BIN
# A small receipt-nonce pool: the default (50,000 per claim worker) keeps a core
# busy for minutes after every start; claims past the pool are signed the slow way.
export GUICHET_CLAIM_NONCES=${GUICHET_CLAIM_NONCES:-512}
OUT=${OUT:-$ROOT/tests/output/cluster}
mkdir -p "$OUT"
ulimit -n 20000
keep=${CLUSTER_DIR:+1}
DIR=${CLUSTER_DIR:-$(mktemp -d /tmp/guichet-cluster.XXXXXX)}
mkdir -p "$DIR" && chmod 755 "$DIR"
WORK=$(mktemp -d /tmp/guichet-cluster-work.XXXXXX)
echo "load generator files: $WORK" >&2
WRK_PID=""
# shellcheck disable=SC2317  # run by the trap
cleanup() {
    [ -n "$WRK_PID" ] && kill "$WRK_PID" 2>/dev/null
    tools/cluster/front.sh down "$DIR" > /dev/null 2>&1
    tools/cluster/cluster.sh down "$DIR" > /dev/null
    [ -n "$keep" ] || rm -rf "$DIR"
    [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
now() { date +%s.%N; }
fail() { echo "cluster-check FAILED: $*" | tee -a "$OUT/check.txt" >&2; exit 1; }

: > "$OUT/check.txt"
tools/cluster/cluster.sh up "$DIR" | tail -1 | tee -a "$OUT/check.txt" || fail "the database cluster did not start"
URI=$(cat "$DIR/haproxy.uri")
export GUICHET_DATABASE=$URI
tools/cluster/front.sh up "$DIR" | tee -a "$OUT/check.txt" || fail "the front nodes did not start"
FRONT1=$DIR/front/1

"$BIN/guichet-seed" --data "$FRONT1" --count "$N" --out "$WORK/seeded.txt" > /dev/null || fail "seeding"
awk '{print $3}' "$WORK/seeded.txt" > "$WORK/tokens.txt"
"$BIN/guichet-admin" --data "$FRONT1" window set --opens-at +0 --closes-at +7200 --places "$PLACES" > /dev/null ||
    fail "opening the window"

claims_count() {  # the stored claims, or nothing while the database does not answer
    PGCONNECT_TIMEOUT=1 psql -XAtq "$URI" -c "SELECT claims_count FROM intake_window" 2>/dev/null
}
# wait_progress: seconds from now until the stored claims grow again (the service is back)
wait_progress() {
    local start before count
    start=$(now) before=""
    while [ -z "$before" ]; do before=$(claims_count); sleep 0.05; done
    while burst_running; do
        count=$(claims_count)
        if [ -n "$count" ] && [ "$count" -gt "$before" ]; then break; fi
        sleep 0.05
    done
    awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'
}
burst_running() {
    kill -0 "$WRK_PID" 2>/dev/null || return 1
    if [ "$(find "$WORK/wrk" -name 'thread-*.done' | wc -l)" -ge "$THREADS" ]; then kill -INT "$WRK_PID"; return 1; fi
}
wait_claims() {  # wait_claims COUNT
    local count
    while burst_running; do
        count=$(claims_count)
        [ -n "$count" ] && [ "$count" -ge "$1" ] && return 0
        sleep 0.05
    done
    return 1
}

mkdir -p "$WORK/wrk"
say "burst: $N candidates, $C connections, through haproxy 127.0.1.10:8080"
started=$(now)
wrk -t"$THREADS" -c"$C" -d"${MAX_SECONDS:-300}s" --timeout 30s -s tests/load/claim.lua "http://127.0.1.10:8080/api/claim" \
    -- "$WORK/tokens.txt" "$WORK/wrk" "$THREADS" "http://127.0.1.10:8080" > "$WORK/wrk.txt" 2>&1 &
WRK_PID=$!

wait_claims "$(awk -v n="$N" -v f="$KILL_AT" 'BEGIN { printf "%d", n * f }')" || fail "the burst ended before the first kill"
tools/cluster/cluster.sh kill-primary "$DIR" | tee -a "$OUT/check.txt"
failover=$(wait_progress)
say "claims stored again ${failover} s after the primary was killed"

wait_claims "$(awk -v n="$N" -v f="$FRONT_KILL_AT" 'BEGIN { printf "%d", n * f }')" || fail "the burst ended before the front node kill"
tools/cluster/front.sh kill "$DIR" 2 | tee -a "$OUT/check.txt"
front_loss=$(wait_progress)
say "claims stored again ${front_loss} s after front node 2 was killed"

while burst_running; do sleep 0.2; done
wait "$WRK_PID"
WRK_PID=""
elapsed=$(awk -v a="$started" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')

# The surviving node publishes the public log one last time as it stops.
FRONTS=1 tools/cluster/front.sh down "$DIR" > /dev/null 2>&1
status=0
/usr/bin/python3 tests/chaos/check.py --db "$URI" --seeded "$WORK/seeded.txt" --answers "$WORK"/wrk/thread-*.log \
    --stats "$WORK"/wrk/thread-*.done --places "$PLACES" --n "$N" > "$WORK/check.txt" || status=1
cat "$WORK/check.txt" >> "$OUT/check.txt"
if "$BIN/guichet-verify" log --key "$FRONT1/keys/receipt.pem" --dir "$FRONT1/claim-log" > "$WORK/log.txt" 2>&1; then
    published=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(json.load(open(sys.argv[1]))["checkpoint"])["count"])' \
        "$FRONT1/claim-log/checkpoint.json")
    echo "public log: verified, checkpoint of $published entries" >> "$OUT/check.txt"
    grep -q "^stored $published\$" "$WORK/check.txt" || { echo "checks FAILED: the last checkpoint does not cover every claim" >> "$OUT/check.txt"; status=1; }
else
    { echo "checks FAILED: public log:"; cat "$WORK/log.txt"; } >> "$OUT/check.txt"
    status=1
fi
{ echo "wrk:"; cat "$WORK/wrk.txt"; } >> "$OUT/check.txt"

value() { awk -v k="$1" '$1 == k { print $2 }' "$WORK/check.txt"; }
acknowledged=$(value acknowledged)
stored=$(value stored)
lost=$(grep -o '[0-9]* acknowledged claims missing' "$WORK/check.txt" | cut -d' ' -f1)
wrong=$(grep -o '[0-9]* acknowledged claims stored with another rank' "$WORK/check.txt" | cut -d' ' -f1)
duplicates=0
grep -q "a candidate holds two claims\|distinct) for" "$WORK/check.txt" && duplicates="some (see check.txt)"
line="cluster: acknowledged ${acknowledged:-0}, lost ${lost:-0}, duplicates $duplicates, wrong rank ${wrong:-0}, failover $failover s, front node loss $front_loss s, stored ${stored:-0}, $N candidates in $elapsed s"
grep "^checks" "$WORK/check.txt" >&2
echo "$line" | tee -a "$OUT/check.txt"
exit $status
