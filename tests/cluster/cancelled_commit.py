#!/usr/bin/python3
"""Shows why a handler must never cancel a COMMIT (docs/cluster.md).

    tests/cluster/cancelled_commit.py DIR

On a cluster started by tools/cluster/cluster.sh up: both standbys' WAL
receivers are paused (SIGSTOP), so no standby can confirm a commit; a
transaction with statement_timeout = 1 s then commits. PostgreSQL 15 turns
the statement timeout off before it commits, so the COMMIT is still waiting
3 s later; a cancel request (what a client-side timeout sends) then ends the
wait, and COMMIT answers success with a warning: the row is on the primary alone. The receivers are resumed (SIGCONT) at the
end whatever happens. Prints what COMMIT returned and the warning.
"""
import os
import signal
import subprocess
import sys
import threading
import time

import psycopg2


def walreceivers():
    out = subprocess.run(["ps", "-eo", "pid=,args="], check=True, stdout=subprocess.PIPE, text=True).stdout
    return [int(line.split()[0]) for line in out.splitlines() if "postgres: guichet: walreceiver" in line]


def main():
    directory = os.path.abspath(sys.argv[1])
    uri = open(os.path.join(directory, "haproxy.uri")).read().strip()
    conn = psycopg2.connect(uri, connect_timeout=2)
    with conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS cancelled_commit (n integer NOT NULL)")
    receivers = walreceivers()
    if len(receivers) != 2:
        raise SystemExit("cancelled_commit: expected 2 WAL receivers, found %d" % len(receivers))
    try:
        for pid in receivers:
            os.kill(pid, signal.SIGSTOP)
        started = time.time()
        with conn.cursor() as cur:
            cur.execute("SET statement_timeout = '1s'")
            cur.execute("INSERT INTO cancelled_commit VALUES (1)")
        committed = threading.Event()
        cancelled_at = []

        def cancel_later():
            if not committed.wait(3):
                print("cancelled_commit: after 3 s (statement_timeout 1 s) COMMIT still waits; sending a cancel")
                cancelled_at.append(time.time() - started)
                conn.cancel()
        canceller = threading.Thread(target=cancel_later)
        canceller.start()
        conn.commit()  # raises if COMMIT failed
        committed.set()
        canceller.join()
        elapsed = time.time() - started
        warnings = [n.strip().replace("\n", " ") for n in conn.notices]
        print("cancelled_commit: COMMIT returned success after %.1f s with no standby confirming it" % elapsed)
        for w in warnings:
            print("cancelled_commit: notice: " + w)
        found = any("canceling wait for synchronous replication" in w for w in warnings)
        print("cancelled_commit: %s" % ("the warning is the only sign that the commit is on one node"
                                          if found else "no warning (unexpected)"))
        return 0 if found else 1
    finally:
        for pid in receivers:
            os.kill(pid, signal.SIGCONT)
        conn.close()


if __name__ == "__main__":
    sys.exit(main())
