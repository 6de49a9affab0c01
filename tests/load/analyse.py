#!/usr/bin/env python3
"""Checks and summarises one opening-day burst (called by tests/load/bench.sh).

Reads the site's database, the load generator's answers (one line per
candidate: number, status, rank, outcome, first attempt's send time in ms),
nginx's access log and wrk's
outputs; prints one Markdown table row; draws claims/s and latency over the
burst with gnuplot. Exits non-zero when a check fails.
"""
import argparse, base64, hashlib, json, os, re, sqlite3, subprocess, sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import inversions

p = argparse.ArgumentParser()
for name in ["db", "answers", "access", "burst", "static", "memory", "plot"]:
    p.add_argument("--" + name, required=True)
for name in ["opens", "end-ns", "start-ns", "n", "places", "c"]:
    p.add_argument("--" + name, type=int, required=True)
p.add_argument("--store", default="sqlite")  # the column of the table: sqlite or postgres
p.add_argument("--mailer", default="on")  # on: the mailer pool ran through the burst; off: stopped before it
p.add_argument("--nginx-rate", type=float, required=True)
p.add_argument("--fcgi-rate", type=float, required=True)
a = p.parse_args()

problems = []
# --db: the SQLite file, or the postgresql:// URI of the store (psycopg2,
# Debian's python3-psycopg2). Every query below is in both dialects.
class PgDb:
    def __init__(self, uri):
        import psycopg2
        self.conn = psycopg2.connect(uri)
    def execute(self, sql):
        cursor = self.conn.cursor()
        cursor.execute(sql)
        return Rows(cursor)
class Rows:  # what sqlite3's cursor gives: fetchone and iteration, bytea as bytes
    def __init__(self, cursor): self.cursor = cursor
    def fixed(self, row): return tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
    def fetchone(self): return self.fixed(self.cursor.fetchone())
    def __iter__(self): return (self.fixed(row) for row in self.cursor)
postgres = a.db.startswith("postgresql:")
db = PgDb(a.db) if postgres else sqlite3.connect(a.db)
count, min_rank, max_rank, accounts = db.execute(
    "SELECT count(*), min(rank), max(rank), count(DISTINCT account_id) FROM claims").fetchone()
granted = db.execute("SELECT count(*) FROM claims WHERE outcome = 'granted'").fetchone()[0]
# (PostgreSQL has no integrity_check: there the checks are the rows' own, below.)
integrity = "ok" if postgres else db.execute("PRAGMA integrity_check").fetchone()[0]
if integrity != "ok": problems.append("integrity_check: " + integrity)
if count != a.n: problems.append(f"{count} claims stored for {a.n} candidates")
if count and (min_rank != 1 or max_rank != count): problems.append(f"ranks {min_rank}..{max_rank} for {count} claims")
if accounts != count: problems.append("a candidate holds two claims")
if granted != min(a.places, a.n): problems.append(f"{granted} granted for {a.places} places")

# Candidate number n is line n of the tokens file; find its account through its session.
rank_of_account = dict(db.execute("SELECT account_id, rank FROM claims"))
account_of_hash = dict(db.execute("SELECT token_hash, account_id FROM sessions"))
tokens_path = a.answers.replace("answers.log", "tokens.txt")
tokens = [line.strip() for line in open(tokens_path)]
answered, statuses, mismatched = set(), Counter(), 0
arrivals = []  # (first attempt sent, in ms; stored rank) per ranked candidate
first_sent, rank_of_number = {}, {}  # the same, by candidate number
for line in open(a.answers):
    n, status, rank, outcome, first_ms = line.split()
    n = int(n)
    answered.add(n)
    statuses[status] += 1
    if status in ("200", "201"):
        raw = base64.urlsafe_b64decode(tokens[n - 1] + "=")
        account = account_of_hash.get(hashlib.sha256(raw).digest())
        if rank_of_account.get(account) != int(rank): mismatched += 1
        if first_ms != "-":
            arrivals.append((int(first_ms), int(rank)))
            first_sent[n], rank_of_number[n] = int(first_ms), int(rank)
if len(answered) != a.n: problems.append(f"{a.n - len(answered)} candidates without a definitive answer")
if mismatched: problems.append(f"{mismatched} acknowledged ranks differ from the database")

# nginx's view of every claim request (retries included), and its timing.
by_status, per_second, latencies = Counter(), defaultdict(list), []
nginx_read = {}  # candidate number -> first attempt's read by nginx (Unix ms)
for line in open(a.access):
    try: entry = json.loads(line)
    except ValueError: continue
    if entry.get("uri") != "/api/claim": continue
    by_status[entry["status"]] += 1
    # When nginx read the request's first bytes (ts is the end, ms the time
    # taken since): the arrival as the server saw it, per candidate.
    if entry.get("request_id", "").isdigit():
        n, read_at = int(entry["request_id"]), (float(entry["ts"]) - float(entry["ms"])) * 1000
        nginx_read[n] = min(nginx_read.get(n, read_at), read_at)
    second = int(float(entry["ts"])) - a.opens
    per_second[second].append(float(entry["ms"]) * 1000)
unexpected = {s: c for s, c in by_status.items() if s not in (200, 201, 425, 429, 503)}
if unexpected: problems.append(f"unexpected statuses {unexpected}")

received = [r[0] for r in db.execute("SELECT received_at FROM claims ORDER BY received_at")]
last_claim_s = (received[-1] / 1000.0 - a.opens) if received else float("nan")
first_claim_s = (received[0] / 1000.0 - a.opens) if received else float("nan")
duration = max(last_claim_s - max(first_claim_s, 0), 1e-3)
rate = count / duration if count else 0
last_answer_s = a.end_ns / 1e9 - a.opens

def wrk_latency(path):
    text = open(path).read()
    def pick(label):
        m = re.search(r"^\s+%s\s+([\d.]+)(us|ms|s)\b" % re.escape(label), text, re.M)
        if not m: return float("nan")
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    m = re.search(r"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", text)
    mx = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else float("nan")
    return pick("50%"), pick("99%"), mx

# The burst may come from several wrk processes (--burst lists their outputs,
# comma-separated): the worst of each figure, and their socket errors summed.
bursts = a.burst.split(",")
p50, p99, mx = (max(values) for values in zip(*(wrk_latency(path) for path in bursts)))
socket_errors = Counter()
for path in bursts:
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", open(path).read())
    if m: socket_errors.update(dict(zip(["connect", "read", "write", "timeout"], map(int, m.groups()))))
sp50, sp99, smx = wrk_latency(a.static)
status_text = ", ".join(f"{s}: {c}" for s, c in sorted(by_status.items()))
if sum(socket_errors.values()):
    status_text += "; socket errors: " + ", ".join(f"{k} {v}" for k, v in socket_errors.items() if v)
checks = "ok" if not problems else "FAILED: " + "; ".join(problems)
# The claims' confirmations: how many the mailer had delivered when the run
# ended (bench.sh waits for the queue to drain when the mailer runs).
queued, sent, last_sent = db.execute(
    "SELECT COUNT(*), COUNT(sent_at), MAX(sent_at) FROM outbox WHERE kind = 'claim_receipt'").fetchone()
if a.mailer == "on":
    mail_text = f"{sent:,} of {queued:,} delivered, the last {last_sent / 1000.0 - a.opens:.1f} s after opening" \
        if sent else f"0 of {queued:,} delivered"
    if sent < queued: problems.append(f"{queued - sent} confirmations not delivered")
else:
    mail_text = f"mailer stopped: {queued:,} queued"
if queued != count: problems.append(f"{queued} confirmations queued for {count} claims")
# The order of arrival: pairs whose first attempts were sent more than 1 s
# apart and whose ranks are the other way round (inversions.py).
order = inversions.count(arrivals, 1000)
order_text = (f"{order['pairs']:,} pairs, {order['affected']:,} candidates; worst: "
              f"{order['worst_gap_ms'] / 1000:.1f} s earlier, {order['worst_ranks']:,} ranks behind"
              if order["pairs"] else "0")
# The same count with nginx's read times for the first attempts: the order
# the server kept from the moment it read each claim. The difference from the
# count above is the time a request spent sent but not yet read (the kernel's
# queues, nginx's workers waiting for a core).
server_order = inversions.count([(int(nginx_read[n]), r) for n, r in rank_of_number.items() if n in nginx_read], 1000)
delays = sorted(nginx_read[n] - first for n, first in first_sent.items() if n in nginx_read)
if delays:
    order_text += (f" (by nginx's read times: {server_order['pairs']:,} pairs; send to read p50 / p99 / max "
                   f"{delays[len(delays) // 2]:.0f} / {delays[int(len(delays) * 0.99)]:.0f} / {delays[-1]:.0f} ms)")
with open(a.plot + "-order.json", "w") as f:
    json.dump({"client": order, "nginx": server_order}, f)
print(f"| {a.store} | {a.c} | {a.mailer} | {a.n} | {rate:,.0f} | {rate / a.nginx_rate:.3f} | {rate / a.fcgi_rate:.3f} | "
      f"{p50:.0f} / {p99:.0f} / {mx:.0f} ms | {status_text} | {last_answer_s:.1f} s "
      f"(last commit {last_claim_s:.1f} s) | {sp99:.1f} ms | {a.memory} | {mail_text} | {order_text} | {checks} |")

# Plot: claims committed per 100 ms, and nginx's p50/p99 time for /api/claim per second.
with open(a.plot + "-rate.dat", "w") as f:
    bins = Counter(int((r / 1000.0 - a.opens) * 10) for r in received)
    for b in range(min(bins, default=0), max(bins, default=0) + 1):
        f.write(f"{b / 10:.1f} {bins.get(b, 0) * 10}\n")
with open(a.plot + "-latency.dat", "w") as f:
    for second in sorted(per_second):
        values = sorted(per_second[second])
        f.write(f"{second} {values[len(values) // 2]:.1f} {values[int(len(values) * 0.99)]:.1f}\n")
script = f"""
set terminal pngcairo size 900,520 font 'sans,10'
set output '{a.plot}.png'
set multiplot layout 2,1 title 'Opening-day burst: {a.n} candidates, {a.c} connections'
set xlabel 'seconds after opening'
set ylabel 'claims committed / s'
set grid
plot '{a.plot}-rate.dat' using 1:2 with steps lw 2 title 'claims/s (per 100 ms)'
set ylabel 'ms (nginx request time)'
set logscale y
plot '{a.plot}-latency.dat' using 1:2 with linespoints title 'p50', '' using 1:3 with linespoints title 'p99'
unset multiplot
"""
try:
    subprocess.run(["gnuplot"], input=script.encode(), check=True)
except (OSError, subprocess.CalledProcessError) as error:
    print(f"(plot not drawn: {error})", file=sys.stderr)
sys.exit(1 if problems else 0)
