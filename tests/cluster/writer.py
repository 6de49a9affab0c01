"""The writer of tests/cluster/failover.py: numbered rows, one transaction each.

A row counts as acknowledged only once its COMMIT has returned without error
and without the warning PostgreSQL gives when a wait for the synchronous
standby was cancelled (the commit is then local only: not acknowledged).

A write that fails is retried with the same number, as a claim's retry would
be; the retry first reads whether the failed attempt committed anyway (an
"in doubt" write: it reached the server, the answer did not come back), and
inserts only if it did not. A commit that takes longer than commit_timeout is
given up by closing the connection, never by cancelling it: cancelling the
wait for the standby returns success (see docs/cluster.md).
"""
import select
import threading
import time

import psycopg2
import psycopg2.extensions as ext

CANCELLED_SYNC_WAIT = "canceling wait for synchronous replication"


class Timeout(Exception):
    pass


def wait(conn, deadline):
    """Drives an asynchronous psycopg2 connection until done or the deadline."""
    while True:
        state = conn.poll()
        if state == ext.POLL_OK:
            return
        remaining = deadline - time.time()
        if remaining <= 0:
            raise Timeout("no answer in time")
        fd = conn.fileno()
        if state == ext.POLL_READ:
            select.select([fd], [], [], remaining)
        elif state == ext.POLL_WRITE:
            select.select([], [fd], [], remaining)


class Writer(threading.Thread):
    def __init__(self, uri, commit_timeout=5.0, connect_timeout=1.0):
        super().__init__(daemon=True)
        self.uri = uri
        self.commit_timeout = commit_timeout
        self.connect_timeout = connect_timeout
        self.stop = threading.Event()
        self.acked = []      # (n, time the commit returned, server address)
        self.failures = []   # (n, time, error)
        self.in_doubt = []   # n whose failed attempt turned out committed
        self.conn = None
        self.server = None

    def connect(self):
        conn = psycopg2.connect(self.uri, async_=1, application_name="failover-writer",
                                keepalives=1, keepalives_idle=1, keepalives_interval=1,
                                keepalives_count=2, tcp_user_timeout=2000)
        deadline = time.time() + self.connect_timeout
        wait(conn, deadline)
        cur = conn.cursor()
        cur.execute("SELECT host(inet_server_addr()), pg_is_in_recovery()")
        wait(conn, deadline)
        server, in_recovery = cur.fetchone()
        if in_recovery:
            conn.close()
            raise psycopg2.OperationalError("connected to a standby (%s)" % server)
        self.conn, self.server = conn, server

    def run_statement(self, sql, args=()):
        cur = self.conn.cursor()
        del self.conn.notices[:]
        cur.execute(sql, args)
        wait(self.conn, time.time() + self.commit_timeout)
        return cur

    def drop_connection(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except psycopg2.Error:
                pass
        self.conn = self.server = None

    def write(self, n, retrying):
        if self.conn is None:
            self.connect()
        if retrying:
            cur = self.run_statement("SELECT count(*) FROM writes WHERE n = %s", (n,))
            if cur.fetchone()[0] > 0:
                self.in_doubt.append(n)
                return
        self.run_statement("BEGIN; INSERT INTO writes (n, server) VALUES (%s, %s); COMMIT",
                           (n, self.server))
        if any(CANCELLED_SYNC_WAIT in notice for notice in self.conn.notices):
            raise psycopg2.OperationalError("commit not confirmed by the standby")
        self.acked.append((n, time.time(), self.server))

    def run(self):
        n, retrying = 1, False
        while not self.stop.is_set():
            try:
                self.write(n, retrying)
                n, retrying = n + 1, False
            except (psycopg2.Error, Timeout) as e:
                self.failures.append((n, time.time(), str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__))
                self.drop_connection()
                retrying = True
                time.sleep(0.05)
        self.drop_connection()
