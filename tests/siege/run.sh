#!/bin/bash
# The siege (docs/security.md, "The siege"): a site of its own, its whole data
# folder on a small disk made for the run, N legitimate candidates claiming at
# opening while attackers, each from a loopback address of its own, hold slow
# bodies on every pool, spray wrong passwords at VICTIMS known accounts, and
# sign up and upload junk to fill the disk. Then the checks:
#   - every legitimate candidate answered (201 or 200 with a receipt), and when the last was;
#   - every victim logged in with their own password, first time;
#   - every acknowledged claim is in the database with the rank it was given, none twice;
#   - no slow-body attacker held more than its per-client share of a pool;
#   - the disk attack was stopped by the reserve (uploads_paused), the database intact.
# Ends with one line "siege: ...". Needs root (mount).
#
#   tests/siege/run.sh            N=5000 VICTIMS=100 on a 256 MB loop-mounted ext4 (make siege)
#   tests/siege/run.sh --short    N=600 VICTIMS=20 on a 96 MB tmpfs (make siege-short, in make check)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
if [ "${1:-}" = --short ]; then
    : "${N:=600}" "${VICTIMS:=20}" "${SLOW:=70}" "${SPRAYERS:=10}" "${FILLERS:=2}" "${DISK_MB:=96}" "${RESERVE_MB:=32}" "${FS:=tmpfs}"
else
    : "${N:=5000}" "${VICTIMS:=100}" "${SLOW:=100}" "${SPRAYERS:=20}" "${FILLERS:=3}" "${DISK_MB:=256}" "${RESERVE_MB:=64}" "${FS:=ext4}"
fi
PLACES=${PLACES:-$((N / 2))}
BIN=${GUICHET_BIN:-$ROOT/build/bin}
export GUICHET_BIN=$BIN GUICHET_UPLOAD_RESERVE_MB=$RESERVE_MB
# A small receipt-nonce pool: the default (50,000 per claim worker) keeps a core
# busy for minutes after every start; claims past the pool are signed the slow way.
export GUICHET_CLAIM_NONCES=${GUICHET_CLAIM_NONCES:-512}
unset GUICHET_TRUSTED_PROXIES   # each attacker is the address it connects from
OUT=${OUT:-$ROOT/tests/output/siege}
mkdir -p "$OUT"
ulimit -n 20000
[ "$(id -u)" -eq 0 ] || { echo "siege: needs root (it mounts the small disk)" >&2; exit 2; }

DATA=$(mktemp -d /tmp/guichet-siege-XXXXXX) WORK=$(mktemp -d /tmp/guichet-siege-work-XXXXXX) IMAGE=""
cleanup() {
    tools/site.sh stop "$DATA" > /dev/null 2>&1 || true
    umount "$DATA" 2>/dev/null || umount -l "$DATA" 2>/dev/null || true
    rm -rf "$DATA" "$WORK"; [ -z "$IMAGE" ] || rm -f "$IMAGE"
}
trap cleanup EXIT
case $FS in
    tmpfs) mount -t tmpfs -o "size=${DISK_MB}m,mode=0755" tmpfs "$DATA" ;;
    ext4) IMAGE=$DATA.img; truncate -s "${DISK_MB}M" "$IMAGE"; mkfs.ext4 -q -m 0 "$IMAGE"; mount -o loop "$IMAGE" "$DATA" ;;
    *) echo "FS must be tmpfs or ext4" >&2; exit 2 ;;
esac
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
tools/site.sh start "$DATA" "$PORT" > "$WORK/site.log"
"$BIN/guichet-seed" --data "$DATA" --count "$N" --out "$WORK/seeded.txt" > /dev/null
sqlite3 -cmd ".timeout 5000" "$DATA/guichet.db" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null

# The victims: real accounts with real passwords, each made from its own address.
python3 - "$PORT" "$VICTIMS" "$WORK/victims.json" "$DATA/mail" <<'EOF'
import asyncio, json, sys
sys.path.insert(0, "tests/siege")
import siege
port, count, out, mail_dir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
victims = [["victim-%d@example.test" % v, "victim's own passphrase %d" % v] for v in range(count)]
async def make():
    site = siege.Site(port, "guichet_session")
    gate = asyncio.Semaphore(8)   # as many as the accounts pool hashes at once, not a storm
    async def signup(v, e, p):
        async with gate:
            for _ in range(10):
                answer = await site.request(siege.address(2, v), "POST", "/api/accounts", json.dumps(
                    {"email": e, "password": p, "name": "Victim", "lang": "en"}).encode())
                if answer[0] != 503: return answer
                await asyncio.sleep(siege.retry_after(answer[1]))
            return answer
    answers = await asyncio.gather(*[signup(v, e, p) for v, (e, p) in enumerate(victims)])
    bad = [a[0] for a in answers if a[0] != 202]
    if bad: sys.exit("victims: signup answered %s" % bad)
    # Each victim follows the link in their message, as its owner does.
    verified = await asyncio.gather(*[siege.verify(site, siege.address(2, v), mail_dir, e)
                                      for v, (e, p) in enumerate(victims)])
    bad = [s for s in verified if s != 200]
    if bad: sys.exit("victims: verification answered %s" % bad)
asyncio.run(make())
json.dump(victims, open(out, "w"))
EOF

OPENS_MS=$(( $(date +%s%3N) + 8000 ))   # the attackers have 8 s to take their positions
"$BIN/guichet-admin" --data "$DATA" window set --opens-at "$(date -u -d "@$((OPENS_MS / 1000))" +%Y-%m-%dT%H:%M:%SZ)" \
    --closes-at +7200 --places "$PLACES" > /dev/null
cat > "$WORK/config.json" <<EOF
{"port": $PORT, "opens_at_ms": $(( OPENS_MS / 1000 * 1000 )), "seeded": "$WORK/seeded.txt",
 "victims": $(cat "$WORK/victims.json"), "slow_per_route": $SLOW, "sprayers": $SPRAYERS, "spray_failures": ${SPRAY_FAILURES:-10},
 "fillers": $FILLERS, "cookie": "guichet_session", "max_seconds": 240, "mail_dir": "$DATA/mail"}
EOF
say "siege: N=$N VICTIMS=$VICTIMS, $SLOW slow bodies on each of 5 routes, $SPRAYERS sprayers, $FILLERS fillers, ${DISK_MB} MB $FS (reserve ${RESERVE_MB} MB)"
python3 tests/siege/siege.py "$WORK/config.json" "$WORK/result.json"
sqlite3 -cmd ".timeout 5000" "$DATA/guichet.db" "SELECT account_id, rank, claim_id FROM claims" > "$WORK/claims.txt"
integrity=$(sqlite3 -cmd ".timeout 5000" "$DATA/guichet.db" "PRAGMA integrity_check")
cp "$WORK/result.json" "$OUT/result.json"
df -k --output=avail "$DATA" | tail -1 > "$WORK/free_kb"
python3 tests/siege/report.py "$WORK/result.json" "$WORK/claims.txt" "$integrity" "$DATA/nginx.conf" "$(cat "$WORK/free_kb")" |
    tee "$OUT/summary.txt"
exit "${PIPESTATUS[0]}"
