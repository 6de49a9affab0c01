#!/usr/bin/python3
"""make cluster-failover: writes through the cluster while its leader is killed.

    tests/cluster/failover.py DIR [--via haproxy|libpq] [--steady SECONDS]

DIR holds a cluster started by tools/cluster/cluster.sh up. One writer
(tests/cluster/writer.py) inserts numbered rows, each acknowledged only once
its COMMIT returned. Phase 1 kill -9s the leader's postmaster and its
children; phase 2 kill -9s the new leader's Patroni (its PostgreSQL stays up,
orphaned, as when Patroni's host loses its control plane). After each, the
writer keeps going; `cluster.sh up` then brings the killed part back. At the
end every node must hold every acknowledged row exactly once.
"""
import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from writer import Writer  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLUSTER_SH = os.path.join(ROOT, "tools", "cluster", "cluster.sh")
NODES = {"node%d" % i: "127.0.1.%d" % i for i in (1, 2, 3)}


def log(message):
    print("failover: " + message, flush=True)


def cluster(command, directory):
    out = subprocess.run([CLUSTER_SH, command, directory], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    return out


def members():
    for address in NODES.values():
        try:
            with urllib.request.urlopen("http://%s:8008/cluster" % address, timeout=1) as r:
                return json.load(r)["members"]
        except OSError:
            continue
    return []


def leader():
    for m in members():
        if m["role"] == "leader" and m["state"] == "running":
            return m["name"]
    return None


def wait_until(predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    return None


def wait_for(predicate, seconds, what):
    value = wait_until(predicate, seconds)
    if value is None:
        raise SystemExit("failover: no %s after %d s" % (what, seconds))
    return value


def kill_time(output):  # "killed node2 postgres at 1764888000.123: ..."
    return float(output.split(" at ", 1)[1].split(":", 1)[0])


def synchronous_standby_names(address, password):
    """The new leader's setting at the moment its promotion ends: '*' (any
    standby) or a standby's name, never '' (which would acknowledge commits alone)."""
    deadline = time.time() + 15
    conn = None
    try:
        while time.time() < deadline:
            try:
                if conn is None:
                    conn = psycopg2.connect(host=address, dbname="guichet", user="guichet",
                                            password=password, connect_timeout=1)
                    conn.autocommit = True
                with conn.cursor() as cur:
                    cur.execute("SELECT current_setting('synchronous_standby_names'), pg_is_in_recovery()")
                    names, in_recovery = cur.fetchone()
                if not in_recovery:
                    return names
            except psycopg2.Error:
                conn = None
            time.sleep(0.01)
        return None
    finally:
        if conn is not None:
            conn.close()


def phase(writer, directory, command, steady, password):
    old = leader()
    acked_before = len(writer.acked)
    failures_before = len(writer.failures)
    out = cluster(command, directory).strip()
    killed_at = kill_time(out)
    log(out)
    new = wait_for(lambda: (leader() not in (None, old)) and leader(), 60, "new leader")
    new_address = NODES[new]
    sync_names = synchronous_standby_names(new_address, password)
    # The first commit acknowledged by the new leader: before it, commits may
    # still have been acknowledged by the old one (its sync standby confirmed them).
    def first_on_new_leader():
        return next((a for a in writer.acked[acked_before:] if a[2] == new_address), None)
    first = wait_until(first_on_new_leader, 30)
    restarted = False
    if first is None:
        # A client that picks its server itself (libpq's list of hosts) can stay
        # on the old primary, which still takes connections when only its Patroni
        # died; its commits wait for a standby that follows someone else. Only
        # Patroni, started again, demotes it.
        log("no commit on the new leader after 30 s: the writer is held by the old primary; "
            "starting its Patroni again")
        cluster("up", directory)
        restarted = True
        first = wait_for(first_on_new_leader, 60, "commit on the new leader")
    failed = [f for f in writer.failures[failures_before:] if f[1] >= killed_at]
    # What a client sees: the longest time with no commit acknowledged at all,
    # from the kill to the new leader's first.
    times = [killed_at] + [a[1] for a in writer.acked[acked_before:] if killed_at < a[1] <= first[1]]
    longest_gap = max(b - a for a, b in zip(times, times[1:]))
    result = {
        "killed": command.split("-")[1], "old": old, "new": new,
        "failover": first[1] - killed_at,
        "unavailable": longest_gap,
        "failed": len(failed),
        "numbers": len({f[0] for f in failed}),
        "sync_names": sync_names,
        "errors": sorted({f[2][:60] for f in failed}),
    }
    log("%s won; its synchronous_standby_names as its promotion ended: %r" % (new, sync_names))
    log("%s of %s killed: new leader %s, first commit on it %.2f s after the kill, "
        "longest time without a commit %.2f s, %d failed attempts on %d numbers (%s)" % (
            result["killed"], old, new, result["failover"], result["unavailable"],
            result["failed"], result["numbers"], "; ".join(result["errors"]) or "none"))
    if restarted:
        log("(the new leader's first commit came only after the old node's Patroni was started again)")
    time.sleep(steady)
    # The killed node comes back (Patroni restarted if it was killed; its
    # PostgreSQL rewound and following the new leader) before the next phase.
    started = time.time()
    cluster("up", directory)
    log("cluster whole again in %.1f s" % (time.time() - started))
    return result


def rows_on(address, password, acked):
    """The rows of one node, once it holds every acknowledged row (or 15 s)."""
    deadline = time.time() + 30
    while True:
        try:
            conn = psycopg2.connect(host=address, dbname="guichet", user="guichet",
                                    password=password, connect_timeout=2)
            with conn, conn.cursor() as cur:
                cur.execute("SELECT n, count(*) FROM writes GROUP BY n")
                counts = dict(cur.fetchall())
            conn.close()
        except psycopg2.Error:
            if time.time() > deadline:
                raise
            counts = {}
        if (counts and acked <= counts.keys()) or time.time() > deadline:
            return counts
        time.sleep(0.2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--via", choices=("haproxy", "libpq"), default="haproxy")
    parser.add_argument("--steady", type=float, default=3.0,
                        help="seconds of writes before, between and after the kills")
    args = parser.parse_args()
    directory = os.path.abspath(args.dir)
    uri = open(os.path.join(directory, "haproxy.uri" if args.via == "haproxy" else "database.uri")).read().strip()
    password = open(os.path.join(directory, "secrets", "guichet")).read().strip()

    cluster("up", directory)
    conn = psycopg2.connect(uri, connect_timeout=2)
    with conn, conn.cursor() as cur:
        # No unique constraint on n: a write acknowledged twice must show.
        cur.execute("DROP TABLE IF EXISTS writes")
        cur.execute("CREATE TABLE writes (seq bigserial PRIMARY KEY, n integer NOT NULL,"
                    " server text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())")
    conn.close()

    writer = Writer(uri)
    writer.start()
    time.sleep(args.steady)
    results = [phase(writer, directory, "kill-primary", args.steady, password),
               phase(writer, directory, "kill-patroni", args.steady, password)]
    writer.stop.set()
    writer.join(30)

    acked = {a[0] for a in writer.acked}
    lost, duplicates = {}, {}
    for name, address in sorted(NODES.items()):
        counts = rows_on(address, password, acked)
        lost[name] = len(acked - counts.keys())
        duplicates[name] = sum(1 for c in counts.values() if c > 1)
        log("%s holds %d rows: %d acknowledged rows missing, %d numbers twice" % (
            name, len(counts), lost[name], duplicates[name]))
    latencies = sorted(b[1] - a[1] for a, b in zip(writer.acked, writer.acked[1:]))
    log("via %s: %d acknowledged, %d failed attempts, %d in doubt (failed, found committed "
        "by the retry's read, not inserted again), median gap between commits %.1f ms" % (
            args.via, len(writer.acked), len(writer.failures), len(writer.in_doubt),
            1000 * latencies[len(latencies) // 2]))
    ok = max(lost.values()) == 0 and max(duplicates.values()) == 0 and \
        all(r["sync_names"] for r in results)
    print("cluster: acknowledged %d, lost %d, duplicates %d, failover %.1f s, "
          "patroni-kill failover %.1f s, failed writes %d, in doubt %d, via %s" % (
              len(writer.acked), max(lost.values()), max(duplicates.values()),
              results[0]["failover"], results[1]["failover"],
              results[0]["numbers"] + results[1]["numbers"], len(writer.in_doubt), args.via))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
