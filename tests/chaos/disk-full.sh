#!/bin/bash
# Fault run 3: the site's whole data folder on a small filesystem made for the
# run (FS=tmpfs, the default: a tmpfs with a size limit; FS=ext4: a loop-mounted
# ext4 image), of DISK_MB megabytes. Once a third of the candidates are
# recorded, a filler file takes every free byte; for FULL_SECONDS (default 3,
# and at least until claims are refused) claims must answer the contract's 503
# (JSON {"error":"unavailable"...} with Retry-After, seen by probe candidates
# claiming with curl beside the burst); then the filler is deleted and every
# remaining candidate must get an answer. Then the check against the load
# generator's log and the probes' answers: nothing acknowledged lost, nothing
# corrupted (integrity_check). Needs root (mount).
. "$(dirname "$0")/lib.sh"
FS=${FS:-tmpfs}
DISK_MB=${DISK_MB:-$((64 + N / 256))}
FULL_SECONDS=${FULL_SECONDS:-3}
PROBES=${PROBES:-20}
RUN=disk-full; [ "$FS" = tmpfs ] || RUN="disk-full-$FS"   # the name of its results file

DATA=$(mktemp -d /tmp/guichet-chaos-disk-XXXXXX)
case "$FS" in
    tmpfs) mount -t tmpfs -o "size=${DISK_MB}m,mode=0755" tmpfs "$DATA" ;;
    ext4)
        IMAGE="$DATA.img"
        truncate -s "${DISK_MB}M" "$IMAGE"
        mkfs.ext4 -q -m 0 "$IMAGE"   # -m 0: no blocks kept back for root
        mount -o loop "$IMAGE" "$DATA" ;;
    *) echo "FS must be tmpfs or ext4" >&2; exit 2 ;;
esac
MOUNTED=1
chaos_site "$PROBES"
say "disk-full: N=$N C=$C on a ${DISK_MB} MB $FS, filled after $((N / 3)) claims for ${FULL_SECONDS}s ($DATA)"

# probe NUMBER: one claim for candidate NUMBER (a line of seeded.txt beyond
# the burst's); sets P_STATUS, P_BODY, P_RETRY.
probe() {
    local cookie
    cookie=$(sed -n "$1p" "$WORK/seeded.txt" | awk '{print $3}')
    P_STATUS=$(curl -s -o "$WORK/probe.body" -D "$WORK/probe.headers" -w '%{http_code}' -X POST \
        -H "Origin: http://127.0.0.1:$PORT" -H "Cookie: guichet_session=$cookie" -H "Content-Length: 0" \
        "http://127.0.0.1:$PORT/api/claim" || true)
    P_BODY=$(cat "$WORK/probe.body" 2>/dev/null || true)
    P_RETRY=$(awk 'tolower($1) == "retry-after:" {print $2}' "$WORK/probe.headers" | tr -d '\r')
}
probe_log() {  # the probe's acknowledged claim, in the load generator's log format
    local rank outcome
    rank=$(sed -n 's/.*\\"rank\\":\([0-9]*\).*/\1/p' <<< "$P_BODY")
    outcome=$(sed -n 's/.*\\"outcome\\":\\"\([a-z_]*\)\\".*/\1/p' <<< "$P_BODY")
    echo "$1 $P_STATUS ${rank:--} ${outcome:--}" >> "$WORK/probes.log"
}
: > "$WORK/probes.log"
status=0
fail() { echo "checks FAILED: $*" >&2; echo "checks FAILED: $*" >> "$WORK/problems.txt"; status=1; }

chaos_burst_start
chaos_wait_claims $((N / 3))
burst_running || { echo "the burst ended before the disk was filled" >&2; exit 1; }
at_fill=$(claims_count)
# First the WAL back to zero bytes: SQLite rewrites a WAL it has checkpointed
# in place, so a big one would take claims for a long while on a full disk
# (which is right, but leaves the refusal untested); then the filler.
sqlite3 -cmd ".timeout 5000" "$DATA/guichet.db" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null || true
dd if=/dev/zero of="$DATA/filler" bs=1M 2>/dev/null || true
dd if=/dev/zero of="$DATA/filler" bs=4k oflag=append conv=notrunc 2>/dev/null || true  # the last blocks
say "disk-full: filled ($(du -m "$DATA/filler" | cut -f1) MB filler, $(df --output=avail -k "$DATA" | tail -1) KB left, $at_fill claims recorded)"

# While full: probes claim until they see the contract's 503 unavailable (the
# WAL's spare room may take a few more claims first), for at least FULL_SECONDS.
probe_next=$((N + 1)) probe_503=0 probe_busy=0 probe_acked_while_full=0 bad_503=0
start=$(date +%s)
while :; do
    elapsed=$(( $(date +%s) - start ))
    [ "$elapsed" -ge "$FULL_SECONDS" ] && [ "$probe_503" -gt 0 ] && break
    [ "$elapsed" -ge 60 ] && { fail "no 503 in 60 s on a full disk"; break; }
    [ "$probe_next" -le $((N + PROBES)) ] || { fail "claims still acknowledged on a full disk ($PROBES probes)"; break; }
    probe "$probe_next"
    case "$P_STATUS" in
        200|201) probe_log "$probe_next"; probe_next=$((probe_next + 1)); probe_acked_while_full=$((probe_acked_while_full + 1)) ;;
        503)
            # The contract's 503: JSON {"error":"unavailable"|"busy","message":...}
            # with Retry-After ("busy" is nginx's pool queue being full).
            error=$(python3 -c 'import json,sys; b=json.loads(sys.argv[1]); print(b["error"] if b.get("message") else "")' "$P_BODY" 2>/dev/null || true)
            if [ -z "$P_RETRY" ] || { [ "$error" != unavailable ] && [ "$error" != busy ]; }; then
                bad_503=$((bad_503 + 1)); echo "a 503 not in the contract's shape: Retry-After '$P_RETRY', body $P_BODY" >&2
            elif [ "$error" = unavailable ]; then probe_503=$((probe_503 + 1))
            else probe_busy=$((probe_busy + 1))
            fi ;;
        *) fail "a probe claim on a full disk answered $P_STATUS: $P_BODY" ;;
    esac
    sleep 0.2
done
[ "$bad_503" -eq 0 ] || fail "$bad_503 of the probes' 503s not in the contract's shape"
at_free=$(claims_count)
rm -f "$DATA/filler"
say "disk-full: space returned (probes: $probe_503 x 503 unavailable, $probe_busy x 503 busy, $probe_acked_while_full probe claims acknowledged while full; $at_free claims recorded)"

# Space is back: the probe that was refused, and the burst, finish.
while [ "$probe_next" -le $((N + PROBES)) ]; do
    probe "$probe_next"
    case "$P_STATUS" in
        200|201) probe_log "$probe_next"; break ;;
        503) [ $(( $(date +%s) - start )) -lt 120 ] || { fail "claims still refused after space returned"; break; }; sleep 0.5 ;;
        *) fail "a probe claim after space returned answered $P_STATUS: $P_BODY"; break ;;
    esac
done
used_probes=$(wc -l < "$WORK/probes.log")
chaos_burst_wait
CHECK_N=$((N + used_probes)) chaos_check "$RUN" "$WORK/probes.log" || status=1
{
    echo "filesystem $FS ${DISK_MB}MB"
    echo "claims_at_fill $at_fill"
    echo "claims_when_space_returned $at_free"
    echo "probe_503_unavailable $probe_503"
    echo "probe_503_busy $probe_busy"
    echo "probe_acknowledged_while_full $probe_acked_while_full"
    cat "$WORK/problems.txt" 2>/dev/null || true
} >> "$OUT/$RUN.txt"
say "disk-full: $(grep -E '^(acknowledged|retried_503|checks)' "$OUT/$RUN.txt" | tr '\n' ' ')"
exit $status
