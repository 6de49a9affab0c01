#!/bin/bash
# make bench: the opening-day simulation, on one machine, with its baselines.
#
#   N=42000 C=1000,10000 PLACES=2800 MAILER=on,off STORE=sqlite,postgres tests/load/bench.sh
#
# 1. Baselines in the same run: bare nginx on a 5 KB static page, and nginx
#    in front of a bare libfcgi handler (same pool size as the claim pool).
# 2. For each concurrency C: a fresh site, N candidates seeded straight into
#    the database with compliant dossiers and live sessions, the window
#    opening a few seconds later, then the burst: wrk fires one claim per
#    candidate (retrying 503/429/425 after a jittered pause, as the site does)
#    while a second wrk samples the static home page's latency (paced: tests/load/static.lua).
#    Each C runs once with the mailer pool delivering the claims' confirmations
#    through the burst (unpaced unless MAIL_PER_MINUTE says otherwise: the
#    worst case for the claims) and once with it stopped, so the two claim
#    rates compare in one run; with the mailer, the run waits until every
#    confirmation is delivered (.eml files) and reports when the last one was.
#    Each of those runs on each store: SQLite (the site's file) and a
#    throwaway PostgreSQL 15 of its own (tests/load/store.sh), so the two
#    backends' claim rates compare in one run too.
# 3. Checks the database afterwards (granted = places, ranks 1..N each once,
#    no candidate twice, every acknowledged rank equals the stored one) and
#    reports rates, latencies, statuses, time to the last definitive answer,
#    the ratios to the baselines, the peak memory of nginx and each pool, and
#    the order of arrival kept or not: pairs of candidates whose first attempts
#    (sent times, from claim.lua) were more than 1 s apart and whose ranks are
#    the other way round (tests/load/inversions.py).
# 4. The claim queue is as deep as net.core.somaxconn allows (tools/lib/capacity.sh).
#    Run as root, the bench gives the kernel what a server deployed by
#    deploy.sh --server has (deploy/sysctl.conf.in: 16,384), or more when C
#    needs it (the next power of two above C + C/16), and puts the old value
#    back when it ends; SOMAXCONN=keep leaves the kernel alone.
# 5. Above WRK_CONNECTIONS (10,000) connections, the burst is split over
#    several wrk processes (one process may open only 20,000 descriptors here,
#    and one address and port only ~28,000 ephemeral ports), process i
#    connecting to 127.0.0.i, on which nginx also listens; their answers are
#    merged for the checks.
# Results: tests/output/bench/ (summary.md, plots); docs/benchmarks.md is
# written from summary.md by hand after a run, with the date and machine.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
N=${N:-42000}
CONCURRENCY=${C:-1000,10000}
PLACES=${PLACES:-2800}
MAILER_MODES=${MAILER:-on,off}
STORES=${STORE:-sqlite,postgres}
MAIL_PER_MINUTE=${MAIL_PER_MINUTE:-600000}
THREADS=${THREADS:-2}
CLAIM_WORKERS=${CLAIM_WORKERS:-2}
BIN=${GUICHET_BIN:-$ROOT/build/bin}
OUT=${OUT:-$ROOT/tests/output/bench}
LEAD=${LEAD:-6}   # seconds between the end of seeding and opening
WRK_CONNECTIONS=${WRK_CONNECTIONS:-10000}   # the most connections one wrk process holds
SOMAXCONN=${SOMAXCONN:-auto}
mkdir -p "$OUT"
ulimit -n 20000
. tests/load/store.sh
BASE="" DATA=""
old_somaxconn=$(cat /proc/sys/net/core/somaxconn)
cleanup() {  # whatever happens, leave no server running, and the kernel as it was
    if [ -n "$BASE" ] && [ -d "$BASE" ]; then
        kill "$(cat "$BASE/nginx.pid" 2>/dev/null)" "$(cat "$BASE/bare.pid" 2>/dev/null)" 2>/dev/null || true
        rm -rf "$BASE"
    fi
    if [ -n "$DATA" ] && [ -d "$DATA" ]; then tools/site.sh stop "$DATA"; rm -rf "$DATA"; fi
    store_stop
    if [ "$(cat /proc/sys/net/core/somaxconn)" != "$old_somaxconn" ]; then
        sysctl -q -w net.core.somaxconn="$old_somaxconn" || echo "could not put net.core.somaxconn back to $old_somaxconn" >&2
    fi
}
trap cleanup EXIT

somaxconn_for() {  # somaxconn_for C: raise the kernel's, as a server deployed for C would have it
    [ "$SOMAXCONN" != keep ] && [ "$(id -u)" -eq 0 ] || return 0
    local want installed
    installed=$(awk '$1 == "net.core.somaxconn" {print $3}' deploy/sysctl.conf.in)
    want=1024
    while [ "$want" -lt $(( $1 + $1 / 16 )) ]; do want=$((want * 2)); done
    [ "$want" -ge "$installed" ] || want=$installed
    [ "$SOMAXCONN" = auto ] || want=$SOMAXCONN
    [ "$want" -le "$old_somaxconn" ] && want=$old_somaxconn
    sysctl -q -w net.core.somaxconn="$want" || echo "could not raise net.core.somaxconn to $want" >&2
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rate_of() { awk '/Requests\/sec/ {print $2}' "$1"; }

# ---- baselines -------------------------------------------------------------
BASE=$(mktemp -d /tmp/guichet-bench-base-XXXXXX)
mkdir -p "$BASE/www" "$BASE/tmp"
head -c 5120 /dev/zero | tr '\0' 'x' > "$BASE/www/page.html"
bport=$(free_port)
user_directive=""; [ "$(id -u)" -eq 0 ] && user_directive="user root root;"
sed -e "s|@DIR@|$BASE|g" -e "s|@PORT@|$bport|g" -e "s|@USER_DIRECTIVE@|$user_directive|" \
    tests/load/bare-nginx.conf.in > "$BASE/nginx.conf"
spawn-fcgi -s "$BASE/bare.sock" -M 0660 -P "$BASE/bare.pid" -- \
    /usr/bin/multiwatch -f "$CLAIM_WORKERS" -- "$BIN/bench-bare-fcgi" >/dev/null
nginx -p "$BASE" -c "$BASE/nginx.conf"
sleep 0.5
echo "== baseline: bare nginx, 5 KB page"
wrk -t"$THREADS" -c100 -d5s "http://127.0.0.1:$bport/page.html" | tee "$OUT/base-nginx.txt"
echo "== baseline: bare libfcgi handler behind nginx ($CLAIM_WORKERS workers)"
wrk -t"$THREADS" -c100 -d5s "http://127.0.0.1:$bport/bare-fcgi" | tee "$OUT/base-fcgi.txt"
cleanup
BASE=""
sleep 0.5
nginx_rate=$(rate_of "$OUT/base-nginx.txt")
fcgi_rate=$(rate_of "$OUT/base-fcgi.txt")

# ---- the bursts ------------------------------------------------------------
peak_kb() {  # peak_kb PID...: sum and max of VmHWM (peak resident memory) over processes
    local total=0 max=0 kb
    for pid in "$@"; do
        kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        total=$((total + kb)); [ "$kb" -gt "$max" ] && max=$kb
    done
    echo "$total $max"
}

summary="$OUT/summary.md"
{
    echo "# Opening-day benchmark"
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r)"
    echo "- command: \`N=$N C=$CONCURRENCY PLACES=$PLACES MAILER=$MAILER_MODES STORE=$STORES make bench\` (claim pool: $CLAIM_WORKERS workers; load generator on the same machine)"
    echo "- baselines in the same run: bare nginx 5 KB page **$nginx_rate req/s**; bare libfcgi handler behind nginx **$fcgi_rate req/s**"
    echo
    echo "| store | C | mailer | candidates | claims/s | × bare nginx | × bare FastCGI | latency p50 / p99 / max | statuses | last definitive answer after opening | static page p99 during burst | peak memory: nginx / claim pool (sum of workers) | confirmations | order inversions (first attempts > 1 s apart, ranked the other way) | checks |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} > "$summary"

failed=0
IFS=, read -r -a levels <<< "$CONCURRENCY"
IFS=, read -r -a mailer_modes <<< "$MAILER_MODES"
IFS=, read -r -a stores <<< "$STORES"
runs=()  # "C mailer store", every combination, in that order
for C in "${levels[@]}"; do
    for mailer in "${mailer_modes[@]}"; do
        for store in "${stores[@]}"; do runs+=("$C $mailer $store"); done
    done
done
for combination in "${runs[@]}"; do
    read -r C mailer store <<< "$combination"
    run="$store-c$C-mailer-$mailer"
    DATA=$(mktemp -d /tmp/guichet-bench-XXXXXX)
    port=$(free_port)
    store_start "$store" "$DATA"
    echo "== burst: N=$N candidates, C=$C connections, $PLACES places, mailer $mailer, store $store ($DATA)"
    somaxconn_for "$C"
    # One wrk process per WRK_CONNECTIONS connections, process i on 127.0.0.i.
    generators=$(( (C + WRK_CONNECTIONS - 1) / WRK_CONNECTIONS ))
    per_thread=$(( THREADS / generators )); [ "$per_thread" -ge 1 ] || per_thread=1
    all_threads=$(( per_thread * generators ))
    listen=""; for ((i = 1; i <= generators; i++)); do listen+="127.0.0.$i "; done
    # The loopback is a trusted proxy: each claim of wrk carries its candidate's
    # own client address (tests/load/claim.lua), as a real crowd would.
    GUICHET_BIN="$BIN" GUICHET_WORKERS_CLAIM="$CLAIM_WORKERS" GUICHET_TRUSTED_PROXIES=127.0.0.0/8 \
        GUICHET_LISTEN="${listen% }" GUICHET_MAIL_PER_MINUTE="$MAIL_PER_MINUTE" tools/site.sh start "$DATA" "$port"
    capacity="somaxconn $(cat /proc/sys/net/core/somaxconn), claim queue $(grep -m1 -o 'limit_conn claim_pool [0-9]*' "$DATA/nginx.conf" | awk '{print $3}'), nginx workers $(awk '/^worker_processes/ {print $2+0}' "$DATA/nginx.conf"), $generators wrk process(es) × $per_thread thread(s)"
    echo "capacity: $capacity"
    "$BIN/guichet-seed" --data "$DATA" --count "$N" --out "$DATA/seeded.txt"   # "<id> <email> <cookie>" lines
    awk '{print $3}' "$DATA/seeded.txt" > "$DATA/tokens.txt"
    # A real site runs for days before opening: its claim workers' receipt
    # nonces (GUICHET_CLAIM_NONCES each) are ready long before. Wait for them.
    nonces_ready() { grep -c '"event":"receipt nonces ready"' "$DATA/logs/claim.log" 2>/dev/null || true; }
    for _ in $(seq 1200); do
        [ "${GUICHET_CLAIM_NONCES:-}" = 0 ] || [ "$(nonces_ready)" -ge "$CLAIM_WORKERS" ] && break
        sleep 0.25
    done
    echo "receipt nonces ready in $(nonces_ready) of $CLAIM_WORKERS claim workers: $(grep -o '"detail":"[^"]*","event":"receipt nonces ready"' "$DATA/logs/claim.log" | cut -d'"' -f4 | tr '\n' ';')"
    opens_epoch=$(( $(date +%s) + LEAD ))
    opens=$(date -u -d "@$opens_epoch" +%Y-%m-%dT%H:%M:%SZ)
    "$BIN/guichet-admin" --data "$DATA" window set --opens-at "$opens" --closes-at +7200 --places "$PLACES" >/dev/null
    # The schedule's notice to every account went out days before a real
    # opening: marked sent, so the burst meets only its own confirmations.
    store_sql "UPDATE outbox SET sent_at = created_at WHERE kind = 'window_notice' AND sent_at IS NULL"
    if [ "$mailer" = off ]; then
        kill -TERM "$(cat "$DATA/run/mailer.pid")"
        for _ in $(seq 200); do pgrep -f "$BIN/guichet-mailer-fcgi" >/dev/null || break; sleep 0.05; done
    fi
    mkdir -p "$DATA/wrk"
    # The crowd presses the button at the announced second (the site enables it
    # from the server's time); a request a hair early gets 425 and is retried.
    while [ "$(date +%s)" -lt "$opens_epoch" ]; do sleep 0.01; done
    wrk -t1 -c8 -d25s --latency -s tests/load/static.lua "http://127.0.0.1:$port/" > "$DATA/static.txt" &
    static_pid=$!
    start_ns=$(date +%s%N)
    wrk_pids=() bursts=""
    for ((i = 1; i <= generators; i++)); do
        share=$(( C / generators + (i <= C % generators ? 1 : 0) ))
        wrk -t"$per_thread" -c"$share" -d300s --timeout 60s --latency -s tests/load/claim.lua \
            "http://127.0.0.$i:$port/api/claim" -- "$DATA/tokens.txt" "$DATA/wrk" "$all_threads" \
            "http://127.0.0.1:$port" "$(( (i - 1) * per_thread ))" 65 > "$DATA/burst-$i.txt" &
        wrk_pids+=($!) bursts+="$DATA/burst-$i.txt,"
    done
    # Every candidate has a definitive answer when every wrk thread has left its
    # done file. Meanwhile, once a second: the connections held (the load
    # generators' descriptors) and the most descriptors one nginx worker holds.
    any_wrk() { local pid; for pid in "${wrk_pids[@]}"; do kill -0 "$pid" 2>/dev/null && return 0; done; return 1; }
    fds() { local pid total=0 most=0 n; for pid in "$@"; do n=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l); total=$((total + n)); [ "$n" -le "$most" ] || most=$n; done; echo "$total $most"; }
    held=0 worker_fds=0 tick=0
    nginx_workers_pids=$(pgrep -P "$(cat "$DATA/run/nginx.pid")" | tr '\n' ' ')
    while any_wrk && [ "$(ls "$DATA"/wrk/*.done 2>/dev/null | wc -l)" -lt "$all_threads" ]; do
        if [ $((tick++ % 20)) -eq 0 ]; then
            read -r total _ <<< "$(fds "${wrk_pids[@]}")"; [ "$total" -le "$held" ] || held=$total
            read -r _ most <<< "$(fds $nginx_workers_pids)"; [ "$most" -le "$worker_fds" ] || worker_fds=$most
        fi
        sleep 0.05
    done
    end_ns=$(date +%s%N)
    kill -INT "${wrk_pids[@]}" 2>/dev/null || true
    for pid in "${wrk_pids[@]}"; do wait "$pid" || true; done
    wait "$static_pid" || true
    cat "$DATA"/burst-*.txt
    capacity+="; peak: $held descriptors held by the load generators (about one per connection), $worker_fds by the busiest nginx worker"
    echo "$capacity" | tee "$OUT/capacity-$run.txt"
    if [ "$mailer" = on ]; then  # every confirmation delivered, or 15 minutes
        for _ in $(seq 9000); do
            left=$(store_sql "SELECT COUNT(*) FROM outbox WHERE kind = 'claim_receipt' AND sent_at IS NULL")
            [ "$left" = 0 ] && break
            sleep 0.1
        done
        echo "confirmations: $(ls "$DATA/mail" | wc -l) messages written, $left still queued"
    fi
    read -r nginx_sum nginx_max <<< "$(peak_kb $(pgrep -P "$(cat "$DATA/run/nginx.pid")" | tr '\n' ' '))"
    claim_pids=$(pgrep -P "$(cat "$DATA/run/claim.pid")" | tr '\n' ' ')
    read -r claim_sum claim_max <<< "$(peak_kb $claim_pids)"
    GUICHET_BIN="$BIN" tools/site.sh stop "$DATA"
    # Group commit: each claim worker logs how many claims its commits held when it stops.
    python3 - "$DATA/logs/claim.log" > "$OUT/commits-$run.txt" <<'PY'
import json, re, sys
claims = commits = largest = 0
spent = [0, 0, 0]  # ms, summed over the workers' committers
for line in open(sys.argv[1], errors="replace"):
    if '"event":"stopped"' not in line: continue
    detail = json.loads(line).get("detail", "")
    m = re.match(r"(\d+) claims in (\d+) commits, at most (\d+) in one", detail)
    if m:
        claims += int(m[1]); commits += int(m[2]); largest = max(largest, int(m[3]))
    t = re.search(r"waiting for the lock (\d+) ms, placing (\d+) ms, committing (\d+) ms", detail)
    if t: spent = [x + int(y) for x, y in zip(spent, t.groups())]
print(f"group commit: {claims} claims in {commits} commits ({claims / max(commits, 1):.1f} per commit on average, at most {largest}); "
      f"committers' time: waiting for the lock {spent[0]} ms, placing {spent[1]} ms ({spent[1] * 1000 / max(claims, 1):.0f} µs a claim), committing {spent[2]} ms")
PY
    cat "$OUT/commits-$run.txt"
    cat "$DATA"/wrk/thread-*.log > "$DATA/answers.log"
    /usr/bin/python3 tests/load/analyse.py --db "$STORE_DB" --store "$store" --answers "$DATA/answers.log" \
        --access "$DATA/logs/access.log" --burst "${bursts%,}" --static "$DATA/static.txt" \
        --opens "$opens_epoch" --end-ns "$end_ns" --start-ns "$start_ns" --n "$N" --places "$PLACES" \
        --c "$C" --mailer "$mailer" --nginx-rate "$nginx_rate" --fcgi-rate "$fcgi_rate" \
        --memory "$((nginx_sum / 1024)) MiB / $((claim_sum / 1024)) MiB" \
        --plot "$OUT/burst-$run" >> "$summary" || failed=1
    cat "$DATA"/burst-*.txt > "$OUT/burst-$run.txt"
    echo "load generator counts: $(cat "$DATA"/wrk/*.done | awk '{c[$1] += $2} END {for (k in c) printf "%s %d; ", k, c[k]}')"
    if [ -n "${KEEP:-}" ]; then  # KEEP=DIR: the run's logs and database, for a closer look
        mkdir -p "$KEEP/$run"; cp -r "$DATA"/{logs,wrk,answers.log,tokens.txt,burst-*.txt,static.txt,guichet.db*} "$KEEP/$run/" 2>/dev/null || true
    fi
    rm -rf "$DATA"
    DATA=""
    store_stop
done
{
    echo
    for combination in "${runs[@]}"; do
        read -r C mailer store <<< "$combination"
        run="$store-c$C-mailer-$mailer"
        echo "- $store, C=$C, mailer $mailer: $(cat "$OUT/commits-$run.txt"); $(cat "$OUT/capacity-$run.txt")"
    done
    echo "- mailer pace: GUICHET_MAIL_PER_MINUTE=$MAIL_PER_MINUTE (folder delivery, .eml files)"
} >> "$summary"
echo
cat "$summary"
exit "$failed"
