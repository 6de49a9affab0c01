#!/bin/bash
# make chaos: the three fault runs one after the other, then a summary.
#
#   tests/chaos/run.sh            N=20000 candidates each (make chaos)
#   tests/chaos/run.sh --short    the bounded form make check runs (N=1500)
#
# 1. kill-workers.sh  kill -9 random claim workers every second
# 2. kill-site.sh     kill -9 nginx and every pool mid-burst, start again;
#                     kill-supervisors: the same, the masters only (orphaned workers)
# 3. disk-full.sh     fill the data disk mid-burst, then free it (needs root):
#                     a tmpfs; the full runs also a loop-mounted ext4 image
# Each ends with tests/chaos/check.py against the load generator's own log.
# Results: $OUT/<run>.txt and $OUT/summary.md (tests/output/chaos by default).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
if [ "${1:-}" = --short ]; then
    export N=${N:-1500} C=${C:-64} PLACES=${PLACES:-300} FULL_SECONDS=${FULL_SECONDS:-2} \
           MAX_SECONDS=${MAX_SECONDS:-120} INTERVAL=${INTERVAL:-0.2}
    command="make chaos-short"
else
    export N=${N:-20000}
    command="N=$N make chaos"
fi
export OUT=${OUT:-$ROOT/tests/output/chaos}
mkdir -p "$OUT"
rm -f "$OUT"/*.txt

value() { awk -v k="$2" '$1 == k {$1 = ""; print substr($0, 2); exit}' "$OUT/$1.txt" 2>/dev/null; }
socket_errors() { sed -n 's/^ *Socket errors: //p;T;q' "$OUT/$1.txt" 2>/dev/null; }
summary="$OUT/summary.md"
{
    echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r)"
    echo "- command: \`$command\` (N=$N candidates per run, ${C:-256} connections, ${PLACES:-2800} places)"
    echo
    echo "| run | fault | acknowledged (201 + repeat 200) | 503 answers retried | socket errors (wrk) | claims sent again (lost at socket level) | checks |"
    echo "| --- | --- | --- | --- | --- | --- | --- |"
} > "$summary"

runs="kill-workers kill-site kill-supervisors disk-full"
# The full runs fill a loop-mounted ext4 too (real fsync, real block allocation).
[ "${1:-}" = --short ] || runs="$runs disk-full-ext4"
failed=0
for run in $runs; do
    if [[ $run = disk-full* ]] && [ "$(id -u)" -ne 0 ]; then
        echo "| $run | — | — | — | — | — | SKIPPED: mounting a small filesystem needs root |" >> "$summary"
        echo "== $run SKIPPED: needs root to mount its filesystem"
        continue
    fi
    echo "== $run"
    status=0
    if [ "$run" = disk-full-ext4 ]; then FS=ext4 tests/chaos/disk-full.sh || status=1
    elif [ "$run" = kill-supervisors ]; then VICTIMS=supervisors tests/chaos/kill-site.sh || status=1
    else "tests/chaos/$run.sh" || status=1; fi
    [ "$status" -eq 0 ] || failed=1
    case "$run" in
        kill-workers) fault="$(value "$run" workers_killed) workers killed in $(value "$run" kill_rounds) rounds" ;;
        kill-site|kill-supervisors) fault="$(value "$run" processes_killed) processes killed at claim $(value "$run" claims_at_kill), site started again" ;;
        disk-full*) fault="$(value "$run" filesystem) full from claim $(value "$run" claims_at_fill) to $(value "$run" claims_when_space_returned); probes saw $(value "$run" probe_503_unavailable) × 503 unavailable, $(value "$run" probe_503_busy) × 503 busy" ;;
    esac
    checks=$(grep '^checks' "$OUT/$run.txt" 2>/dev/null | sed 's/^checks //' | paste -sd ' ')
    [ "$status" -eq 0 ] || [ -n "$checks" ] || checks="FAILED (see the output above)"
    echo "| $run | $fault | $(value "$run" acknowledged) of $(value "$run" candidates) ($(value "$run" created_201) + $(value "$run" repeat_200)) | $(value "$run" retried_503) | $(socket_errors "$run") | $(value "$run" sent_again) | $checks; integrity_check $(value "$run" integrity) |" >> "$summary"
done
echo
cat "$summary"
exit $failed
