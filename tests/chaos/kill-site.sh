#!/bin/bash
# Fault run 2: once a third of the candidates are recorded, kill -9 nginx
# (master and workers) and every handler pool (multiwatch supervisors and
# their workers) at once; DOWN seconds later (default 2) start the site again
# with tools/site.sh start (what ./deploy.sh --local runs: it must cope with
# the stale pid files and sockets the kill left). The load generator keeps
# going throughout: connection errors and 503s meanwhile, claims lost at the
# socket level sent again by claim.lua. Then the check against its log.
. "$(dirname "$0")/lib.sh"
DOWN=${DOWN:-2}

chaos_site
say "kill-site: N=$N C=$C, everything killed after $((N / 3)) claims, down ${DOWN}s ($DATA)"
chaos_burst_start
chaos_wait_claims $((N / 3))
burst_running || { echo "the burst ended before the kill" >&2; exit 1; }
victims=()
for pidfile in "$DATA"/run/*.pid; do
    pid=$(cat "$pidfile")
    victims+=("$pid" $(pgrep -P "$pid" || true))
done
at_kill=$(claims_count)
kill -9 "${victims[@]}"
say "kill-site: killed ${#victims[@]} processes (${at_kill} claims recorded): ${victims[*]}"
sleep "$DOWN"
for pid in "${victims[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then echo "process $pid survived kill -9" >&2; exit 1; fi
done
tools/site.sh start "$DATA" "$PORT"
say "kill-site: site started again ($(claims_count) claims recorded)"
chaos_burst_wait
status=0
chaos_check kill-site || status=1
{ echo "processes_killed ${#victims[@]}"; echo "claims_at_kill $at_kill"; } >> "$OUT/kill-site.txt"
say "kill-site: $(grep -E '^(acknowledged|sent_again|retried_503|checks)' "$OUT/kill-site.txt" | tr '\n' ' ')"
exit $status
