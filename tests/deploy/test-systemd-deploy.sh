#!/bin/bash
# deploy.sh --server on a fresh Debian 12 booted with systemd as PID 1
# (systemd-nspawn), where test-server-deploy.sh's --prefix run cannot go: the
# system users and groups it creates, who each process runs as, the owners and
# modes of the keys, sockets, database and documents, what each user can and
# cannot reach, and a candidate's whole path (upload, served back by nginx,
# claim, receipt checked with the served key) with those users.
# Run by `make deploy-systemd-test`; needs root. The first run makes a Debian 12
# image with debootstrap (network), kept in $GUICHET_NSPAWN_IMAGE; each run boots
# a throwaway copy of it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
[ "$(id -u)" -eq 0 ] || { echo "deploy-systemd-test: needs root (debootstrap, systemd-nspawn)" >&2; exit 2; }
IMAGE=${GUICHET_NSPAWN_IMAGE:-/var/cache/guichet/nspawn-bookworm}
MIRROR=${GUICHET_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# What the installed site needs at run time (tools/install-deps.sh names the build's packages).
RUNTIME=systemd,dbus,nginx,spawn-fcgi,multiwatch,libfcgi0ldbl,libsqlite3-0,libmbedcrypto7,libjansson4,libseccomp2,sqlite3,curl,openssl,logrotate,iso-codes,procps,ca-certificates
DOMAIN=guichet.test
failures=0
pass() { echo "ok   - $1"; }
fail() { echo "FAIL - $1"; failures=$((failures + 1)); }
check() {  # check NAME COMMAND...
    local name=$1; shift
    if "$@"; then pass "$name"; else fail "$name"; fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

tools/install-deps.sh nspawn
make -s -j"$(nproc)" all
if [ ! -x "$IMAGE/usr/sbin/nginx" ]; then
    echo "# making the Debian 12 image in $IMAGE (once)"
    rm -rf "$IMAGE.partial"; mkdir -p "$(dirname "$IMAGE")"
    debootstrap --variant=minbase --include="$RUNTIME" bookworm "$IMAGE.partial" "$MIRROR" > "$IMAGE.log" 2>&1 ||
        { tail -20 "$IMAGE.log"; echo "deploy-systemd-test: debootstrap failed" >&2; exit 2; }
    mv "$IMAGE.partial" "$IMAGE"
fi

M=$(mktemp -d /var/tmp/guichet-nspawn.XXXXXX)
NSPAWN="" LEADER=""
cleanup() {
    if [ -n "${GUICHET_NSPAWN_KEEP:-}" ]; then echo "# kept: $M (nspawn $NSPAWN, leader $LEADER)"; return; fi
    if [ -n "$NSPAWN" ]; then
        kill -TERM "$NSPAWN" 2>/dev/null || true   # nspawn asks the container's systemd to power off
        for _ in $(seq 100); do kill -0 "$NSPAWN" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$NSPAWN" 2>/dev/null || true
    fi
    rm -rf "$M"
}
trap cleanup EXIT
cp -a "$IMAGE/." "$M/"
HTTPS_PORT=$(free_port) HTTP_PORT=$(free_port)
# The host's network (the site is reached from here), the repository read-only at /src.
# nspawn's own seccomp filter refuses Landlock (the pools refuse to start
# without it) and mlock (without CAP_IPC_LOCK): a real server has neither limit.
systemd-nspawn -q -D "$M" --register=no --keep-unit -b --bind-ro="$ROOT:/src" --capability=CAP_IPC_LOCK \
    --system-call-filter="landlock_create_ruleset landlock_add_rule landlock_restrict_self" > "$M.console" 2>&1 < /dev/null &
NSPAWN=$!
LEADER=""
for _ in $(seq 100); do
    LEADER=$(pgrep -P "$NSPAWN" -x systemd | head -1 || true)   # the container's PID 1 (not nspawn's short-lived helper)
    [ -n "$LEADER" ] && break
    sleep 0.1
done
[ -n "$LEADER" ] || { cat "$M.console"; echo "deploy-systemd-test: the container did not start" >&2; exit 1; }
inside() { nsenter -t "$LEADER" -m -u -i -p -- "$@"; }
as_user() { local user=$1; shift; inside setpriv --reuid="$user" --regid="$user" --init-groups -- "$@"; }
cannot() { local user=$1; shift; ! as_user "$user" "$@" > /dev/null 2>&1; }
state=""
for _ in $(seq 120); do   # until its systemd answers and has finished booting
    state=$(inside systemctl is-system-running 2>/dev/null || true)
    case $state in running|degraded) break ;; esac
    sleep 0.5
done
echo "# the container's systemd: $state"
case $state in running|degraded) ;; *) cat "$M.console"; echo "deploy-systemd-test: systemd did not boot" >&2; exit 1 ;; esac

echo "# deploy.sh --server, as on a real server (the binaries from this build)"
if inside bash -c "cd /src && ./deploy.sh --server --domain $DOMAIN --no-install --no-build --listen 127.0.0.1 \
        --https-port $HTTPS_PORT --http-port $HTTP_PORT" > "$M.deploy" 2>&1; then
    pass "deploy.sh --server runs"
else
    tail -30 "$M.deploy"; fail "deploy.sh --server runs"; exit 1
fi
POOLS=$(inside bash -c 'cd /etc/systemd/system && ls guichet-*.service' | sed -n 's/^guichet-\(.*\)\.service$/\1/p' |
        grep -vx 'nginx\|backup' | tr '\n' ' ')

echo "# users: one per pool, nginx's workers their own"
for name in $POOLS; do
    user=guichet-$name; [ "$name" = admin ] && user=guichet
    check "the $name pool is active" inside systemctl is-active --quiet "guichet-$name.service"
    main=$(inside systemctl show -p MainPID --value "guichet-$name.service")
    check "the $name pool's multiwatch runs as $user" [ "$(inside ps -o user= -p "$main" | tr -d ' ')" = "$user" ]
    workers=$(inside ps -o user= --ppid "$main" | sort -u | tr -d ' ' | tr '\n' ' ')
    check "the $name pool's workers run as $user (got: $workers)" [ "$workers" = "$user " ]
    check "the $name socket is $user's, nginx's group may connect" \
        [ "$(inside stat -c '%U %G %a' "/run/guichet/$name.sock")" = "$user guichet-web 660" ]
done
nginx_users=$(inside ps -o user= -C nginx | sort | uniq -c | awk '{print $2}' | tr '\n' ' ')
check "nginx: the master is root, the workers guichet-web (got: $nginx_users)" [ "$nginx_users" = "guichet-web root " ]

echo "# what each user can reach"
check "receipt.key is the claim user's alone (0400)" \
    [ "$(inside stat -c '%U %a' /var/lib/guichet/keys/receipt.key)" = "guichet-claim 400" ]
check "the claim user reads the receipt key" as_user guichet-claim test -r /var/lib/guichet/keys/receipt.key
for user in guichet guichet-dossier guichet-web guichet-upload; do
    check "$user cannot read the receipt key" cannot "$user" cat /var/lib/guichet/keys/receipt.key
done
check "guichet-web cannot open the database" cannot guichet-web sqlite3 -readonly /var/lib/guichet/db/guichet.db 'SELECT 1'
check "guichet-web cannot write the documents" cannot guichet-web touch /var/lib/guichet/documents/probe
check "guichet-web cannot write the banner" cannot guichet-web touch /var/lib/guichet/status/probe
check "guichet-web reads the banner" as_user guichet-web test -r /var/lib/guichet/status/banner.html
# curl exits 7 when connect() is refused; connected, it gets no HTTP answer from a FastCGI worker.
connect_code() { as_user "$1" curl -s -o /dev/null --max-time 3 --unix-socket "/run/guichet/$2.sock" http://pool/ && echo 0 || echo $?; }
check "the dossier user cannot connect to the claim pool" [ "$(connect_code guichet-dossier claim)" = 7 ]
check "the upload user cannot connect to the admin pool" [ "$(connect_code guichet-upload admin)" = 7 ]
check "nginx's user can connect to the claim pool" [ "$(connect_code guichet-web claim)" != 7 ]

echo "# a candidate's path, with those users"
https() { curl -sk --max-time 10 --resolve "$DOMAIN:$HTTPS_PORT:127.0.0.1" -H "Origin: https://$DOMAIN:$HTTPS_PORT" "$@"; }
URL=https://$DOMAIN:$HTTPS_PORT
check "the home page answers over HTTPS" [ "$(https -o /dev/null -w '%{http_code}' "$URL/")" = 200 ]
seeded=$(inside bash -c 'set -a; . /etc/guichet/guichet.env; set +a;
    exec setpriv --reuid=guichet --regid=guichet --init-groups -- /src/build/bin/guichet-seed --count 2')
# Over HTTPS the session cookie carries the __Host- prefix (domain/sessions.h).
cookie=__Host-guichet_session=$(awk 'NR == 1 { print $3 }' <<< "$seeded")
check "two candidates seeded" [ "$(wc -l <<< "$seeded")" = 2 ]
cp tests/fixtures/documents/valid.pdf "$M.pdf"   # uploads are parsed: a real PDF
status=$(https -o /dev/null -w '%{http_code}' -X PUT --data-binary @"$M.pdf" -H 'Content-Type: application/pdf' \
         -b "$cookie" "$URL/api/documents/passport")
check "an upload is stored (201, got $status)" [ "$status" = 201 ]
sha=$(sha256sum < "$M.pdf" | cut -c1-64)
check "the stored document is the upload user's, nginx's group reads it (0640)" \
    [ "$(inside stat -c '%U %G %a' "/var/lib/guichet/documents/$sha")" = "guichet-upload guichet-web 640" ]
check "nginx serves the document back, byte for byte" \
    bash -c "[ \"\$(curl -sk --resolve '$DOMAIN:$HTTPS_PORT:127.0.0.1' -b '$cookie' '$URL/api/documents/passport' | sha256sum | cut -c1-64)\" = $sha ]"
check "the operator opens the window" inside /usr/local/sbin/guichet-admin window set --opens-at +0 --closes-at +3600 --places 10
https -b "$cookie" -X POST -H 'Content-Type: application/json' --data '{}' "$URL/api/claim" > "$M.claim"
check "the claim is granted (a signed receipt)" grep -q '"signature"' "$M.claim"
https -o "$M.pem" "$URL/keys/receipt.pem"
check "the receipt verifies with the key nginx serves" build/bin/guichet-verify --key "$M.pem" "$M.claim"
# No --smtp-url: the mailer pool, as guichet-mailer, writes the confirmation into the mail folder.
check "the claim's confirmation is written by the mailer" \
    inside bash -c 'for _ in $(seq 100); do ls /var/lib/guichet/mail/claim_receipt.*.eml > /dev/null 2>&1 && exit 0; sleep 0.1; done; exit 1'
check "the confirmation is the mailer user's" \
    [ "$(inside bash -c 'stat -c %U /var/lib/guichet/mail/claim_receipt.*.eml')" = guichet-mailer ]
check "the backup unit runs as guichet and makes a checked copy" inside systemctl start guichet-backup.service
check "the backup copy exists" inside bash -c 'ls /var/backups/guichet/guichet-*.db >/dev/null'
check "guichet-admin documents gc runs as the upload user" inside /usr/local/sbin/guichet-admin documents gc

echo "# a second deployment changes nothing, and the site keeps answering"
inside bash -c "cd /src && ./deploy.sh --server --no-install --no-build" > "$M.deploy2" 2>&1 || { tail -20 "$M.deploy2"; fail "second deployment runs"; }
check "second deployment applies 0 changes" grep -q "deploy: 0 change(s) applied" "$M.deploy2"
statuses=""
for _ in 1 2 3; do   # nginx was just reloaded: its old workers finish, the new ones answer
    status=$(curl -sk --max-time 10 --resolve "$DOMAIN:$HTTPS_PORT:127.0.0.1" -b "$cookie" -o "$M.claim2" -w '%{http_code}' "$URL/api/claim" || true)
    statuses+="$status "
    [ "$status" = 200 ] && break
    sleep 1
done
check "the receipt answers after it (got: $statuses)" grep -q signature "$M.claim2"
failed_units=$(inside systemctl list-units --failed --plain --no-legend 'guichet*' | awk '{print $1}' | tr '\n' ' ')
check "no Guichet unit failed (got: ${failed_units:-none})" [ -z "$failed_units" ]

if [ "$failures" -gt 0 ]; then
    echo "# the pools' logs"; inside bash -c 'tail -n 5 /var/log/guichet/*.log' || true
    echo "deploy-systemd-test: $failures failure(s)"; exit 1
fi
echo "deploy-systemd-test: all passed"
