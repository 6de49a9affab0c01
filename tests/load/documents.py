#!/usr/bin/env python3
"""Uploads and reads of documents through a running site (tests/load/documents.sh).

    documents.py URL TOKENS DATA --size BYTES --concurrency C [--cold]

TOKENS: one session cookie a line (guichet-seed's third column); each
candidate uploads one distinct, valid PDF of BYTES as its passport (a
replacement of the seeded one), then reads it back twice: once as it is
(the node's own copy), then, with --cold, after DATA/documents/ has been
emptied, as a node that never had it (from the database's copy, PostgreSQL).
Each candidate has its own client address (X-Forwarded-For: the site must
trust the loopback), as the crowd would. Prints one JSON object.
"""
import argparse
import glob
import http.client
import json
import os
import random
import threading
import time
import urllib.parse


NO_LINE_ENDS = bytes.maketrans(b"\n\r", b"  ")


def valid_pdf(size, seed):
    """A one-page PDF of exactly `size` bytes (tests/fixtures/document_bytes.h), padded by a comment line of
    pseudo-random bytes from seed: incompressible, as a scan is, so that no store's compression flatters it."""
    noise = random.Random(seed).randbytes(size).translate(NO_LINE_ENDS)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>",
        b"<< /Length 5 >>\nstream\nBT ET\nendstream",
    ]

    def build(padding):
        fill = noise[:padding]
        out = b"%PDF-1.4\n%" + fill + b"\n"
        xref = b"xref\n0 5\n0000000000 65535 f \n"
        for i, obj in enumerate(objects):
            xref += b"%010d 00000 n \n" % len(out)
            out += b"%d 0 obj\n" % (i + 1) + obj + b"\nendobj\n"
        at = len(out)
        return out + xref + b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % at

    padding = size - len(build(0))
    while True:
        pdf = build(padding)
        if len(pdf) == size:
            return pdf
        if len(pdf) < size:
            return pdf + b"\n" * (size - len(pdf))
        padding -= 1


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else 0


def run(url, tokens, work):
    """work(connection, index, token) -> (ok, seconds), over C threads; returns (wall seconds, latencies, failures)."""
    parsed = urllib.parse.urlsplit(url)
    latencies, failures, lock = [], [], threading.Lock()
    queue = list(enumerate(tokens))
    queue.reverse()

    def worker():
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
        while True:
            with lock:
                if not queue:
                    return
                index, token = queue.pop()
            try:
                started = time.monotonic()
                status = work(connection, index, token)
                elapsed = time.monotonic() - started
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
                status, elapsed = str(error), 0
            with lock:
                (latencies.append(elapsed) if status in (200, 201) else failures.append(status))

    threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - started, latencies, failures


def headers(index, token):
    return {"Cookie": "guichet_session=" + token, "Origin": args.url,
            "X-Forwarded-For": "10.%d.%d.%d" % (index >> 16 & 255, index >> 8 & 255, index & 255)}


def upload(connection, index, token):
    body = bodies[index]
    connection.request("PUT", "/api/documents/passport", body,
                       dict(headers(index, token), **{"Content-Type": "application/pdf"}))
    response = connection.getresponse()
    response.read()
    return response.status


def read_back(connection, index, token):
    connection.request("GET", "/api/documents/passport", headers=headers(index, token))
    response = connection.getresponse()
    body = response.read()
    ok = response.status == 200 and body == bodies[index]
    return response.status if ok else "wrong bytes (%d)" % response.status


def summary(name, result):
    wall, latencies, failures = result
    return {name: {"ok": len(latencies), "failed": len(failures), "first_failures": [str(f) for f in failures[:3]],
                   "per_s": round(len(latencies) / wall, 1) if wall else 0,
                   "mb_per_s": round(len(latencies) * args.size / wall / 1e6, 1) if wall else 0,
                   "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
                   "p99_ms": round(percentile(latencies, 0.99) * 1000, 1)}}


parser = argparse.ArgumentParser()
parser.add_argument("url")
parser.add_argument("tokens")
parser.add_argument("data")
parser.add_argument("--size", type=int, default=1000000)
parser.add_argument("--concurrency", type=int, default=8)
parser.add_argument("--cold", action="store_true")
args = parser.parse_args()
with open(args.tokens) as f:
    tokens = [line.strip() for line in f if line.strip()]
# Made before the clock starts: the load generator shares the cores with the site.
bodies = [valid_pdf(args.size, index) for index in range(len(tokens))]
out = {"documents": len(tokens), "size": args.size, "concurrency": args.concurrency}
out.update(summary("upload", run(args.url, tokens, upload)))
out.update(summary("read", run(args.url, tokens, read_back)))
stored = glob.glob(os.path.join(args.data, "documents", "[0-9a-f]" * 64))
out["folder_mb"] = round(sum(os.path.getsize(path) for path in stored) / 1e6, 1)
if args.cold:
    for path in stored:
        os.unlink(path)
    out.update(summary("read_cold", run(args.url, tokens, read_back)))
print(json.dumps(out))
