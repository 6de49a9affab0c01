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
# VICTIMS=supervisors kills only the nginx master and the multiwatch
# supervisors: their workers live on, orphaned (nginx's keep the port), and
# tools/site.sh start must clear them away before it can start the site.
VICTIMS=${VICTIMS:-all}
RUN=kill-site; [ "$VICTIMS" = all ] || RUN="kill-$VICTIMS"

chaos_site
say "$RUN: N=$N C=$C, $VICTIMS killed after $((N / 3)) claims, down ${DOWN}s ($DATA)"
chaos_burst_start
chaos_wait_claims $((N / 3))
burst_running || { echo "the burst ended before the kill" >&2; exit 1; }
victims=()
for pidfile in "$DATA"/run/*.pid; do
    pid=$(cat "$pidfile")
    victims+=("$pid")
    [ "$VICTIMS" != all ] || victims+=($(pgrep -P "$pid" || true))
done
at_kill=$(claims_count)
kill -9 "${victims[@]}"
say "$RUN: killed ${#victims[@]} processes (${at_kill} claims recorded): ${victims[*]}"
sleep "$DOWN"
for pid in "${victims[@]}"; do
    state=$(ps -o stat= -p "$pid" || true)   # gone, or a zombie waiting for PID 1
    if [ -n "$state" ] && [ "${state:0:1}" != Z ]; then echo "process $pid survived kill -9" >&2; exit 1; fi
done
tools/site.sh start "$DATA" "$PORT"
say "$RUN: site started again ($(claims_count) claims recorded)"
chaos_burst_wait
status=0
chaos_check "$RUN" || status=1
{ echo "processes_killed ${#victims[@]}"; echo "claims_at_kill $at_kill"; } >> "$OUT/$RUN.txt"
say "$RUN: $(grep -E '^(acknowledged|sent_again|retried_503|checks)' "$OUT/$RUN.txt" | tr '\n' ' ')"
exit $status
