#!/usr/bin/python3
"""What a PostgreSQL store must translate: SQLite's dialect as Guichet uses it.

    tools/cluster/sqlite-dialect.py [--lines]

Reads (never changes) the SQL string literals of handlers/ and tools/ (C++,
tests apart) and the migrations in db/migrations/, and counts each SQLite-only
construct, by file. The table in docs/cluster.md ("Porting the store") is its
output; --lines also prints each place.
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# In the code's SQL literals (and, for the C API, in the code itself).
CODE = [
    ("numbered parameters ?N", r"\?\d+", "sql", "$N (libpq numbers from $1 too)"),
    ("bare ? parameters", r"\?(?!\d)", "sql", "$N"),
    ("ON CONFLICT ... DO UPDATE/NOTHING", r"ON CONFLICT", "sql",
     "same syntax in PostgreSQL (excluded. works); the target needs a matching unique index"),
    ("scalar max(a, b) / min(a, b)", r"\b(max|min)\s*\([^()]*,[^()]*\)", "sql", "GREATEST / LEAST"),
    ("SUM of a comparison", r"SUM\s*\([^()]*[<>=]", "sql", "count(*) FILTER (WHERE ...) or SUM((...)::int)"),
    ("boolean as integer (x IS NOT NULL read as 0/1)", r"\bIS NOT NULL\s*(,|FROM)", "sql",
     "a boolean column: read it as bool, or CASE WHEN ... THEN 1 ELSE 0 END"),
    ("BEGIN IMMEDIATE (one writer at a time)", r"BEGIN IMMEDIATE", "code",
     "BEGIN + an explicit lock: PostgreSQL runs writers concurrently"),
    ("write transactions (Transaction::write)", r"Transaction::write\b", "code",
     "each relies on being the only writer: a lock, or SERIALIZABLE with retry"),
    ("try_write transactions", r"Transaction::try_write\b", "code", "pg_try_advisory_xact_lock, or lock_timeout 0"),
    ("PRAGMA", r"PRAGMA \w+", "code", "server settings (postgresql.conf / Patroni), or nothing"),
    ("last_insert_id() (sqlite3_last_insert_rowid)", r"last_insert_id\(\)", "code", "INSERT ... RETURNING id"),
    ("changes() (sqlite3_changes)", r"\bchanges\(\)", "code", "PQcmdTuples, or RETURNING"),
    ("bind_blob (BLOB values)", r"bind_blob\(", "code", "bytea: binary parameter format, or hex"),
    ("INTEGER PRIMARY KEY (rowid) in code", r"INTEGER PRIMARY KEY", "sql", "bigint primary key"),
    ("SQLite C API calls", r"\bsqlite3_\w+\(", "code", "libpq (store/ only)"),
    ("SQLITE_ result codes", r"\bSQLITE_[A-Z_]+", "code", "SQLSTATE classes (08, 40001, 40P01, 53, 57P)"),
]

# In the migrations.
SCHEMA = [
    ("INTEGER columns", r"\bINTEGER\b", "bigint: SQLite's INTEGER is 64-bit, PostgreSQL's 32-bit "
     "(received_at, ms since the epoch, would overflow)"),
    ("INTEGER PRIMARY KEY (rowid alias)", r"INTEGER PRIMARY KEY", "bigint PRIMARY KEY, values given explicitly; "
     "GENERATED AS IDENTITY only where gaps do not matter (a sequence is not rolled back)"),
    ("AUTOINCREMENT", r"AUTOINCREMENT", "GENERATED ALWAYS AS IDENTITY"),
    ("BLOB columns", r"\bBLOB\b", "bytea"),
    ("WITHOUT ROWID tables", r"WITHOUT ROWID", "drop the clause"),
    ("triggers with RAISE(ABORT)", r"RAISE\s*\(\s*ABORT", "a plpgsql trigger function (or REVOKE UPDATE, DELETE)"),
    ("CREATE TRIGGER", r"CREATE TRIGGER", "CREATE TRIGGER ... EXECUTE FUNCTION"),
    ("DEFAULT expressions", r"DEFAULT\s*\(", "check each: SQLite functions inside"),
    ("CHECK constraints", r"\bCHECK\s*\(", "portable as written"),
    ("length() of a BLOB or TEXT in CHECK", r"CHECK\s*\([^;]*?length\(", "length(bytea) counts bytes, as SQLite's "
     "length(BLOB); length(text) counts characters in both"),
]


def literals(text):
    """C++ string literals, adjacent ones joined (SQL is split over lines)."""
    text = re.sub(r"//[^\n]*", "", text)
    out, joined, last_end = [], "", None
    for m in re.finditer(r'R"\((.*?)\)"|"((?:[^"\\\n]|\\.)*)"', text, re.S):
        piece = m.group(1) if m.group(1) is not None else m.group(2)
        if last_end is not None and text[last_end:m.start()].strip() == "":
            joined += piece
        else:
            if joined:
                out.append((last_line, joined))
            joined, last_line = piece, text.count("\n", 0, m.start()) + 1
        last_end = m.end()
    if joined:
        out.append((last_line, joined))
    return out


SQL_START = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|WITH|REPLACE|BEGIN|PRAGMA|DROP|ALTER)\b", re.I)


def count(patterns, sources, show):
    for name, regex, where, translation in patterns:
        per_file, places = {}, []
        for path, code, sql in sources:
            hits = []
            if where == "sql":
                for line, s in sql:
                    hits += [line] * len(re.findall(regex, s))
            else:
                hits = [code.count("\n", 0, m.start()) + 1 for m in re.finditer(regex, code)]
            if hits:
                per_file[path] = len(hits)
                places += ["%s:%d" % (path, h) for h in hits]
        total = sum(per_file.values())
        files = ", ".join("%s (%d)" % (os.path.relpath(p, ROOT), n) for p, n in sorted(per_file.items()))
        print("| %s | %d | %s | %s |" % (name, total, files or "-", translation))
        if show:
            for p in places:
                print("    " + os.path.relpath(p, ROOT))


def main():
    show = "--lines" in sys.argv
    code_files = sorted(f for pattern in ("handlers/**/*.cc", "handlers/**/*.h", "tools/**/*.cc", "tools/**/*.h")
                        for f in glob.glob(os.path.join(ROOT, pattern), recursive=True)
                        if not f.endswith("_test.cc") and not os.path.basename(f).startswith("test_"))
    sources = []
    for path in code_files:
        # Comments apart: a comment naming BEGIN IMMEDIATE is not a use of it.
        code = re.sub(r"//[^\n]*", "", open(path, encoding="utf-8").read())
        sql = [(line, s) for line, s in literals(code) if SQL_START.match(s)]
        sources.append((path, code, sql))
    print("| construct | count | files (count) | PostgreSQL |")
    print("| --- | --- | --- | --- |")
    count(CODE, sources, show)
    n_sql = sum(len(s) for _, _, s in sources)
    n_files = sum(1 for _, _, s in sources if s)
    print("\n%d SQL statements in %d files of handlers/ and tools/ (tests apart).\n" % (n_sql, n_files))
    migrations = sorted(glob.glob(os.path.join(ROOT, "db/migrations/*.sql")))
    print("| schema construct | count | migrations (count) | PostgreSQL |")
    print("| --- | --- | --- | --- |")
    for name, regex, translation in SCHEMA:
        per_file = {}
        for path in migrations:
            text = re.sub(r"--[^\n]*", "", open(path, encoding="utf-8").read())
            n = len(re.findall(regex, text))
            if n:
                per_file[path] = n
        files = ", ".join("%s (%d)" % (os.path.basename(p), n) for p, n in per_file.items())
        print("| %s | %d | %s | %s |" % (name, sum(per_file.values()), files or "-", translation))


if __name__ == "__main__":
    main()
