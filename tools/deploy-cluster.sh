#!/bin/bash
# A cluster's machines, one role each (run by ./deploy.sh --server --inventory;
# docs/cluster.md, "Deploying a cluster").
#
#   ./deploy.sh --server --inventory FILE --make-secrets DIR
#       once, on any machine with this repository built: the cluster's shared
#       secrets (database passwords, the receipt, session, identity and mail
#       link keys) in DIR, mode 0700. Copy DIR and FILE to every machine.
#   sudo ./deploy.sh --server --inventory FILE --name NAME --secrets DIR [options]
#       on the machine NAME of the inventory, which gives its role:
#       db     PostgreSQL 15 managed by Patroni, and an etcd member (systemd:
#              etcd.service, patroni.service, Debian's own units); [options]: --no-install
#       front  the site (nginx and every pool, guichet-*.service), on the cluster's
#              database; [options] are deploy.sh --server's (--cert, --key, --workers,
#              --check...)
#       lb     haproxy (haproxy.service): HTTPS for the public, spread over the
#              front machines; [options]: --cert FULLCHAIN --key KEY
#   Each run changes only what differs, and never replaces a secret or data.
#
# Order on a new cluster: the db machines (the cluster forms once two of them
# run), then the fronts (the first one creates the schema), then the lb.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
die() { echo "deploy: $*" >&2; exit 2; }
from_caller() {  # from_caller PATH: absolute, a relative one read from the caller's folder
    case $1 in /*) echo "$1" ;; *) echo "${GUICHET_CALLER_DIR:-$PWD}/$1" ;; esac
}
say() { echo "deploy: $*"; }
. "$REPO/tools/lib/tls.sh"
. "$REPO/tools/deploy/inventory.sh"

inventory="" name="" secrets="" make_secrets="" install=1
passed=()   # the options handed on to the role (deploy-server.sh's, or the lb's)
while [ $# -gt 0 ]; do
    case "$1" in
        --server) ;;
        --inventory|--name|--secrets|--make-secrets)
            [ $# -ge 2 ] || die "$1 needs a value"
            case $1 in
                --inventory) inventory=$(from_caller "$2") ;; --name) name=$2 ;;
                --secrets) secrets=$(from_caller "$2") ;; --make-secrets) make_secrets=$(from_caller "$2") ;;
            esac
            shift ;;
        --no-install) install=0; passed+=("$1") ;;
        -h|--help) sed -n '/^set -euo/q; 2,$p' "$0"; exit 0 ;;
        *) passed+=("$1") ;;
    esac
    shift
done
[ -n "$inventory" ] || die "--inventory FILE is needed"
inventory=$(realpath "$inventory")
inventory_read "$inventory"
DOMAIN=$(inventory_setting domain "")
HTTPS_PORT=$(inventory_setting https_port 443)
HTTP_PORT=$(inventory_setting http_port 80)

SECRET_NAMES="db/postgres db/replicator db/rewinder db/guichet db/patroni-api keys/session.key keys/mail-link.key keys/identity.key keys/receipt.key keys/receipt.pem"
if [ -n "$make_secrets" ]; then
    [ ! -e "$make_secrets" ] || die "$make_secrets exists: the cluster's secrets are made once (never replaced)"
    case $(realpath -m "$make_secrets")/ in
        "$REPO"/*) die "$make_secrets is inside the repository: make the secrets outside it (they must never be committed)" ;;
    esac
    [ -x build/bin/guichet-admin ] || die "build/bin/guichet-admin is missing: run make first"
    (umask 077; mkdir -p "$make_secrets/db"
     for user in postgres replicator rewinder guichet patroni-api; do
         head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$make_secrets/db/$user"
     done
     GUICHET_KEYS="$make_secrets/keys" build/bin/guichet-admin keygen > /dev/null)
    say "the cluster's secrets are in $make_secrets: copy it, with $inventory, to every machine (scp -rp; root's alone)"
    exit 0
fi

[ -n "$name" ] || die "--name NAME (this machine's, in $inventory) is needed"
ROLE=${INV_ROLE[$name]:-}
[ -n "$ROLE" ] || die "$name is not in $inventory"
ADDRESS=${INV_ADDRESS[$name]}
[ "$(id -u)" -eq 0 ] || die "--server installs system files: run it with sudo"
[ -n "$secrets" ] || die "--secrets DIR (made by --make-secrets) is needed"
secrets=$(realpath "$secrets")
for file in $SECRET_NAMES; do [ -s "$secrets/$file" ] || die "$secrets/$file is missing (made by --make-secrets)"; done
[ "$(stat -c '%a %u' "$secrets")" = "700 0" ] || die "$secrets must be root's, mode 0700 (it holds the cluster's passwords and keys)"
ip -o route get "$ADDRESS" 2>/dev/null | grep -q '^local ' ||
    die "this machine has no address $ADDRESS ($name's in $inventory): is it the right machine?"
secret() { cat "$secrets/db/$1"; }
say "$name: role $ROLE on $ADDRESS"

case $ROLE in
    db) . "$REPO/tools/deploy/role-db.sh" ;;
    lb) . "$REPO/tools/deploy/role-lb.sh" ;;
    front)
        # The site as on one server (tools/deploy-server.sh), on the cluster's
        # database: every db machine listed, libpq picks the one that takes writes.
        mkdir -p /etc/guichet
        hosts=$(inventory_addresses db , :5432)
        uri="postgresql://guichet:$(secret guichet)@$hosts/guichet?target_session_attrs=read-write&connect_timeout=3"
        if [ "$(cat /etc/guichet/database.uri 2>/dev/null)" != "$uri" ]; then
            if [[ " ${passed[*]} " == *" --check "* ]]; then   # --check changes nothing: said, not written
                say "would write /etc/guichet/database.uri (the cluster's database)"
                [ -e /etc/guichet/database.uri ] || exit 1
            else
                (umask 077; echo "$uri" > /etc/guichet/database.uri.new)
                mv /etc/guichet/database.uri.new /etc/guichet/database.uri
            fi
        fi
        exec "$REPO/tools/deploy-server.sh" --domain "$DOMAIN" --listen "$ADDRESS" \
            --https-port "$HTTPS_PORT" --http-port "$HTTP_PORT" \
            --database-file /etc/guichet/database.uri --keys-from "$secrets/keys" \
            --trusted-proxies "$(inventory_addresses lb)" "${passed[@]}" ;;
esac
