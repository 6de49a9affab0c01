# Shared by the fault runs (tests/chaos/*.sh): a private site, seeded
# candidates, the wrk burst with tests/load/claim.lua, and the final check
# against the load generator's own log (tests/chaos/check.py).
#
# Settings (environment): N candidates (default 20000), PLACES (default 2800),
# C connections (default 256), THREADS (wrk threads, 2), MAX_SECONDS (wrk's
# hard limit, 300), GUICHET_BIN (built binaries), OUT (where results go).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
N=${N:-20000}
PLACES=${PLACES:-2800}
C=${C:-256}
THREADS=${THREADS:-2}
MAX_SECONDS=${MAX_SECONDS:-300}
BIN=${GUICHET_BIN:-$ROOT/build/bin}
export GUICHET_BIN=$BIN
# A small receipt-nonce pool: the default (50,000 per claim worker) keeps a core
# busy for minutes after every start; claims past the pool are signed the slow way.
export GUICHET_CLAIM_NONCES=${GUICHET_CLAIM_NONCES:-512}
# The loopback is a trusted proxy (every start of the site, restarts
# included): wrk's claims carry their own client addresses (claim.lua).
export GUICHET_TRUSTED_PROXIES=127.0.0.1
OUT=${OUT:-$ROOT/tests/output/chaos}
mkdir -p "$OUT"
ulimit -n 20000

# DATA: the site's data folder; WORK: the load generator's files (tokens, its
# log), kept apart so that a full data disk never touches them.
DATA="" PORT="" WRK_PID="" MOUNTED=""
WORK=$(mktemp -d /tmp/guichet-chaos-work-XXXXXX)
chaos_cleanup() {  # whatever happens, leave no server, no mount, no folder
    [ -n "$WRK_PID" ] && kill "$WRK_PID" 2>/dev/null || true
    if [ -n "$DATA" ] && [ -d "$DATA" ]; then
        tools/site.sh stop "$DATA" || true
        if [ -n "$MOUNTED" ]; then umount "$DATA" || umount -l "$DATA" || true; fi
        [ -n "${KEEP:-}" ] || rm -rf "$DATA"
    fi
    if [ -n "${IMAGE:-}" ]; then rm -f "$IMAGE"; fi
    [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap chaos_cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# chaos_site [SEED_EXTRA]: a fresh site in $DATA (made by the caller or here)
# with N + SEED_EXTRA claim-ready candidates and an open window of PLACES.
chaos_site() {
    local extra=${1:-0}
    [ -n "$DATA" ] || DATA=$(mktemp -d /tmp/guichet-chaos-XXXXXX)
    PORT=$(free_port)
    tools/site.sh start "$DATA" "$PORT"
    "$BIN/guichet-seed" --data "$DATA" --count $((N + extra)) --out "$WORK/seeded.txt" >/dev/null
    head -n "$N" "$WORK/seeded.txt" | awk '{print $3}' > "$WORK/tokens.txt"
    # Start the burst from an empty WAL, as a site does after a quiet night
    # (seeding wrote one big transaction into it).
    sqlite3 -cmd ".timeout 5000" "$DATA/guichet.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    "$BIN/guichet-admin" --data "$DATA" window set --opens-at +0 --closes-at +7200 --places "$PLACES" >/dev/null
    mkdir -p "$WORK/wrk"
}

# chaos_burst_start: wrk fires one claim per candidate, in the background.
chaos_burst_start() {
    wrk -t"$THREADS" -c"$C" -d"${MAX_SECONDS}s" --timeout 30s -s tests/load/claim.lua \
        "http://127.0.0.1:$PORT/api/claim" -- "$WORK/tokens.txt" "$WORK/wrk" "$THREADS" \
        "http://127.0.0.1:$PORT" > "$WORK/wrk.txt" 2>&1 &
    WRK_PID=$!
}

# The burst runs until every wrk thread has left its done file (all its
# candidates have a definitive answer) or wrk's hard limit passes. wrk's main
# thread sleeps out the whole -d duration even when every thread has stopped;
# SIGINT ends that sleep and wrk prints its summary.
burst_running() {
    kill -0 "$WRK_PID" 2>/dev/null || return 1
    local done
    done=$(find "$WORK/wrk" -name 'thread-*.done' | wc -l)
    if [ "$done" -ge "$THREADS" ]; then kill -INT "$WRK_PID" 2>/dev/null; return 1; fi
    return 0
}

claims_count() { sqlite3 -cmd ".timeout 5000" "$DATA/guichet.db" "SELECT claims_count FROM intake_window" 2>/dev/null || echo 0; }

# chaos_wait_claims COUNT: until COUNT claims are recorded (or the burst ended).
chaos_wait_claims() {
    while burst_running && [ "$(claims_count)" -lt "$1" ]; do sleep 0.1; done
}

chaos_burst_wait() {
    while burst_running; do sleep 0.2; done
    wait "$WRK_PID" || true
    WRK_PID=""
}

# chaos_check SCENARIO [EXTRA_ANSWERS...]: check.py on the run; its counts go
# to $OUT/SCENARIO.txt (with wrk's own summary); returns its status.
chaos_check() {
    local scenario=$1; shift
    local status=0
    tools/site.sh stop "$DATA"
    python3 tests/chaos/check.py --db "$DATA/guichet.db" --seeded "$WORK/seeded.txt" \
        --answers "$WORK"/wrk/thread-*.log "$@" --stats $(ls "$WORK"/wrk/thread-*.done 2>/dev/null) \
        --places "$PLACES" --n "${CHECK_N:-$N}" > "$OUT/$scenario.txt" || status=1
    # The public log of claims, as the claim pool last published it (its last
    # round runs when the site stops): its chain and checkpoints must hold
    # whatever was killed or filled, and it must cover every stored claim.
    local claims published
    claims=$(sqlite3 -readonly "$DATA/guichet.db" "SELECT count(*) FROM claims")
    if "$BIN/guichet-verify" log --key "$DATA/keys/receipt.pem" --dir "$DATA/claim-log" > "$OUT/$scenario-log.txt" 2>&1; then
        published=$(python3 -c 'import json,sys; print(json.loads(json.load(open(sys.argv[1]))["checkpoint"])["count"])' \
            "$DATA/claim-log/checkpoint.json")
        echo "public log: verified, checkpoint of $published entries for $claims claims" >> "$OUT/$scenario.txt"
        [ "$published" = "$claims" ] || { echo "checks FAILED: the last checkpoint does not cover every claim" >> "$OUT/$scenario.txt"; status=1; }
    else
        { echo "checks FAILED: public log:"; cat "$OUT/$scenario-log.txt"; } >> "$OUT/$scenario.txt"
        status=1
    fi
    { echo "wrk:"; cat "$WORK/wrk.txt"; } >> "$OUT/$scenario.txt"
    return $status
}
