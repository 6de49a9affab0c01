# shellcheck shell=bash
# The cluster's configuration files, written into DIR by tools/cluster/cluster.sh
# (sourced; it sets DIR, the addresses and the secrets). Each file is written
# only when missing or different, so a second `up` changes nothing.
#
# Layout: three "machines" on their own loopback address, each with one etcd
# member and one Patroni that runs one PostgreSQL 15; haproxy on a fourth.
#   127.0.1.N   etcd :2379 (clients) :2380 (peers), PostgreSQL :5432, Patroni REST :8008
#   127.0.1.10  haproxy :5432 (the leader), :5433 (the replicas), :7000 (stats page)
# The timings and their effect on the failover time: docs/cluster.md.

write_if_changed() {  # write_if_changed FILE: stdin into FILE, only if it differs
    local tmp="$1.tmp.$$"
    cat > "$tmp"
    if cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mv "$tmp" "$1"; fi
}

etcd_initial_cluster() {
    local i out=""
    for i in 1 2 3; do out="$out${out:+,}etcd$i=http://$(node_address "$i"):2380"; done
    echo "$out"
}

etcd_hosts() {
    local i out=""
    for i in 1 2 3; do out="$out${out:+,}$(node_address "$i"):2379"; done
    echo "$out"
}

# One node's Patroni configuration, on stdout, from these variables (the
# local cluster's write_patroni_config and a database node's deployment,
# tools/deploy/role-db.sh, set them): PATRONI_NAME, PATRONI_ADDRESS,
# PATRONI_ETCD_HOSTS, PATRONI_DATA_DIR, PATRONI_PGPASS, PATRONI_SOCKET_DIR,
# PATRONI_POST_BOOTSTRAP, PATRONI_HBA (YAML list items, one per line),
# PATRONI_TTL, PATRONI_LOOP_WAIT, PATRONI_RETRY_TIMEOUT, PATRONI_USE_SLOTS,
# PATRONI_MAX_CONNECTIONS, PATRONI_RESTAPI_EXTRA (more YAML under restapi:,
# may be unset); the passwords from the caller's `secret NAME`.
# The dynamic configuration (bootstrap.dcs) is written into etcd by the first
# node only; changing it afterwards needs `patronictl edit-config`.
patroni_yaml() {
    cat <<EOF
scope: guichet
name: $PATRONI_NAME
log:
  level: INFO
  format: '%(asctime)s %(levelname)s: %(message)s'
restapi:
  listen: $PATRONI_ADDRESS:8008
  connect_address: $PATRONI_ADDRESS:8008
${PATRONI_RESTAPI_EXTRA:+$PATRONI_RESTAPI_EXTRA
}etcd3:
  hosts: $PATRONI_ETCD_HOSTS
bootstrap:
  dcs:
    ttl: $PATRONI_TTL
    loop_wait: $PATRONI_LOOP_WAIT
    retry_timeout: $PATRONI_RETRY_TIMEOUT
    maximum_lag_on_failover: 1048576
    primary_start_timeout: 0
    synchronous_mode: true
    synchronous_mode_strict: true
    synchronous_node_count: 1
    postgresql:
      use_pg_rewind: true
      use_slots: $PATRONI_USE_SLOTS
      parameters:
        synchronous_commit: 'on'
        wal_level: replica
        hot_standby: 'on'
        wal_log_hints: 'on'
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 128MB
        max_connections: $PATRONI_MAX_CONNECTIONS  # a front holds one per claim request thread and per other worker
        # How soon a standby tries its primary again: after a failover, how soon
        # the remaining replica follows the new primary (and becomes the
        # synchronous standby that strict mode waits for). The default is 5 s.
        wal_retrieve_retry_interval: 500ms
  initdb:
  - encoding: UTF8
  - locale: C.UTF-8
  - data-checksums
  post_bootstrap: $PATRONI_POST_BOOTSTRAP
postgresql:
  # Here rather than in bootstrap: Patroni writes pg_hba.conf from it on every
  # node at each start and reload, so a machine added to the list is admitted.
  pg_hba:
$PATRONI_HBA
  listen: $PATRONI_ADDRESS:5432
  connect_address: $PATRONI_ADDRESS:5432
  data_dir: $PATRONI_DATA_DIR
  bin_dir: /usr/lib/postgresql/15/bin
  pgpass: $PATRONI_PGPASS
  # A new replica's pg_basebackup asks for an immediate checkpoint: the default,
  # a spread one, makes it wait most of checkpoint_timeout (93 s measured here).
  basebackup:
  - checkpoint: fast
  authentication:
    superuser:
      username: postgres
      password: $(secret postgres)
    replication:
      username: replicator
      password: $(secret replicator)
    rewind:
      username: rewinder
      password: $(secret rewinder)
  parameters:
    unix_socket_directories: $PATRONI_SOCKET_DIR
tags:
  nofailover: false
  noloadbalance: false
  clonefrom: false
  nosync: false
EOF
}

write_patroni_config() {  # write_patroni_config N
    local n=$1
    PATRONI_NAME=node$n PATRONI_ADDRESS=$(node_address "$n") PATRONI_ETCD_HOSTS=$(etcd_hosts) \
    PATRONI_DATA_DIR=$DIR/node$n/data PATRONI_PGPASS=$DIR/node$n/pgpass PATRONI_SOCKET_DIR=$DIR/node$n \
    PATRONI_POST_BOOTSTRAP=$DIR/post-bootstrap.sh \
    PATRONI_HBA="  - local all all scram-sha-256
  - host replication replicator 127.0.0.0/8 scram-sha-256
  - host all all 127.0.0.0/8 scram-sha-256" \
    PATRONI_TTL=${CLUSTER_TTL:-10} PATRONI_LOOP_WAIT=${CLUSTER_LOOP_WAIT:-1} \
    PATRONI_RETRY_TIMEOUT=${CLUSTER_RETRY_TIMEOUT:-4} PATRONI_USE_SLOTS=${CLUSTER_USE_SLOTS:-true} \
    PATRONI_MAX_CONNECTIONS=${CLUSTER_MAX_CONNECTIONS:-400} \
        patroni_yaml | write_if_changed "$DIR/node$n/patroni.yml"
}

# The script Patroni runs once on the node that ran initdb (with a superuser
# URL as $1, and PGOPTIONS=-c synchronous_commit=local: no standby exists
# yet): the application's role and database.
post_bootstrap_script() {
    cat <<EOF
#!/bin/sh
set -eu
psql -v ON_ERROR_STOP=1 -q "\$1" <<'SQL'
CREATE ROLE guichet LOGIN PASSWORD '$(secret guichet)';
CREATE DATABASE guichet OWNER guichet;
SQL
EOF
}

write_post_bootstrap() {
    post_bootstrap_script | write_if_changed "$DIR/post-bootstrap.sh"
    chmod 700 "$DIR/post-bootstrap.sh"
}

# haproxy asks each node's Patroni, not PostgreSQL, who is the leader:
# /primary answers 200 only on the node holding the leader key in etcd.
# on-marked-down shutdown-sessions cuts the open sessions of a node that stops
# being the leader, so no client keeps writing to a demoted or orphaned primary.
write_haproxy_config() {
    local i servers_primary="" servers_replica=""
    for i in 1 2 3; do
        servers_primary="$servers_primary    server node$i $(node_address "$i"):5432 check port 8008
"
        servers_replica="$servers_replica    server node$i $(node_address "$i"):5432 check port 8008
"
    done
    write_if_changed "$DIR/haproxy/haproxy.cfg" <<EOF
global
    maxconn 400

defaults
    mode tcp
    retries 1
    timeout connect 1s
    timeout client 30m
    timeout server 30m
    timeout check 1s

listen stats
    mode http
    bind $HAPROXY_ADDRESS:7000
    stats enable
    stats uri /

listen primary
    bind $HAPROXY_ADDRESS:5432
    option httpchk
    http-check send meth OPTIONS uri /primary
    http-check expect status 200
    default-server inter 500ms fastinter 250ms fall 2 rise 1 on-marked-down shutdown-sessions
$servers_primary
listen replicas
    bind $HAPROXY_ADDRESS:5433
    balance roundrobin
    option httpchk
    http-check send meth OPTIONS uri /replica
    http-check expect status 200
    default-server inter 500ms fastinter 250ms fall 2 rise 1 on-marked-down shutdown-sessions
$servers_replica
EOF
}

write_uris() {
    local i hosts=""
    for i in 1 2 3; do hosts="$hosts${hosts:+,}$(node_address "$i"):5432"; done
    printf 'postgresql://guichet:%s@%s/guichet?target_session_attrs=read-write\n' \
        "$(secret guichet)" "$hosts" | write_if_changed "$DIR/database.uri"
    printf 'postgresql://guichet:%s@%s:5432/guichet\n' \
        "$(secret guichet)" "$HAPROXY_ADDRESS" | write_if_changed "$DIR/haproxy.uri"
    printf '*:*:*:postgres:%s\n*:*:*:guichet:%s\n' "$(secret postgres)" "$(secret guichet)" |
        write_if_changed "$DIR/secrets/pgpass"
    chmod 600 "$DIR/database.uri" "$DIR/haproxy.uri" "$DIR/secrets/pgpass"
}
