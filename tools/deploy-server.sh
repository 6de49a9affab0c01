#!/bin/bash
# Guichet production deployment on a Debian 12 server (run by ./deploy.sh --server).
#
#   sudo ./deploy.sh --server --domain example.org [--cert FULLCHAIN --key KEY]
#                   [--check] [--prefix DIR] [options]
#
#   --domain NAME          the site's name (HTTPS origin, certificate, redirect)
#   --cert FILE --key FILE the certificate (full chain) and key; used in place, so a
#                          renewal needs only `systemctl reload guichet-nginx`.
#                          Without them a SELF-SIGNED certificate is made (staging only).
#   --check                print what would change (diffs) and change nothing;
#                          exit 0 when nothing would change, 1 otherwise
#   --prefix DIR           install every path under DIR (tests): no user is created,
#                          files belong to the invoking user, systemctl is not run
#   --https-port N --http-port N   default 443 and 80
#   --listen ADDR          bind one address (default: every IPv4 and IPv6 address)
#   --workers NAME=N       workers of one pool (repeatable; e.g. --workers claim=4)
#   --memory-max SIZE      memory ceiling of each pool (default 512M)
#   --backup-interval SPEC systemd OnCalendar value (default hourly)
#   --backup-keep N        backup copies kept (default 48)
#   --metrics-allow "ADDR..."  may read /metrics and /nginx_status (default loopback)
#   --admin-allow "ADDR..."    may reach /admin/ and /api/admin/ (default loopback)
#   --user NAME            service user (default guichet)
#   --no-install --no-build
#
# Options are remembered in /etc/guichet/deploy.conf: running it again with no
# option upgrades in place with the same settings. It never replaces a secret,
# the database, documents or the banner; nginx is reloaded, not restarted, and
# only the pools whose binary or configuration changed are restarted, one by one.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"

die() { echo "deploy: $*" >&2; exit 2; }
say() { echo "deploy: $*"; }

# --- options ----------------------------------------------------------------
prefix="" check=0 install=1 build=1
declare -A opt=() workers=()
while [ $# -gt 0 ]; do
    case "$1" in
        --domain|--cert|--key|--https-port|--http-port|--listen|--memory-max|--backup-interval|--backup-keep|--metrics-allow|--admin-allow|--user)
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
        -h|--help) sed -n '2,31p' "$0"; exit 0 ;;
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

[ -n "$DOMAIN" ] || die "--domain is needed (the first time)"
[[ $DOMAIN =~ ^[A-Za-z0-9.-]+$ ]] || die "--domain: letters, digits, dots and dashes only"
for n in "$HTTPS_PORT" "$HTTP_PORT" "$BACKUP_KEEP"; do [[ $n =~ ^[0-9]+$ ]] || die "not a number: $n"; done
[[ $MEMORY_MAX =~ ^[0-9]+[KMG]?$ ]] || die "--memory-max: a size like 512M"
[[ $BACKUP_INTERVAL =~ ^[A-Za-z0-9:*/,.\ -]+$ ]] || die "--backup-interval: a systemd calendar value like hourly or *:0/30"
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

# --- packages and build -----------------------------------------------------
if [ "$check" -eq 0 ] && [ "$install" -eq 1 ]; then tools/install-deps.sh server; fi
if [ "$build" -eq 1 ]; then make -s -j"$(nproc)" all; fi
for bin in build/bin/guichet-*-fcgi; do
    [ -x "$bin" ] || continue
    name=${bin#build/bin/guichet-}; name=${name%-fcgi}
    POOLS+="$name "
done
POOLS=${POOLS% }
[ -n "$POOLS" ] || die "no handler binaries in build/bin (did the build run?)"
[ -x build/bin/guichet-admin ] || die "build/bin/guichet-admin is missing"
# Generated by make from iso-codes, git-ignored, installed with the rest of static/.
[ -f static/assets/countries.js ] || die "static/assets/countries.js is missing (make generates it from iso-codes)"

# --- rendering ----------------------------------------------------------------
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
: > "$STAGE/manifest"

sed_escape() { printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'; }
# render TEMPLATE: prints it with every @NAME@ replaced by the shell variable NAME.
render() {
    local args=() name
    for name in $(grep -o '@[A-Z_]*@' "$1" | sort -u | tr -d @); do
        [ -n "${!name+set}" ] || die "$1: no value for @$name@"
        args+=(-e "s|@$name@|$(sed_escape "${!name}")|g")
    done
    if [ ${#args[@]} -eq 0 ]; then cat "$1"; else sed "${args[@]}" "$1"; fi
}
# stage SOURCE DEST MODE OWNER GROUP: DEST is to hold SOURCE's bytes.
stage() {
    mkdir -p "$(dirname "$STAGE/tree$2")"
    cp "$1" "$STAGE/tree$2"
    echo "$3 $4 $5 $2" >> "$STAGE/manifest"
}
stage_text() {  # stage_text DEST MODE OWNER GROUP < content
    mkdir -p "$(dirname "$STAGE/tree$1")"
    cat > "$STAGE/tree$1"
    echo "$2 $3 $4 $1" >> "$STAGE/manifest"
}

# Listening: HTTPS on HTTPS_PORT, the redirect on HTTP_PORT, IPv6 when the host has it.
addr=${LISTEN:+$LISTEN:}
SERVER_LISTEN="listen ${addr}$HTTPS_PORT ssl http2 backlog=16384;"
HTTP_LISTEN="listen ${addr}$HTTP_PORT;"
if [ -z "$LISTEN" ] && [ -e /proc/net/if_inet6 ]; then
    SERVER_LISTEN+=" listen [::]:$HTTPS_PORT ssl http2 backlog=16384;"
    HTTP_LISTEN+=" listen [::]:$HTTP_PORT;"
fi
HTTPS_SUFFIX=""; [ "$HTTPS_PORT" = 443 ] || HTTPS_SUFFIX=":$HTTPS_PORT"

# TLS: the operator's certificate, or a self-signed one for staging.
SELF_SIGNED=0
if [ -z "$CERT" ]; then
    SELF_SIGNED=1
    CERT=$ETC/tls/selfsigned.crt
    KEY=$ETC/tls/selfsigned.key
    CERT_NOTE="SELF-SIGNED certificate for $DOMAIN made by deploy.sh: for staging only, browsers will warn. Deploy again with --cert and --key."
else
    CERT_NOTE="Certificate given to deploy.sh: $CERT"
fi
STAPLING="# OCSP stapling: off (self-signed, or no issuer chain in the certificate file, or no resolver)."
resolvers=$(awk '$1 == "nameserver" { printf "%s ", ($2 ~ /:/ ? "[" $2 "]" : $2) }' /etc/resolv.conf 2>/dev/null || true)
if [ "$SELF_SIGNED" -eq 0 ] && [ "$(grep -c 'BEGIN CERTIFICATE' "$CERT")" -ge 2 ] && [ -n "$resolvers" ]; then
    STAPLING="ssl_stapling on; ssl_stapling_verify on; ssl_trusted_certificate $CERT; resolver ${resolvers}valid=300s; resolver_timeout 5s;"
fi
USER=$SERVICE_USER GROUP=$SERVICE_GROUP

render deploy/nginx-tls.conf.in | stage_text "$ETC/nginx-tls.conf" 644 "$ROOT_USER" "$ROOT_GROUP"
render deploy/nginx-redirect.conf.in | stage_text "$ETC/nginx-redirect.conf" 644 "$ROOT_USER" "$ROOT_GROUP"
GUICHET_SITE_ROOT=$OPT GUICHET_NGINX_USER="$SERVICE_USER $SERVICE_GROUP" \
    GUICHET_SERVER_LISTEN="$SERVER_LISTEN" GUICHET_SERVER_NAME="$DOMAIN" \
    GUICHET_SERVER_TLS="include $ETC/nginx-tls.conf;" GUICHET_EXTRA_SERVERS="include $ETC/nginx-redirect.conf;" \
    GUICHET_METRICS_ALLOW="$METRICS_ALLOW" GUICHET_ADMIN_ALLOW="$ADMIN_ALLOW" \
    tools/site.sh render "$DATA" "$HTTPS_PORT" "$STAGE/nginx.conf"
stage "$STAGE/nginx.conf" "$ETC/nginx.conf" 644 "$ROOT_USER" "$ROOT_GROUP"
render deploy/guichet.env.in | stage_text "$ETC/guichet.env" 640 "$ROOT_USER" "$SERVICE_GROUP"
render deploy/backup.env.in | stage_text "$ETC/backup.env" 644 "$ROOT_USER" "$ROOT_GROUP"
{
    echo "# The settings of the last deployment (tools/deploy-server.sh reads them as defaults)."
    for key in domain cert key https_port http_port listen memory_max backup_interval backup_keep metrics_allow admin_allow user; do
        case $key in
            cert) value=$([ "$SELF_SIGNED" -eq 1 ] || echo "$CERT") ;;
            key) value=$([ "$SELF_SIGNED" -eq 1 ] || echo "$KEY") ;;
            user) value=${opt[user]:-${saved[user]:-}} ;;
            *) var=${key^^}; value=${!var} ;;
        esac
        echo "$key=$value"
    done
    for name in $POOLS; do
        value=${workers[$name]:-${saved[workers_$name]:-}}
        [ -z "$value" ] || echo "workers_$name=$value"
    done
} | stage_text "$ETC/deploy.conf" 644 "$ROOT_USER" "$ROOT_GROUP"

# Installed tree: binaries, static site, program definition, migrations.
for name in $POOLS; do stage "build/bin/guichet-$name-fcgi" "$OPT/bin/guichet-$name-fcgi" 755 "$ROOT_USER" "$ROOT_GROUP"; done
stage build/bin/guichet-admin "$OPT/bin/guichet-admin" 755 "$ROOT_USER" "$ROOT_GROUP"
stage tools/guichet-backup.sh "$OPT/bin/guichet-backup" 755 "$ROOT_USER" "$ROOT_GROUP"
while IFS= read -r -d '' file; do
    stage "$file" "$OPT/$file" 644 "$ROOT_USER" "$ROOT_GROUP"
done < <(find static db/migrations -type f -print0 | sort -z)
stage db/program.json "$OPT/db/program.json" 644 "$ROOT_USER" "$ROOT_GROUP"
stage nginx/security-headers.conf "$OPT/nginx/security-headers.conf" 644 "$ROOT_USER" "$ROOT_GROUP"
render deploy/guichet-admin.in | stage_text "$SBIN/guichet-admin" 755 "$ROOT_USER" "$ROOT_GROUP"

# systemd units, one per pool, with what each may write.
UNITS="guichet-nginx.service guichet-backup.timer"
for name in $POOLS; do
    NAME=$name
    WORKERS=${workers[$name]:-${saved[workers_$name]:-$(default_workers "$name")}}
    [ "$name" = metrics ] && WORKERS=1   # the counters live in its one worker
    BACKLOG=$(tools/site.sh backlog "$name")   # the claim pool's: the claim queue's length
    RW_PATHS="$DATA/db" RW_NOTE="the database folder"
    case $name in
        upload) RW_PATHS+=" $DATA/documents"; RW_NOTE+=" and the documents" ;;
        admin) RW_PATHS+=" $DATA/status"; RW_NOTE+=" and the banner folder" ;;
    esac
    render deploy/systemd/guichet-pool.service.in | stage_text "$SYSTEMD/guichet-$name.service" 644 "$ROOT_USER" "$ROOT_GROUP"
    UNITS+=" guichet-$name.service"
done
for unit in guichet-nginx.service guichet-backup.service guichet-backup.timer guichet.target; do
    render "deploy/systemd/$unit.in" | stage_text "$SYSTEMD/$unit" 644 "$ROOT_USER" "$ROOT_GROUP"
done
POOL_LOGS=""
for name in $POOLS; do POOL_LOGS+="$LOG/$name.log "; done
POOL_LOGS=${POOL_LOGS% } ROTATE_PERIOD=daily ROTATE_KEEP=14
render deploy/logrotate.in | stage_text "$P/etc/logrotate.d/guichet" 644 "$ROOT_USER" "$ROOT_GROUP"
render deploy/tmpfiles.conf.in | stage_text "$P/etc/tmpfiles.d/guichet.conf" 644 "$ROOT_USER" "$ROOT_GROUP"
render deploy/sysctl.conf.in | stage_text "$P/etc/sysctl.d/60-guichet.conf" 644 "$ROOT_USER" "$ROOT_GROUP"

# Folders: MODE OWNER GROUP PATH. nginx's workers run as the service user (they
# must read the upload bodies they spool, the documents and the banner).
U=$SERVICE_USER G=$SERVICE_GROUP
DIRS="755 $ROOT_USER $ROOT_GROUP $OPT
755 $ROOT_USER $ROOT_GROUP $ETC
700 $ROOT_USER $ROOT_GROUP $ETC/tls
750 $U $G $DATA
700 $U $G $DATA/db
700 $U $G $DATA/keys
700 $U $G $DATA/documents
750 $U $G $DATA/status
700 $U $G $DATA/cache
700 $U $G $DATA/tmp
755 $ROOT_USER $ROOT_GROUP $DATA/acme
750 $U $G $RUN
750 $U $G $LOG
700 $U $G $BACKUPS"

# --- comparing ------------------------------------------------------------------
changes=0
declare -A changed=()
note() { changes=$((changes + 1)); echo "  $1"; }
while read -r mode owner group path; do
    if [ ! -d "$path" ]; then note "new folder   $path"
    elif [ "$(stat -c '%a %U %G' "$path")" != "$mode $owner $group" ]; then note "folder mode  $path ($(stat -c '%a %U %G' "$path") -> $mode $owner $group)"; fi
done <<< "$DIRS"
while read -r mode owner group path; do
    if [ ! -e "$path" ]; then
        note "new          $path"; changed[$path]=1
    elif ! cmp -s "$STAGE/tree$path" "$path"; then
        note "changed      $path"; changed[$path]=1
        if [ "$check" -eq 1 ] && grep -Iq . "$path" 2>/dev/null; then
            diff -u "$path" "$STAGE/tree$path" | sed 's/^/      /' | head -60 || true
        fi
    elif [ "$(stat -c '%a %U %G' "$path")" != "$mode $owner $group" ]; then
        note "mode         $path ($(stat -c '%a %U %G' "$path") -> $mode $owner $group)"; changed[$path]=1
    fi
done < "$STAGE/manifest"
# Files of an older version no longer shipped.
stale=()
cut -d' ' -f4- "$STAGE/manifest" > "$STAGE/paths"
if [ -d "$OPT" ]; then
    while IFS= read -r -d '' file; do
        grep -qxF "$file" "$STAGE/paths" || { stale+=("$file"); note "removed      $file"; }
    done < <(find "$OPT" -type f -print0)
fi
if [ "$SELF_SIGNED" -eq 1 ] && [ ! -s "$CERT" ]; then note "new          $CERT (self-signed, staging only)"; fi
[ -s "$DATA/keys/session.key" ] || note "new secrets  $DATA/keys (session key, receipt key pair)"
[ -s "$DATA/db/guichet.db" ] || note "new database $DATA/db/guichet.db"

if [ "$check" -eq 1 ]; then
    if [ "$changes" -eq 0 ]; then say "--check: nothing would change"; exit 0; fi
    say "--check: $changes change(s) would be made (nothing was changed)"
    exit 1
fi

# --- applying ---------------------------------------------------------------------
run_system() {  # systemctl and friends: skipped, and said so, under --prefix
    if [ -n "$prefix" ]; then echo "  [--prefix: skipped] $*"; else "$@"; fi
}
as_service() {  # runs a command as the service user
    if [ "$(id -un)" = "$SERVICE_USER" ]; then "$@"; else setpriv --reuid="$SERVICE_USER" --regid="$SERVICE_GROUP" --init-groups -- "$@"; fi
}

if [ -z "$prefix" ]; then
    getent group "$SERVICE_GROUP" >/dev/null || groupadd --system "$SERVICE_GROUP"
    id -u "$SERVICE_USER" >/dev/null 2>&1 || useradd --system --gid "$SERVICE_GROUP" --home-dir "$DATA" \
        --no-create-home --shell /usr/sbin/nologin --comment "Guichet service" "$SERVICE_USER"
fi
while read -r mode owner group path; do
    mkdir -p "$path"; chown "$owner:$group" "$path"; chmod "$mode" "$path"
done <<< "$DIRS"
for dir in client fastcgi proxy uwsgi scgi; do mkdir -p "$DATA/tmp/$dir"; done
chown -R "$SERVICE_USER:$SERVICE_GROUP" "$DATA/tmp"
# The data folder's layout is the local site's: run/ and logs/ point to /run and /var/log.
ln -sfn "$RUN" "$DATA/run"
ln -sfn "$LOG" "$DATA/logs"
for name in $POOLS; do
    [ -e "$LOG/$name.log" ] || install -m 640 -o "$SERVICE_USER" -g "$SERVICE_GROUP" /dev/null "$LOG/$name.log"
done

while read -r mode owner group path; do
    [ -n "${changed[$path]:-}" ] || continue
    mkdir -p "$(dirname "$path")"
    install -m "$mode" -o "$owner" -g "$group" "$STAGE/tree$path" "$path.deploy-new"
    mv -f "$path.deploy-new" "$path"   # a rename: a running binary or a reading nginx never sees half a file
done < "$STAGE/manifest"
for file in "${stale[@]}"; do rm -f -- "$file"; done

if [ "$SELF_SIGNED" -eq 1 ] && { [ ! -s "$CERT" ] || ! openssl x509 -in "$CERT" -noout -checkhost "$DOMAIN" | grep -q 'does match'; }; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 90 \
        -subj "/CN=$DOMAIN" -addext "subjectAltName=DNS:$DOMAIN" \
        -keyout "$KEY.new" -out "$CERT.new" 2>/dev/null
    chmod 600 "$KEY.new"; mv -f "$KEY.new" "$KEY"; mv -f "$CERT.new" "$CERT"
    say "made a SELF-SIGNED certificate for $DOMAIN ($CERT): staging only"
fi

# Secrets (keygen creates only what is missing), schema, banner: as the service user.
admin_env=(env GUICHET_DATA="$DATA" GUICHET_DB="$DATA/db/guichet.db" GUICHET_KEYS="$DATA/keys"
           GUICHET_STATUS_DIR="$DATA/status" GUICHET_PROGRAM="$OPT/db/program.json"
           GUICHET_MIGRATIONS="$OPT/db/migrations")
as_service "${admin_env[@]}" "$OPT/bin/guichet-admin" keygen >/dev/null
as_service "${admin_env[@]}" "$OPT/bin/guichet-admin" migrate >/dev/null
[ -f "$DATA/status/banner.html" ] || as_service "${admin_env[@]}" "$OPT/bin/guichet-admin" banner clear >/dev/null

nginx -t -q -p "$DATA" -e "$LOG/nginx-error.log" -c "$ETC/nginx.conf" ||
    { echo "deploy: the nginx configuration does not pass nginx -t (nothing was reloaded)" >&2; exit 1; }

# Services.
units_changed=0 common_changed=0
for path in "${!changed[@]}"; do
    case $path in
        "$SYSTEMD"/*) units_changed=1 ;;
        "$ETC/guichet.env"|"$OPT/db/"*) common_changed=1 ;;
    esac
done
[ "$units_changed" -eq 0 ] || run_system systemctl daemon-reload
[ -z "${changed[$P/etc/sysctl.d/60-guichet.conf]:-}" ] || run_system sysctl -q -p "$P/etc/sysctl.d/60-guichet.conf"
[ -z "${changed[$P/etc/tmpfiles.d/guichet.conf]:-}" ] || run_system systemd-tmpfiles --create "$P/etc/tmpfiles.d/guichet.conf"
if [ -z "$prefix" ] && systemctl is-enabled --quiet nginx.service 2>/dev/null; then
    say "disabling Debian's nginx.service (guichet-nginx.service serves ports $HTTP_PORT and $HTTPS_PORT)"
    systemctl disable --now nginx.service
fi
run_system systemctl enable --quiet guichet.target $UNITS
for name in $POOLS; do
    unit=guichet-$name.service
    if [ -z "$prefix" ] && ! systemctl is-active --quiet "$unit"; then
        systemctl start "$unit"
    elif [ "$common_changed" -eq 1 ] || [ -n "${changed[$OPT/bin/guichet-$name-fcgi]:-}" ] || [ -n "${changed[$SYSTEMD/$unit]:-}" ]; then
        say "restarting the $name pool"
        run_system systemctl restart "$unit"
        # One pool at a time: wait for its socket before touching the next.
        if [ -z "$prefix" ]; then for _ in $(seq 100); do [ -S "$RUN/$name.sock" ] && break; sleep 0.1; done; fi
    fi
done
if [ -z "$prefix" ] && systemctl is-active --quiet guichet-nginx.service; then
    run_system systemctl reload guichet-nginx.service
else
    run_system systemctl start guichet-nginx.service
fi
run_system systemctl start guichet-backup.timer

say "$changes change(s) applied. Guichet: https://$DOMAIN$HTTPS_SUFFIX/"
if [ "$SELF_SIGNED" -eq 1 ]; then
    say "WARNING: the certificate is SELF-SIGNED (staging only). Deploy again with --cert FULLCHAIN --key KEY."
fi
say "operator commands: sudo $SBIN/guichet-admin help     logs: $LOG/     runbook: docs/operations.md"
say "metrics (from this machine): curl -sk --resolve $DOMAIN:$HTTPS_PORT:127.0.0.1 https://$DOMAIN$HTTPS_SUFFIX/metrics"
