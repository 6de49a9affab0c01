#!/bin/sh
# Installs the Debian packages Guichet needs, only those missing.
#   tools/install-deps.sh run    what building and running the site needs
#   tools/install-deps.sh test   that, plus what the tests need (the cluster's packages included)
#   tools/install-deps.sh bench  that, plus what make bench needs
#   tools/install-deps.sh fuzz   that, plus clang and libFuzzer
#   tools/install-deps.sh server that, plus what deploy.sh --server needs
#   tools/install-deps.sh chaos  what building and running needs, plus what make chaos needs
#   tools/install-deps.sh cluster what tools/cluster/cluster.sh and make cluster-failover need:
#                                PostgreSQL 15, Patroni, etcd (server and etcdctl), haproxy, psycopg2
#   tools/install-deps.sh db     a cluster's database node (deploy.sh --server, role db): PostgreSQL 15,
#                                Patroni, etcd; installed with no cluster made and no daemon started
#                                (Debian's main cluster and single-member etcd would be in the way)
#   tools/install-deps.sh lb     a cluster's load balancer (role lb): haproxy
#   tools/install-deps.sh mta    postfix alone (deploy.sh --server --smtp-relay), preseeded as a
#                                satellite: no question asked, loopback only from the start
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -eu

RUN_PACKAGES="g++ make pkg-config libfcgi-dev libsqlite3-dev libpq-dev libmbedtls-dev libjansson-dev libseccomp-dev libcurl4-openssl-dev libargon2-dev nginx spawn-fcgi multiwatch sqlite3 curl iso-codes"
# postgresql-15: the throwaway server of the store's tests (tools/pg-test.sh).
TEST_PACKAGES="doctest-dev python3-aiosmtpd procps psmisc wrk python3 postgresql-15"
BENCH_PACKAGES="wrk gnuplot-nox python3 postgresql-15 python3-psycopg2"
FUZZ_PACKAGES="clang libclang-rt-14-dev"
SERVER_PACKAGES="openssl logrotate"
CHAOS_PACKAGES="procps wrk python3 e2fsprogs"
NSPAWN_PACKAGES="debootstrap systemd-container util-linux python3"
MTA_PACKAGES="postfix ca-certificates"
DB_PACKAGES="postgresql-15 patroni etcd-server etcd-client procps curl"
LB_PACKAGES="haproxy openssl curl ca-certificates"
CLUSTER_PACKAGES="postgresql-15 patroni etcd-server etcd-client haproxy python3-psycopg2 procps psmisc curl"

case "${1:-run}" in
    run) wanted="$RUN_PACKAGES" ;;
    test) wanted="$RUN_PACKAGES $TEST_PACKAGES $CLUSTER_PACKAGES" ;;  # make check runs cluster-check
    bench) wanted="$RUN_PACKAGES $BENCH_PACKAGES" ;;
    fuzz) wanted="$RUN_PACKAGES $TEST_PACKAGES $FUZZ_PACKAGES" ;;
    server) wanted="$RUN_PACKAGES $SERVER_PACKAGES" ;;
    chaos) wanted="$RUN_PACKAGES $CHAOS_PACKAGES" ;;
    nspawn) wanted="$RUN_PACKAGES $NSPAWN_PACKAGES" ;;
    cluster) wanted="$CLUSTER_PACKAGES" ;;
    db) wanted="$DB_PACKAGES" ;;
    lb) wanted="$LB_PACKAGES" ;;
    mta) wanted="$MTA_PACKAGES" ;;
    *) echo "usage: $0 run|test|bench|fuzz|server|chaos|nspawn|cluster|db|lb|mta" >&2; exit 2 ;;
esac

# The browser tests (tests/browser): Debian's chromium, and node with npm; Debian's
# nodejs and npm only when no node with npm is there (NodeSource's nodejs bundles
# npm and conflicts with Debian's npm package).
if [ "${1:-run}" = test ]; then
    wanted="$wanted chromium"
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        wanted="$wanted nodejs npm"
    fi
fi

missing=""
for package in $wanted; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "Guichet needs these Debian packages:$missing" >&2
    echo "Install them with:  sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
case " $missing " in
    *" postfix "*)
        # Debian's "Satellite system": postfix's own script writes a main.cf that
        # listens on loopback only and relays, so it never listens on the network,
        # not even before deploy.sh sets the rest with postconf (tools/deploy/mta.sh).
        echo "postfix postfix/main_mailer_type select Satellite system" | debconf-set-selections ;;
esac
if [ "${1:-run}" = db ]; then
    # No "main" cluster: Patroni makes the node's own (postgresql-common reads
    # createcluster.d before its postinst would run pg_createcluster). And no
    # daemon starts while installing: policy-rc.d answers 101 ("not allowed")
    # to every start a package's script asks for, so Debian's default etcd (a
    # one-member cluster on 127.0.0.1:2379) never runs; deploy.sh starts etcd
    # and Patroni once they are configured. An operator's own policy-rc.d is kept.
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/guichet.conf
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\n# tools/install-deps.sh db: no daemon starts while installing\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
fi
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
# Nor at the next boot: deploy.sh enables etcd once /etc/default/etcd is its
# cluster's (patroni.service waits for /etc/patroni/config.yml by itself).
if [ "${1:-run}" = db ]; then systemctl disable --quiet etcd.service 2>/dev/null || true; fi
