# deploy-server, part 1: the options, the settings remembered from the last
# deployment, and the paths of the installed tree. Sourced by tools/deploy-server.sh.

# --- options ----------------------------------------------------------------
prefix="" check=0 install=1 build=1
declare -A opt=() workers=()
while [ $# -gt 0 ]; do
    case "$1" in
        --domain|--cert|--key|--https-port|--http-port|--listen|--memory-max|--backup-interval|--backup-keep|--metrics-allow|--admin-allow|--user|--smtp-url|--smtp-relay|--smtp-relay-tls|--mail-from|--database-file|--trusted-proxies|--keys-from)
            [ $# -ge 2 ] || die "$1 needs a value"
            key=${1#--}; opt[${key//-/_}]=$2; shift ;;
        --workers)
            [ $# -ge 2 ] || die "--workers needs NAME=N"
            [[ $2 =~ ^([a-z]+)=([0-9]+)$ ]] || die "--workers needs NAME=N, not $2"
            workers[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}; shift ;;
        --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; prefix=$2; shift ;;
        --check) check=1 ;;
        --no-install) install=0 ;;
        --no-build) build=0 ;;
        --server) ;;
        -h|--help) sed -n '/^set -euo/q; 2,$p' "$0"; exit 0 ;;   # the header comment
        *) die "unknown argument: $1 (see ./deploy.sh --server --help)" ;;
    esac
    shift
done
if [ -n "$prefix" ]; then
    mkdir -p "$prefix"
    prefix=$(cd "$prefix" && pwd)
elif [ "$(id -u)" -ne 0 ]; then
    die "--server installs system files: run it with sudo (or use --prefix DIR)"
fi

P=$prefix
OPT=$P/opt/guichet
ETC=$P/etc/guichet
DATA=$P/var/lib/guichet
RUN=$P/run/guichet
LOG=$P/var/log/guichet
BACKUPS=$P/var/backups/guichet
SYSTEMD=$P/etc/systemd/system
SBIN=$P/usr/local/sbin

# Settings: the options given, else those of the previous deployment, else defaults.
declare -A saved=()
if [ -r "$ETC/deploy.conf" ]; then
    while IFS='=' read -r key value; do
        [[ $key =~ ^[a-z_]+$ ]] && saved[$key]=$value
    done < <(grep -E '^[a-z_]+=' "$ETC/deploy.conf")
fi
setting() {  # setting KEY DEFAULT
    if [ -n "${opt[$1]:-}" ]; then echo "${opt[$1]}"; elif [ -n "${saved[$1]:-}" ]; then echo "${saved[$1]}"; else echo "$2"; fi
}
DOMAIN=$(setting domain "")
CERT=$(setting cert "")
KEY=$(setting key "")
HTTPS_PORT=$(setting https_port 443)
HTTP_PORT=$(setting http_port 80)
LISTEN=$(setting listen "")
MEMORY_MAX=$(setting memory_max 512M)
BACKUP_INTERVAL=$(setting backup_interval hourly)
BACKUP_KEEP=$(setting backup_keep 48)
METRICS_ALLOW=$(setting metrics_allow "127.0.0.1 ::1")
ADMIN_ALLOW=$(setting admin_allow "127.0.0.1 ::1")
SERVICE_USER=$(setting user guichet)
SMTP_URL=$(setting smtp_url "")
SMTP_RELAY=$(setting smtp_relay "")
SMTP_RELAY_TLS=$(setting smtp_relay_tls may)
MAIL_FROM=$(setting mail_from "")
# A front machine of a cluster (tools/deploy-cluster.sh gives these): the
# database's URI in a file of root's, the load balancers whose X-Forwarded-For
# names the client, and the cluster's keys, copied in once.
DATABASE_FILE=$(setting database_file "")
TRUSTED_PROXIES=$(setting trusted_proxies "")
KEYS_FROM=$(setting keys_from "")

[ -n "$DOMAIN" ] || die "--domain is needed (the first time)"
[[ $DOMAIN =~ ^[A-Za-z0-9.-]+$ ]] || die "--domain: letters, digits, dots and dashes only"
for n in "$HTTPS_PORT" "$HTTP_PORT" "$BACKUP_KEEP"; do [[ $n =~ ^[0-9]+$ ]] || die "not a number: $n"; done
[[ $MEMORY_MAX =~ ^[0-9]+[KMG]?$ ]] || die "--memory-max: a size like 512M"
[ -z "$SMTP_URL" ] || [[ $SMTP_URL =~ ^smtps?://[A-Za-z0-9.:\[\]-]+(:[0-9]+)?/?$ ]] || die "--smtp-url: smtp://HOST[:PORT] or smtps://HOST[:PORT]"
[ -z "$SMTP_RELAY" ] || [[ $SMTP_RELAY =~ ^[A-Za-z0-9.-]+(:[0-9]+)?$ ]] || die "--smtp-relay: HOST[:PORT], a name or an IPv4 address"
[[ $SMTP_RELAY_TLS =~ ^(may|encrypt|secure)$ ]] || die "--smtp-relay-tls: may, encrypt or secure"
# With a relay, the mailer hands its messages to the local postfix, which
# queues them on disk and relays them (tools/deploy/mta.sh); --smtp-url still wins.
[ -z "$SMTP_RELAY" ] || [ -n "$SMTP_URL" ] || SMTP_URL=smtp://127.0.0.1:25
[ -n "$MAIL_FROM" ] || MAIL_FROM=no-reply@$DOMAIN
[[ $MAIL_FROM =~ ^[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+$ ]] || die "--mail-from: an address like no-reply@example.org"
[[ $BACKUP_INTERVAL =~ ^[A-Za-z0-9:*/,.\ -]+$ ]] || die "--backup-interval: a systemd calendar value like hourly or *:0/30"
[[ $TRUSTED_PROXIES =~ ^[0-9a-fA-F.:/\ ]*$ ]] || die "--trusted-proxies: addresses or CIDRs separated by spaces"
DATABASE=$DATA/db/guichet.db
if [ -n "$DATABASE_FILE" ]; then
    [ -r "$DATABASE_FILE" ] || die "--database-file $DATABASE_FILE cannot be read"
    DATABASE_FILE=$(realpath "$DATABASE_FILE")
    DATABASE=$(head -1 "$DATABASE_FILE")
    [[ $DATABASE =~ ^postgres(ql)?://[^[:space:]\'\"]+$ ]] || die "--database-file: its first line must be a postgresql:// URI"
fi
ON_POSTGRES=0; [ "$DATABASE" = "$DATA/db/guichet.db" ] || ON_POSTGRES=1
# The database servers' addresses, when the URI names them by IPv4 address
# (the pools' units may then reach those alone; tools/deploy/stage-tree.sh).
DATABASE_ADDRESSES=""
if [ "$ON_POSTGRES" -eq 1 ]; then
    servers=${DATABASE#*://}; servers=${servers##*@}; servers=${servers%%[/?]*}
    for server in ${servers//,/ }; do
        server=${server%:*}
        [[ $server =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}$ ]] || { DATABASE_ADDRESSES=""; break; }
        DATABASE_ADDRESSES+="${DATABASE_ADDRESSES:+ }$server"
    done
fi
if [ -n "$KEYS_FROM" ] && [ ! -d "$KEYS_FROM" ] && [ -s "$DATA/keys/receipt.key" ]; then
    KEYS_FROM=""   # copied at an earlier deployment, the folder since put away: nothing to copy
elif [ -n "$KEYS_FROM" ]; then
    KEYS_FROM=$(realpath "$KEYS_FROM")
    for file in "$KEYS_FROM"/*; do   # never replace a key: receipts, sessions and identities depend on it
        [ -f "$file" ] || die "--keys-from $KEYS_FROM holds no keys"
        here=$DATA/keys/$(basename "$file")
        [ ! -e "$here" ] || cmp -s "$file" "$here" ||
            die "$here differs from $file: a key is never replaced (docs/operations.md, \"Keys\")"
    done
fi
if [ -n "$CERT$KEY" ]; then
    [ -r "$CERT" ] && [ -r "$KEY" ] || die "--cert and --key must both name readable files"
    CERT=$(realpath "$CERT"); KEY=$(realpath "$KEY")
fi
if [ -z "$prefix" ] && [ "$SERVICE_USER" = root ]; then die "--user root is refused: the pools must not run as root"; fi
if [ -n "$prefix" ] && [ -z "${opt[user]:-}" ]; then
    # A --prefix install creates no user: everything runs as the invoking user.
    SERVICE_USER=$(id -un)
fi
SERVICE_GROUP=$SERVICE_USER
if [ -n "$prefix" ]; then SERVICE_GROUP=$(id -gn "$SERVICE_USER" 2>/dev/null || id -gn); fi
# Privilege separation (docs/security.md, "Users in production"): each pool runs
# as its own system user (guichet-NAME), nginx's workers as guichet-web; the
# admin pool, the operator's commands and the backups as SERVICE_USER. Under
# --prefix there is one user, the invoking one.
DB_GROUP=$SERVICE_GROUP   # may read and write the database: every pool and SERVICE_USER
if [ -n "$prefix" ]; then WEB_USER=$SERVICE_USER WEB_GROUP=$SERVICE_GROUP; else WEB_USER=guichet-web WEB_GROUP=guichet-web; fi
pool_user() {  # pool_user NAME: the system user of that pool
    if [ -n "$prefix" ] || [ "$1" = admin ]; then echo "$SERVICE_USER"; else echo "guichet-$1"; fi
}
UPLOAD_USER=$(pool_user upload) CLAIM_USER=$(pool_user claim)
# Who owns the installed (read-only) files: root, or under --prefix the invoking user.
if [ -n "$prefix" ]; then ROOT_USER=$(id -un); ROOT_GROUP=$(id -gn); else ROOT_USER=root; ROOT_GROUP=root; fi

# Pools: every handler that was built, with its worker count.
POOLS=""
default_workers() {
    case "$1" in
        accounts) nproc ;;   # password hashing is CPU-bound: one worker per core
        claim) echo 2 ;;     # each with 64 request threads (docs/benchmarks.md)
        admin|metrics) echo 1 ;;
        *) echo 2 ;;
    esac
}

