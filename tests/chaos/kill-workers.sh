#!/bin/bash
# Fault run 1: kill -9 random claim workers every INTERVAL seconds (default 1)
# during the burst; multiwatch restarts them. Then the check against the load
# generator's log (tests/chaos/check.py). Settings: see lib.sh.
. "$(dirname "$0")/lib.sh"
INTERVAL=${INTERVAL:-1}

chaos_site
say "kill-workers: N=$N C=$C, killing random claim workers every ${INTERVAL}s ($DATA)"
chaos_burst_start
chaos_wait_claims $((N / 10))   # the first kill lands in the burst, however fast it is
kills=0 rounds=0
first=1
while burst_running; do
    [ "$first" -eq 1 ] || sleep "$INTERVAL"
    first=0
    pool=$(cat "$DATA/run/claim.pid")
    workers=($(pgrep -P "$pool" || true))
    [ ${#workers[@]} -gt 0 ] || continue
    # A random non-empty subset of the pool's workers.
    victims=()
    for pid in "${workers[@]}"; do (( RANDOM % 2 )) && victims+=("$pid"); done
    [ ${#victims[@]} -gt 0 ] || victims=("${workers[RANDOM % ${#workers[@]}]}")
    if burst_running && kill -9 "${victims[@]}" 2>/dev/null; then
        kills=$((kills + ${#victims[@]})); rounds=$((rounds + 1))
    fi
done
chaos_burst_wait
status=0
chaos_check kill-workers || status=1
{ echo "workers_killed $kills"; echo "kill_rounds $rounds"; } >> "$OUT/kill-workers.txt"
[ "$kills" -gt 0 ] || { echo "checks FAILED: no worker was killed" >> "$OUT/kill-workers.txt"; status=1; }
say "kill-workers: $kills workers killed in $rounds rounds; $(grep '^checks' "$OUT/kill-workers.txt" | tr '\n' ' ')"
exit $status
