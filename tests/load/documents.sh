#!/bin/bash
# Where the documents' bytes live, measured (docs/cluster.md, "Documents"):
# uploads and reads through the real site on each store, each build given.
#
#   make bench-documents     or    tests/load/documents.sh
#
# For each store (STORE: sqlite,postgres), each build (BINS: "label=BIN ...",
# default "this=$GUICHET_BIN") and each size (SIZES, bytes): a fresh site, N
# seeded candidates, each uploading one distinct valid PDF of that size as
# its passport over C connections, then reading it back (the node's copy),
# then, on PostgreSQL, again once the node's folder is emptied (the
# database's copy, as a node that never had it). Also the space each copy
# takes: the folder, and document_bytes. The PostgreSQL server is bench's
# (tests/load/store.sh): one node, fsync and synchronous_commit on.
# Writes OUT/documents.md (default /tmp/guichet-bench-documents).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
N=${N:-200} C=${C:-8} SIZES=${SIZES:-1000000,4000000} STORES=${STORE:-sqlite,postgres}
BIN=${GUICHET_BIN:-$ROOT/build/bin}
BINS=${BINS:-this=$BIN}
OUT=${OUT:-/tmp/guichet-bench-documents}
CLAIM_WORKERS=${CLAIM_WORKERS:-2}
mkdir -p "$OUT"
. tests/load/store.sh
DATA=""
cleanup() {
    if [ -n "$DATA" ] && [ -d "$DATA" ]; then tools/site.sh stop "$DATA" > /dev/null 2>&1 || true; rm -rf "$DATA"; fi
    store_stop
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
field() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d[sys.argv[2]][sys.argv[3]] if sys.argv[2] in d else "-")' "$@"; }

report="$OUT/documents.md"
{
    echo "# Documents: uploads and reads on each store"
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores; command: \`N=$N C=$C SIZES=$SIZES STORE=$STORES BINS=\"$BINS\" tests/load/documents.sh\`"
    echo
    echo "| store | build | size | uploads/s | MB/s | upload p50 / p99 | reads/s (node's copy) | read p50 / p99 | reads/s (database's copy) | cold read p50 / p99 | failed | folder | document_bytes |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} > "$report"
IFS=, read -r -a stores <<< "$STORES"
IFS=, read -r -a sizes <<< "$SIZES"
for store in "${stores[@]}"; do
    for size in "${sizes[@]}"; do
        for build in $BINS; do
            label=${build%%=*} bin=${build#*=}
            DATA=$(mktemp -d /tmp/guichet-bench-docs-XXXXXX)
            port=$(free_port)
            store_start "$store" "$DATA"
            echo "== documents: store $store, build $label ($bin), $N × $size bytes, C=$C"
            GUICHET_BIN="$bin" GUICHET_TRUSTED_PROXIES=127.0.0.0/8 tools/site.sh start "$DATA" "$port" > "$DATA.start" 2>&1 ||
                { cat "$DATA.start"; exit 1; }
            "$bin/guichet-seed" --data "$DATA" --count "$N" --out "$DATA/seeded.txt" > /dev/null
            awk '{print $3}' "$DATA/seeded.txt" > "$DATA/tokens.txt"
            cold=""; [ "$store" = postgres ] && cold=--cold
            result=$(python3 tests/load/documents.py "http://127.0.0.1:$port" "$DATA/tokens.txt" "$DATA" \
                --size "$size" --concurrency "$C" $cold)
            echo "$result"
            folder="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["folder_mb"])' "$result") MB"
            kept="-"
            if [ "$store" = postgres ]; then
                kept="$(store_sql "SELECT round(pg_total_relation_size('document_bytes') / 1e6, 1)") MB"
            fi
            failed=$(( $(field "$result" upload failed) + $(field "$result" read failed) ))
            [ "$store" = postgres ] && failed=$(( failed + $(field "$result" read_cold failed) ))
            echo "| $store | $label | $size | $(field "$result" upload per_s) | $(field "$result" upload mb_per_s) | $(field "$result" upload p50_ms) / $(field "$result" upload p99_ms) ms | $(field "$result" read per_s) | $(field "$result" read p50_ms) / $(field "$result" read p99_ms) ms | $(field "$result" read_cold per_s) | $(field "$result" read_cold p50_ms) / $(field "$result" read_cold p99_ms) ms | $failed | $folder | $kept |" >> "$report"
            tools/site.sh stop "$DATA" > /dev/null 2>&1 || true
            rm -rf "$DATA" "$DATA.start"; DATA=""
            store_stop
        done
    done
done
cat "$report"
