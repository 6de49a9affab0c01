#!/usr/bin/env python3
"""The siege's checks and its one-line summary (tests/siege/run.sh).

    report.py RESULT.json CLAIMS.txt INTEGRITY NGINX.conf FREE_KB

RESULT is siege.py's; CLAIMS the database's "account_id|rank|claim_id" rows
after the run; INTEGRITY its integrity_check; NGINX the rendered configuration
(the pools' queues and per-client caps are read from it, not assumed). Exits 1
on any failed check, naming it.
"""
import json
import re
import sys

result = json.load(open(sys.argv[1]))
rows = [line.strip().split("|") for line in open(sys.argv[2]) if line.strip()]
integrity = sys.argv[3]
nginx = open(sys.argv[4]).read()
free_mb = int(sys.argv[5]) // 1024
problems = []


def limit(zone):
    """The number of `limit_conn ZONE N;` in the rendered configuration (the largest, if several)."""
    values = [int(n) for n in re.findall(r"limit_conn\s+%s\s+(\d+);" % zone, nginx)]
    return max(values) if values else None


# Which zones each slow-body route is counted in (nginx/guichet.conf.in).
ZONES = {"POST /api/session": ("accounts_pool", "client_accounts"),
         "POST /api/accounts": ("accounts_pool", "client_accounts"),
         "PUT /api/dossier": ("dossier_pool", "client_dossier"),
         "POST /api/claim": ("claim_pool", "client_claim"),
         "PUT /api/documents/passport": ("upload_pool", "client_upload")}

# 1. Every legitimate candidate answered with a receipt.
claims = result["claims"]
answered = [c for c in claims if c.get("status") in (200, 201)]
for c in claims:
    if c.get("status") not in (200, 201):
        problems.append("candidate %d: no receipt (%s)" % (c["account_id"], json.dumps(c)[:200]))
last = max((c["last"] for c in answered), default=0.0) - result["opens_after"]
retried = sum(1 for c in answered if c["attempts"] > 1)

# 2. Every victim logged in with their own password.
victims = result["victims"]
logged_in = [v for v in victims if v.get("status") == 200]
sprayed = min((v.get("failures_before", 0) for v in victims), default=0)
if sprayed <= 5:  # more than an account pair's kFreeFailures (domain/login_throttle.h), or it tests nothing
    problems.append("the spray reached each victim only %d times: not enough to test the throttle" % sprayed)
for v in victims:
    if v.get("status") != 200:
        problems.append("victim %s refused: %s" % (v.get("email"), json.dumps(v)[:200]))

# 3. Every acknowledged claim is in the database with its rank; no rank twice.
stored = {int(r[0]): (int(r[1]), r[2]) for r in rows}
lost = 0
for c in answered:
    if stored.get(c["account_id"]) != (c["rank"], c["claim_id"]):
        lost += 1
        problems.append("acknowledged claim of %d (rank %d) is %s in the database" %
                        (c["account_id"], c["rank"], stored.get(c["account_id"])))
ranks = sorted(r for r, _ in stored.values())
if ranks != list(range(1, len(ranks) + 1)):
    problems.append("ranks are not 1..%d without a gap" % len(ranks))
if integrity != "ok":
    problems.append("integrity_check: " + integrity)

# 4. No slow-body attacker held more than its per-client share.
shares = []
for route, stats in result["slow"].items():
    pool_zone, client_zone = ZONES[route]
    pool, cap = limit(pool_zone), limit(client_zone)
    held = stats["held_max"]
    if cap is None or pool is None:
        problems.append("no limit_conn %s / %s in the configuration" % (pool_zone, client_zone))
        continue
    if held > cap:
        problems.append("%s: one client held %d requests, past its cap of %d" % (route, held, cap))
    shares.append("%s %d/%d (%.1f%%)" % (route.split()[1], held, pool, 100.0 * held / pool))

# 5. The disk attack: stopped by the reserve, claims unharmed (checked above).
fill = result["fill"]
stored_mb = fill.get("bytes_stored", 0) // (1024 * 1024)
paused = fill.get("upload_503_uploads_paused", 0)
if paused == 0:
    problems.append("the fillers never met the storage reserve (uploads_paused): the disk attack was too small to test it")
spray = result["spray"]

print("siege: legitimate %d/%d answered (last %.1f s after opening, %d retried after busy), "
      "victims %d/%d logged in with their own password after at least %d wrong ones each, acknowledged %d lost %d, "
      "slow bodies held at most: %s; spray %s; fillers stored %d MB then got uploads_paused %d times, %d MB left free; "
      "integrity %s" % (len(answered), len(claims), last, retried, len(logged_in), len(victims), sprayed, len(answered), lost,
                        ", ".join(shares), json.dumps(spray, sort_keys=True), stored_mb, paused, free_mb, integrity))
for problem in problems[:20]:
    print("siege FAILED: " + problem)
sys.exit(1 if problems else 0)
