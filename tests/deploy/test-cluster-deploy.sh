#!/bin/bash
# deploy.sh --server --inventory: a whole cluster deployed from one inventory,
# each machine a Debian 12 container booted with systemd as PID 1 (three db
# machines, two fronts, one load balancer), then a candidate's path through the
# load balancer, the loss of the database primary's machine and of a front
# machine, and a second deployment of each role that changes nothing.
# Run by `make deploy-cluster-test`; needs root. Each machine has its own
# network namespace and address on a private bridge (10.213.0.0/24, this host
# 10.213.0.1), so what each connection comes from is what pg_hba and the
# fronts' trusted proxies see on real servers.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
[ "$(id -u)" -eq 0 ] || { echo "deploy-cluster-test: needs root (debootstrap, systemd-nspawn)" >&2; exit 2; }
failures=0
pass() { echo "ok   - $1"; }
fail() { echo "FAIL - $1"; failures=$((failures + 1)); }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

tools/install-deps.sh nspawn
make -s -j"$(nproc)" all
M=$(mktemp -d /var/tmp/guichet-cluster-deploy.XXXXXX)
. tests/deploy/nspawn.sh
cleanup() {
    if [ -n "${GUICHET_NSPAWN_KEEP:-}" ]; then echo "# kept: $M"; return; fi
    nspawn_stop_all; rm -rf "$M"
}
trap cleanup EXIT
nspawn_image
IMAGE=$(nspawn_image_with cluster db lb)

DOMAIN=guichet.test
HTTPS_PORT=443 HTTP_PORT=80
mkdir -p "$M/cfg"
cat > "$M/cfg/inventory" <<EOF
# role  name    address
db      db1     10.213.0.11
db      db2     10.213.0.12
db      db3     10.213.0.13
front   front1  10.213.0.21
front   front2  10.213.0.22
lb      lb1     10.213.0.30
set domain $DOMAIN
# Patroni's timings of the local cluster (docs/cluster.md), not the production defaults (30, 10, 10).
set patroni_ttl 10
set patroni_loop_wait 1
set patroni_retry_timeout 4
set lb_maxconn 4000
EOF
./deploy.sh --server --inventory "$M/cfg/inventory" --make-secrets "$M/cfg/secrets" > /dev/null
secrets_before=$(cd "$M/cfg/secrets" && find . -type f -exec sha256sum {} + | sort)
made_again() {  # refused, saying why, and the secrets untouched
    local out
    out=$(./deploy.sh --server --inventory "$M/cfg/inventory" --make-secrets "$M/cfg/secrets" 2>&1) && return 1
    [[ $out == *"made once (never replaced)"* ]] &&
        [ "$(cd "$M/cfg/secrets" && find . -type f -exec sha256sum {} + | sort)" = "$secrets_before" ]
}
check "the secrets are made once, never replaced" made_again
declare -A ADDRESS=([db1]=10.213.0.11 [db2]=10.213.0.12 [db3]=10.213.0.13 [front1]=10.213.0.21 [front2]=10.213.0.22 [lb1]=10.213.0.30)
# Three fronts hold about 450 database connections: PostgreSQL's default 400 would refuse some on opening day.
{ grep -v '^set' "$M/cfg/inventory"; echo "front front3 10.213.0.23"; echo "set domain $DOMAIN"; } > "$M/three-fronts"
refused_for_connections() {
    local out
    out=$(./deploy.sh --server --inventory "$M/three-fronts" --make-secrets "$M/unused" 2>&1) && return 1
    [[ $out == *"'set max_connections' to at least 460"* ]] && [ ! -e "$M/unused" ]
}
check "an inventory whose fronts need more connections than PostgreSQL admits is refused" refused_for_connections
MACHINES="db1 db2 db3 front1 front2 lb1"
for machine in $MACHINES; do nspawn_boot "$machine" "$IMAGE" "${ADDRESS[$machine]}" --bind-ro="$M/cfg:/cfg"; done
for machine in $MACHINES; do nspawn_wait "$machine"; done
deploy() {  # deploy MACHINE [ARG..]: its deployment's output in $M/MACHINE.deployN
    local machine=$1; shift
    nspawn_in "$machine" bash -c "cd /src && ./deploy.sh --server --inventory /cfg/inventory --name $machine --secrets /cfg/secrets $*"
}

echo "# the db machines, all three at once"
declare -A deploying=()
for machine in db1 db2 db3; do deploy "$machine" > "$M/$machine.deploy1" 2>&1 & deploying[$machine]=$!; done
for machine in db1 db2 db3; do
    if wait "${deploying[$machine]}"; then pass "deploy.sh on $machine"; else tail -20 "$M/$machine.deploy1"; fail "deploy.sh on $machine"; fi
done
members() { nspawn_in db1 etcdctl --endpoints=http://10.213.0.11:2379 member list 2>/dev/null | grep -c started || true; }
patroni_list() { nspawn_in "$1" runuser -u postgres -- patronictl -c /etc/patroni/config.yml list -f json 2>/dev/null; }
roles() {  # the members' roles, each with ":up" when its PostgreSQL runs (Patroni 3.0 says running, later ones streaming)
    patroni_list "$1" | python3 -c 'import json,sys
print(" ".join(sorted(m["Role"] + (":up" if m["State"] in ("running", "streaming") else ":" + m["State"]) for m in json.load(sys.stdin))))' 2>/dev/null
}
leader_seen_by() {  # the member Patroni calls the leader, as MACHINE sees it
    patroni_list "$1" | python3 -c 'import json,sys; print([m["Member"] for m in json.load(sys.stdin) if m["Role"] == "Leader"][0])'
}
formed=""
for _ in $(seq 120); do
    formed=$(roles db1 || true)
    [ "$formed" = "Leader:up Replica:up Sync Standby:up" ] && break
    sleep 1
done
check "etcd has three members" [ "$(members)" = 3 ]
check "Patroni: a leader, a synchronous standby, a replica (got: $formed)" \
    [ "$formed" = "Leader:up Replica:up Sync Standby:up" ]
for machine in db1 db2 db3; do
    check "$machine: etcd and Patroni are systemd's, enabled" \
        nspawn_in "$machine" systemctl is-enabled --quiet etcd.service patroni.service
    check "$machine: Debian's main cluster was not made" nspawn_in "$machine" test ! -e /etc/postgresql/15/main
done
listening=$(nspawn_in db1 ss -Hltn 'sport = :5432' | awk '{print $4}' | tr '\n' ' ')
check "PostgreSQL listens on db1's address only (got: $listening)" [ "$listening" = "10.213.0.11:5432 " ]
refused=$(PGPASSWORD=$(cat "$M/cfg/secrets/db/guichet") PGCONNECT_TIMEOUT=3 psql -h 10.213.0.11 -U guichet -d guichet -c 'SELECT 1' 2>&1 || true)
check "db1 refuses the application's role from this host, not in the inventory" grep -q 'no pg_hba.conf entry for host "10.213.0.1"' <<< "$refused"

echo "# the fronts (one after the other: the first makes the schema), then the load balancer"
for machine in front1 front2; do
    if deploy "$machine" --no-install --no-build > "$M/$machine.deploy1" 2>&1; then pass "deploy.sh on $machine"
    else tail -30 "$M/$machine.deploy1"; fail "deploy.sh on $machine"; exit 1; fi
done
if deploy lb1 > "$M/lb1.deploy1" 2>&1; then pass "deploy.sh on lb1"; else tail -30 "$M/lb1.deploy1"; fail "deploy.sh on lb1"; exit 1; fi
check "the fronts share the keys" [ "$(nspawn_in front1 sha256sum /var/lib/guichet/keys/receipt.key | cut -c1-64)" = \
                                   "$(nspawn_in front2 sha256sum /var/lib/guichet/keys/receipt.key | cut -c1-64)" ]
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST -d '{}' http://10.213.0.11:8008/restart || true)
check "Patroni's API refuses to restart PostgreSQL for a machine not in the inventory (got $code)" grep -qx '40[13]' <<< "$code"
allowed=$(nspawn_in front1 systemctl show -p IPAddressAllow --value guichet-claim.service)
denied=$(nspawn_in front1 systemctl show -p IPAddressDeny --value guichet-claim.service)
check "a front's claim pool may reach the db machines only (allow: $allowed; deny: $denied)" \
    bash -c "[[ '$allowed' == *10.213.0.11* && '$allowed' == *10.213.0.13* && -n '$denied' ]]"
check "front1 has no SQLite backup timer (the standbys keep the database)" \
    nspawn_in front1 bash -c '! systemctl is-enabled --quiet guichet-backup.timer'

LB=https://$DOMAIN   # port 443: the origin has no port
via() {  # via ADDRESS CURL_ARG..: to the site as one machine answers it
    local address=$1; shift
    curl -sk --max-time 15 --resolve "$DOMAIN:$HTTPS_PORT:$address" -H "Origin: $LB" "$@"
}
lb() { via 10.213.0.30 "$@"; }
waited_for() {  # waited_for SECONDS CMD..: true once CMD is
    local i
    for i in $(seq "$(( $1 * 5 ))"); do "${@:2}" && return 0; sleep 0.2; done
    return 1
}
home_via_lb() { [ "$(lb -o /dev/null -w '%{http_code}' "$LB/")" = 200 ]; }
check "the home page answers through the load balancer" waited_for 20 home_via_lb
check "plain HTTP is redirected to HTTPS" \
    bash -c "curl -s -o /dev/null -w '%{http_code} %{redirect_url}' --resolve '$DOMAIN:$HTTP_PORT:10.213.0.30' 'http://$DOMAIN:$HTTP_PORT/x' | grep -qx '301 $LB/x'"

echo "# what one front's staff set, every front serves"
nspawn_in front1 /usr/local/sbin/guichet-admin banner set --level outage --fr "Panne technique" --en "Technical outage" > /dev/null
banner_on() { via "$1" "$LB/" | grep -q "Panne technique"; }
check "the banner set on front1 is in front2's pages" waited_for 10 banner_on 10.213.0.22
nspawn_in front2 /usr/local/sbin/guichet-admin window set --opens-at +0 --closes-at +3600 --places 10 > /dev/null
seeded=$(nspawn_in front1 bash -c 'set -a; . /etc/guichet/guichet.env; set +a;
    exec setpriv --reuid=guichet --regid=guichet --init-groups -- /src/build/bin/guichet-seed --count 3')
check "three candidates seeded" [ "$(wc -l <<< "$seeded")" = 3 ]
cookie() { echo "__Host-guichet_session=$(awk -v n="$1" 'NR == n { print $3 }' <<< "$seeded")"; }

cp tests/fixtures/documents/valid.pdf "$M/valid.pdf"
status=$(lb -o /dev/null -w '%{http_code}' -X PUT --data-binary @"$M/valid.pdf" -H 'Content-Type: application/pdf' \
         -b "$(cookie 1)" "$LB/api/documents/passport")
check "an upload through the load balancer is stored (got $status)" [ "$status" = 201 ]
sha=$(sha256sum < "$M/valid.pdf" | cut -c1-64)
for address in 10.213.0.21 10.213.0.22; do
    check "front $address serves the document back, byte for byte" \
        [ "$(via "$address" -b "$(cookie 1)" "$LB/api/documents/passport" | sha256sum | cut -c1-64)" = "$sha" ]
done

claim() {  # claim N FILE: candidate N's claim through the load balancer; true once a receipt is had
    lb -b "$(cookie "$1")" -X POST -H 'Content-Type: application/json' --data '{}' "$LB/api/claim" > "$2" 2>/dev/null || true
    grep -q '"signature"' "$2"
}
rank_of() {  # the rank in a claim's answer (its receipt is the signed text, a JSON string)
    python3 -c 'import json,sys; print(json.loads(json.load(open(sys.argv[1]))["receipt"])["rank"])' "$1" 2>/dev/null || true
}
check "candidate 1's claim is granted" claim 1 "$M/claim1"
client_seen() {  # the front that took it logged this host's address, not the load balancer's
    local machine
    for machine in front1 front2; do
        nspawn_in "$machine" grep -q '"remote":"10.213.0.1","method":"POST","uri":"/api/claim"' /var/log/guichet/access.log && return 0
    done
    return 1
}
# (nginx writes its access log through a buffer: within its flush interval)
check "the front saw the client's own address (X-Forwarded-For from the load balancer)" waited_for 15 client_seen
via 10.213.0.22 -o "$M/receipt.pem" "$LB/keys/receipt.pem"
check "its receipt verifies with the key front2 serves" build/bin/guichet-verify --key "$M/receipt.pem" "$M/claim1"

leader=$(leader_seen_by db1)
echo "# the application's connections to the primary ($leader), by front:"
nspawn_in "$leader" runuser -u postgres -- psql -Atc \
    "SELECT client_addr, count(*) FROM pg_stat_activity WHERE usename = 'guichet' GROUP BY 1 ORDER BY 1" | sed 's/^/#   /'
echo "# the database primary's machine is lost"
survivor=db1; [ "$leader" != db1 ] || survivor=db2
started=$(date +%s.%N)
nspawn_kill "$leader"
echo "# killed $leader"
check "candidate 2's claim is granted after the failover" waited_for 90 claim 2 "$M/claim2"
failover=$(python3 -c "import time; print(round(time.time() - $started, 1))")
echo "# a claim answered again $failover s after the primary's machine died"
new_leader=$(leader_seen_by "$survivor" || true)
check "a new leader ($new_leader), not $leader" bash -c "[ -n '$new_leader' ] && [ '$new_leader' != '$leader' ]"
lb -b "$(cookie 1)" "$LB/api/claim" > "$M/again1" || true
check "candidate 1's receipt is still there, rank 1 (got $(rank_of "$M/again1"))" [ "$(rank_of "$M/again1")" = 1 ]
check "candidate 2 has rank 2 (got $(rank_of "$M/claim2"))" [ "$(rank_of "$M/claim2")" = 2 ]

echo "# a front machine is lost"
nspawn_kill front1
check "candidate 3's claim is granted through the other front" waited_for 30 claim 3 "$M/claim3"
check "candidate 3 has rank 3 (got $(rank_of "$M/claim3"))" [ "$(rank_of "$M/claim3")" = 3 ]

echo "# a second deployment of each role changes nothing"
deploy "$survivor" > "$M/$survivor.deploy2" 2>&1 || fail "second deployment of $survivor"
check "$survivor: 0 files changed" grep -q "0 file(s) changed on $survivor" "$M/$survivor.deploy2"
deploy front2 --no-install --no-build > "$M/front2.deploy2" 2>&1 || fail "second deployment of front2"
check "front2: 0 changes" grep -q "deploy: 0 change(s) applied" "$M/front2.deploy2"
grep -q "deploy: 0 change(s) applied" "$M/front2.deploy2" || grep '^  ' "$M/front2.deploy2" | head -20   # what changed
nothing_to_check() { deploy front2 --no-install --no-build --check > "$M/front2.check" 2>&1; }
check "front2: deploy --check finds nothing to change" nothing_to_check
deploy lb1 > "$M/lb1.deploy2" 2>&1 || fail "second deployment of lb1"
check "lb1: 0 files changed" grep -q "0 file(s) changed on lb1" "$M/lb1.deploy2"
for machine in "$survivor" front2 lb1; do
    failed_units=$(nspawn_in "$machine" systemctl list-units --failed --plain --no-legend | awk '{print $1}' | tr '\n' ' ')
    check "$machine: no unit failed (got: ${failed_units:-none})" [ -z "$failed_units" ]
done

if [ "$failures" -gt 0 ]; then
    for machine in front2 lb1 "$survivor"; do
        echo "# $machine's deployment"; tail -5 "$M/$machine.deploy1" || true
        echo "# $machine's journal"; nspawn_in "$machine" journalctl --no-pager -n 15 -p warning || true
    done
    echo "deploy-cluster-test: $failures failure(s)"; exit 1
fi
echo "deploy-cluster-test: all passed in $SECONDS s (a claim answered again $failover s after the primary's machine died)"
