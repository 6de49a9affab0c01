#!/usr/bin/env python3
"""Checks one fault run against the load generator's own log (tests/chaos/*.sh).

Every candidate the load generator saw acknowledged (200/201 with a rank) is
in the database with the rank and outcome it was told; ranks are 1..count
with no gap and no number twice; no candidate holds two claims; granted <=
places (and = min(places, claims)); the window's counters match the rows;
PRAGMA integrity_check is ok; every candidate got exactly one definitive
answer, and that answer was an acknowledgement.

  check.py --db DB --seeded SEEDED --answers FILE... --places P --n N [--stats FILE...]

DB is the SQLite file, or a postgresql:// URI (then read with psycopg2, run
with /usr/bin/python3; "integrity postgresql": its data checksums, no check here).
SEEDED is guichet-seed's output: line n is candidate n ("<account> <email>
<cookie>"). Each answers file has "n status rank outcome" lines. Prints
"name value" count lines, then "checks ok" or "checks FAILED: ..."; exits 1
when a check fails.
"""
import argparse, sqlite3, sys
from collections import Counter

p = argparse.ArgumentParser()
p.add_argument("--db", required=True)
p.add_argument("--seeded", required=True)
p.add_argument("--answers", nargs="+", required=True)
p.add_argument("--stats", nargs="*", default=[])
p.add_argument("--places", type=int, required=True)
p.add_argument("--n", type=int, required=True, help="candidates that claimed (lines of SEEDED used)")
a = p.parse_args()

problems = []
account_of = {}
for number, line in enumerate(open(a.seeded), 1):
    account_of[number] = int(line.split()[0])

told = {}  # candidate number -> (status, rank, outcome)
statuses = Counter()
for path in a.answers:
    for line in open(path):
        n, status, rank, outcome = line.split()[:4]  # claim.lua adds the first attempt's time
        n = int(n)
        if n in told:
            problems.append(f"candidate {n} answered twice in the log")
        told[n] = (int(status), rank, outcome)
        statuses[status] += 1

if a.db.startswith(("postgresql://", "postgres://")):
    import psycopg2

    class Rows:  # sqlite3's db.execute(...).fetchone() / iteration, over psycopg2
        def __init__(self, uri):
            self.connection = psycopg2.connect(uri)
            self.connection.set_session(readonly=True)

        def execute(self, sql):
            cursor = self.connection.cursor()
            cursor.execute(sql)
            return cursor

    db = Rows(a.db)
    integrity = "postgresql"  # no integrity_check there; the cluster runs with data checksums
else:
    db = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    if integrity != "ok":
        problems.append("integrity_check: " + integrity)
stored = {account: (rank, outcome) for account, rank, outcome in
          db.execute("SELECT account_id, rank, outcome FROM claims")}
count, min_rank, max_rank, distinct_ranks, accounts = db.execute(
    "SELECT count(*), min(rank), max(rank), count(DISTINCT rank), count(DISTINCT account_id) FROM claims").fetchone()
granted = db.execute("SELECT count(*) FROM claims WHERE outcome = 'granted'").fetchone()[0]
places_granted, claims_count = db.execute("SELECT places_granted, claims_count FROM intake_window").fetchone()

acknowledged = missing = wrong_rank = 0
refused = Counter()
for n, (status, rank, outcome) in told.items():
    if status not in (200, 201):
        refused[status] += 1  # every candidate is claim-ready: anything else is a defect
        continue
    acknowledged += 1
    row = stored.get(account_of[n])
    if row is None:
        missing += 1
    elif str(row[0]) != rank or row[1] != outcome:
        wrong_rank += 1
if refused: problems.append(f"definitive answers other than 200/201: {dict(refused)}")
if missing: problems.append(f"{missing} acknowledged claims missing from the database")
if wrong_rank: problems.append(f"{wrong_rank} acknowledged claims stored with another rank or outcome")
unanswered = a.n - len(told)
if unanswered: problems.append(f"{unanswered} candidates without a definitive answer")
if count and (min_rank != 1 or max_rank != count or distinct_ranks != count):
    problems.append(f"ranks {min_rank}..{max_rank} ({distinct_ranks} distinct) for {count} claims")
if accounts != count: problems.append("a candidate holds two claims")
if granted > a.places: problems.append(f"{granted} granted for {a.places} places")
if granted != min(a.places, count): problems.append(f"{granted} granted, expected {min(a.places, count)}")
if places_granted != granted or claims_count != count:
    problems.append(f"window counters {places_granted}/{claims_count} differ from rows {granted}/{count}")
if count != acknowledged:
    problems.append(f"{count} claims stored, {acknowledged} acknowledged")

stats = Counter()
for path in a.stats:
    for line in open(path):
        name, value = line.split()
        stats[name] += int(value)

print(f"candidates {a.n}")
print(f"acknowledged {acknowledged}")
print(f"created_201 {statuses.get('201', 0)}")
print(f"repeat_200 {statuses.get('200', 0)}")
print(f"stored {count}")
print(f"granted {granted}")
for name in sorted(stats):
    print(f"{name} {stats[name]}")
print(f"integrity {integrity}")
print("checks " + ("ok" if not problems else "FAILED: " + "; ".join(problems)))
sys.exit(1 if problems else 0)
