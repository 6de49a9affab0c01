#!/bin/bash
# The integration suite, each test case in a process of its own, N at a time,
# on each backend named:
#   tools/run-integration.sh [-j N] sqlite|postgres...
#
# Each test case starts its own site (free ports, its own folder, its own
# SQLite file or PostgreSQL schema), so test cases can run side by side. Most
# of a case's time is waiting (nginx and the pools starting, timeouts, a
# killed worker coming back), which is why N above the core count pays.
#
# GUICHET_BIN: the folder of integration-tests and the programs it starts.
# For postgres, one throwaway server (tools/pg-test.sh) serves every case, a
# schema each, unless GUICHET_TEST_POSTGRES names one.
# Every case's output is kept in a log; a failed case's log is printed. A case
# counts as passed only when doctest says it ran exactly one test case, and it
# passed: a name that matched nothing is a failure, not a silent pass.
# Exit status: 0 when every case passed on every backend, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(( $(nproc) * 2 ))
if [ "${1:-}" = -j ]; then jobs=$2; shift 2; fi
[ $# -ge 1 ] || { echo "usage: $0 [-j N] sqlite|postgres..." >&2; exit 2; }
for backend in "$@"; do
    case $backend in sqlite|postgres) ;; *) echo "$0: unknown backend $backend" >&2; exit 2 ;; esac
done
: "${GUICHET_BIN:?GUICHET_BIN must name the folder of integration-tests}"
tests=$GUICHET_BIN/integration-tests
[ -x "$tests" ] || { echo "$0: no $tests" >&2; exit 1; }

work=$(mktemp -d /tmp/guichet-integration-XXXXXX)
pg_dir=
cleanup() {
    if [ -n "$pg_dir" ]; then tools/pg-test.sh stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$pg_dir"; fi
    rm -rf "$work"
}
trap cleanup EXIT

if [[ " $* " == *" postgres "* && -z "${GUICHET_TEST_POSTGRES:-}" ]]; then
    pg_dir=$(mktemp -d /tmp/guichet-pg-XXXXXX)
    # A site opens about 150 connections (a claim worker holds one per request
    # thread) and a case may run two sites.
    GUICHET_TEST_POSTGRES=$(PG_MAX_CONNECTIONS=$(( jobs * 320 + 40 )) tools/pg-test.sh start "$pg_dir")
    export GUICHET_TEST_POSTGRES
fi

# The names, one per line, between doctest's two rules of '='. The cases of
# the test suite "slow" (the longest, marked where they are defined) come
# first: started last, one of them would add most of its time to the wall.
list_cases() {
    "$tests" --list-test-cases --no-version "$@" | sed -n '/^====/,/^====/p' | grep -v '^====' || true
}
mapfile -t slow < <(list_cases --test-suite=slow)
mapfile -t rest < <(list_cases --test-suite-exclude=slow)
names=("${slow[@]}" "${rest[@]}")
[ ${#rest[@]} -gt 0 ] || { echo "$0: $tests lists no test case" >&2; exit 1; }

# One case: its log, then a line "status seconds backend name" in results.
run_case() {
    local backend=$1 name=$2 log="$work/$1.$2.log" start end status
    start=$EPOCHREALTIME
    status=0
    GUICHET_TEST_BACKEND=$backend "$tests" --test-case="$name" --no-version >"$log" 2>&1 || status=$?
    end=$EPOCHREALTIME
    if [ "$status" -eq 0 ] && ! grep -q '^\[doctest\] test cases: *1 | *1 passed | *0 failed' "$log"; then
        status=99  # it ran no test case, or more than one
    fi
    printf '%s %.1f %s %s\n' "$status" "$(awk "BEGIN { print $end - $start }")" "$backend" "$name" >>"$work/results"
}
export -f run_case
export tests work

began=$(date +%s)
for name in "${names[@]}"; do
    for backend in "$@"; do printf '%s\n%s\n' "$backend" "$name"; done
done | xargs -d '\n' -n 2 -P "$jobs" bash -c 'run_case "$1" "$2"' _ || true
wall=$(( $(date +%s) - began ))

total=$(( ${#names[@]} * $# ))
done_count=$(wc -l <"$work/results")
failed=$(awk '$1 != 0' "$work/results" | wc -l)
while read -r status seconds backend name; do
    [ "$status" -eq 0 ] && continue
    echo "=== FAILED on $backend (status $status, $seconds s): $name"
    cat "$work/$backend.$name.log"
done <"$work/results"
# Every case's time, slowest first, kept beside the binaries for whoever
# marks the slow ones; the first five printed from that file (no pipe into
# head: under pipefail its early close failed the script by SIGPIPE in CI).
times=$GUICHET_BIN/integration-times.txt
sort -k2 -rn "$work/results" >"$times"
echo "slowest cases (all in $times):"
awk 'NR <= 5 {printf "  %6.1f s  %s  %s\n", $2, $3, $4}' "$times"
echo "integration: $total test cases on $*, $jobs at a time: $(( done_count - failed )) passed, $failed failed," \
     "$(( total - done_count )) not run; $wall s"
[ "$failed" -eq 0 ] && [ "$done_count" -eq "$total" ]
