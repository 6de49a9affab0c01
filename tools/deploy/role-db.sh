# shellcheck shell=bash
# deploy-cluster, role db: this machine's etcd member and its PostgreSQL 15
# managed by Patroni, with Debian's own units (etcd.service reads
# /etc/default/etcd, patroni.service /etc/patroni/config.yml). Sourced by
# tools/deploy-cluster.sh (NAME, ADDRESS, the inventory, `secret`). The
# Patroni configuration is the local cluster's (tools/cluster/config.sh), with
# the inventory's addresses and the production timings.

. "$REPO/tools/cluster/config.sh"   # patroni_yaml, post_bootstrap_script, write_if_changed

for option in "${passed[@]}"; do
    [ "$option" = --no-install ] || die "the db role takes --no-install only, not $option"
done

if [ "$install" -eq 1 ]; then "$REPO/tools/install-deps.sh" db; fi
for binary in /usr/bin/etcd /usr/bin/patroni /usr/lib/postgresql/15/bin/postgres; do
    [ -x "$binary" ] || die "$binary is missing: run without --no-install, or tools/install-deps.sh db"
done

# A PostgreSQL cluster of Debian's own (made before tools/install-deps.sh db
# could prevent it) would hold port 5432 and the socket Patroni's needs.
others=$(pg_lsclusters -h 2>/dev/null || true)
[ -z "$others" ] || die "Debian's PostgreSQL clusters are on this machine ($others): drop them (pg_dropcluster) first"

changed_files=""
write_owned() {  # write_owned FILE MODE OWNER:GROUP < content: replaced only when it differs
    local before after
    before=$(sha256sum "$1" 2>/dev/null || true)
    mkdir -p "$(dirname "$1")"
    (umask 077; write_if_changed "$1")   # never readable by others, not even while written
    chown "$3" "$1"; chmod "$2" "$1"
    after=$(sha256sum "$1")
    [ "$before" = "$after" ] || { changed_files="$changed_files $1"; say "wrote $1"; }
}

# etcd: one member per db machine, on this machine's address only. The initial
# cluster is read when the member first starts, on an empty data folder; a
# replaced machine joins an existing cluster instead (docs/cluster.md, runbook).
peers="" etcd_hosts=""
for member in $(inventory_names db); do
    peers="$peers${peers:+,}$member=http://${INV_ADDRESS[$member]}:2380"
done
etcd_hosts=$(inventory_addresses db , :2379)
token=guichet-$(echo "$peers" | sha256sum | cut -c1-12)
write_owned /etc/default/etcd 644 root:root <<EOF
# Written by Guichet's deploy.sh (role db, tools/deploy/role-db.sh) from the
# cluster's inventory: every deployment rewrites it.
ETCD_NAME=$name
ETCD_DATA_DIR=/var/lib/etcd/guichet
ETCD_LISTEN_PEER_URLS=http://$ADDRESS:2380
ETCD_LISTEN_CLIENT_URLS=http://$ADDRESS:2379
ETCD_ADVERTISE_CLIENT_URLS=http://$ADDRESS:2379
ETCD_INITIAL_ADVERTISE_PEER_URLS=http://$ADDRESS:2380
ETCD_INITIAL_CLUSTER=$peers
ETCD_INITIAL_CLUSTER_STATE=new
ETCD_INITIAL_CLUSTER_TOKEN=$token
EOF

# Patroni and PostgreSQL. pg_hba admits the other db machines (replication,
# pg_rewind, Patroni's own superuser connection) and the front machines (the
# application's role, its database only), each by its /32, all with SCRAM.
hba="  - local all postgres peer
  - local all all scram-sha-256"
for member in $(inventory_names db); do
    a=${INV_ADDRESS[$member]}
    hba="$hba
  - host replication replicator $a/32 scram-sha-256
  - host postgres rewinder $a/32 scram-sha-256
  - host all postgres $a/32 scram-sha-256"
done
for front in $(inventory_names front); do
    hba="$hba
  - host guichet guichet ${INV_ADDRESS[$front]}/32 scram-sha-256"
done
# Patroni's REST API: anyone may read the health checks; what changes the
# cluster (switchover, restart, reinitialise) needs its password and a db machine.
restapi="  authentication:
    username: patroni
    password: $(secret patroni-api)
  allowlist:
  - 127.0.0.1"
for member in $(inventory_names db); do restapi="$restapi
  - ${INV_ADDRESS[$member]}"; done
install -d -o postgres -g postgres -m 700 /var/lib/postgresql/15/guichet
PATRONI_NAME=$name PATRONI_ADDRESS=$ADDRESS PATRONI_ETCD_HOSTS=$etcd_hosts \
PATRONI_DATA_DIR=/var/lib/postgresql/15/guichet PATRONI_PGPASS=/var/lib/postgresql/guichet.pgpass \
PATRONI_SOCKET_DIR=/var/run/postgresql PATRONI_POST_BOOTSTRAP=/etc/patroni/guichet-post-bootstrap.sh \
PATRONI_HBA=$hba PATRONI_USE_SLOTS=true PATRONI_RESTAPI_EXTRA="$restapi" \
PATRONI_TTL=$(inventory_setting patroni_ttl 30) PATRONI_LOOP_WAIT=$(inventory_setting patroni_loop_wait 10) \
PATRONI_RETRY_TIMEOUT=$(inventory_setting patroni_retry_timeout 10) \
PATRONI_MAX_CONNECTIONS=$(inventory_setting max_connections 400) \
    patroni_yaml | write_owned /etc/patroni/config.yml 640 root:postgres
post_bootstrap_script | write_owned /etc/patroni/guichet-post-bootstrap.sh 750 root:postgres

# Start what does not run; restart etcd, reload Patroni (SIGHUP: it rereads
# its file, writes pg_hba.conf, reloads PostgreSQL) when their file changed.
# --no-block: etcd reports ready only once a majority of members run, and the
# first machine deployed waits for the second.
systemctl enable --quiet etcd.service patroni.service
if ! systemctl is-active --quiet etcd.service; then
    systemctl start --no-block etcd.service
elif [[ $changed_files == *" /etc/default/etcd"* ]]; then
    say "restarting etcd (its configuration changed)"; systemctl restart --no-block etcd.service
fi
if ! systemctl is-active --quiet patroni.service; then
    systemctl start --no-block patroni.service
elif [[ $changed_files == *" /etc/patroni/"* ]]; then
    say "reloading Patroni (its configuration changed)"; systemctl reload patroni.service
fi
say "$(echo "$changed_files" | wc -w) file(s) changed on $name (db)"
say "the cluster forms once a majority of the db machines run; then: runuser -u postgres -- patronictl -c /etc/patroni/config.yml list"
