#!/usr/bin/env python3
"""Shares of the claim burst's CPU, from a perf profile with call graphs.

    perf record -p <claim workers, nginx workers> --call-graph dwarf -F 299 -o perf.data -- sleep 6
    perf script -i perf.data | tools/perf/claim_shares.py

Each sample goes to the first category (in the order below) one of whose
frames is on its stack; nginx's samples are split into user and kernel.
"""
import re, sys
from collections import Counter

# (category, frame patterns), in priority order: a sample under the commit's
# checkpoint is a checkpoint, not a commit.
CATEGORIES = [
    ("WAL checkpoint (after a commit)", [r"sqlite3WalDefaultHook", r"sqlite3Checkpoint"]),
    ("commit: WAL write and fsync", [r"guichet::Transaction::commit"]),
    ("waiting for the write lock (BEGIN IMMEDIATE)", [r"busy_wait", r"guichet::Transaction::Transaction"]),
    ("session lookup", [r"guichet::find_session", r"guichet::require_session"]),
    ("dossier and compliance checks", [r"compute_compliance", r"load_dossier", r"dossier_digest",
                                       r"dossier_identity", r"identity_holder", r"account_email"]),
    ("receipt signing", [r"NoncePool::sign", r"ecdsa", r"sign_receipt", r"receipt_sign"]),
    ("placing, the rest (log, receipt text, writes)", [r"place_in_transaction"]),
    ("reads before the lock (earlier claim, window)", [r"guichet::claim::find_claim", r"load_window"]),
    ("response (JSON, headers)", [r"receipt_response", r"json_dump", r"guichet::claim::\(anonymous namespace\)::answer"]),
    ("libfcgi (requests in and out)", [r"FCGX_", r"libfcgi", r"serve_fastcgi"]),
    ("thread wake-ups (futex, scheduler)", [r"futex", r"pthread_cond", r"condition_variable", r"__schedule",
                                            r"Committer::submit", r"Committer::run"]),
]

def classify(comm, frames):
    if comm.startswith("nginx"):
        return "nginx (kernel)" if frames and "kernel.kallsyms" in frames[0][1] else "nginx (user)"
    text = "\n".join(sym + " " + dso for sym, dso in frames)
    for name, patterns in CATEGORIES:
        if any(re.search(p, text) for p in patterns):
            return name
    if frames and "kernel.kallsyms" in frames[0][1]:
        return "kernel, other"
    return "other"

counts, total = Counter(), 0
comm, frames = None, []
def flush():
    global total
    if comm is not None:
        counts[classify(comm, frames)] += 1
        total += 1
for line in sys.stdin:
    if not line.strip():
        flush(); comm, frames = None, []
    elif not line.startswith((" ", "\t")):
        flush(); comm, frames = line.split()[0], []
    else:
        parts = line.split(None, 1)
        if len(parts) == 2:
            sym, _, dso = parts[1].rpartition(" (")
            frames.append((sym, "(" + dso.strip()))
flush()
print(f"| share | what ({total} samples) |")
print("| --- | --- |")
for name, n in counts.most_common():
    print(f"| {100.0 * n / max(total, 1):.1f} % | {name} |")
