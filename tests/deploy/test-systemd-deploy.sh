#!/bin/bash
# deploy.sh --server on a fresh Debian 12 booted with systemd as PID 1
# (systemd-nspawn), where test-server-deploy.sh's --prefix run cannot go: the
# system users and groups it creates, who each process runs as, the owners and
# modes of the keys, sockets, database and documents, what each user can and
# cannot reach, and a candidate's whole path (upload, served back by nginx,
# claim, receipt checked with the served key) with those users; and the mail:
# postfix installed by tools/install-deps.sh mta, configured by --smtp-relay as
# a loopback-only null client, relays the claim's confirmation to a real SMTP
# server (Debian's python3-aiosmtpd, writing a maildir) playing the ministry's
# smarthost inside the container.
# Run by `make deploy-systemd-test`; needs root. The first run makes a Debian 12
# image with debootstrap (network), kept in $GUICHET_NSPAWN_IMAGE; each run boots
# a throwaway copy of it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
[ "$(id -u)" -eq 0 ] || { echo "deploy-systemd-test: needs root (debootstrap, systemd-nspawn)" >&2; exit 2; }
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
# The container shares this machine's network: its postfix takes port 25 of loopback.
if [ -n "$(ss -Hltn 'sport = :25')" ]; then
    ss -ltnp 'sport = :25'; echo "deploy-systemd-test: port 25 is taken on this machine (the container's postfix needs it)" >&2; exit 2
fi

M=$(mktemp -d /var/tmp/guichet-nspawn.XXXXXX)
. tests/deploy/nspawn.sh
cleanup() {
    if [ -n "${GUICHET_NSPAWN_KEEP:-}" ]; then echo "# kept: $M"; return; fi
    nspawn_stop_all
    rm -rf "$M"   # the container's copy, and what the checks saved beside it
}
trap cleanup EXIT
nspawn_image
HTTPS_PORT=$(free_port) HTTP_PORT=$(free_port) RELAY_PORT=$(free_port)
# The host's network (the site is reached from here), the repository read-only at /src.
nspawn_boot site "$NSPAWN_IMAGE"
nspawn_wait site
inside() { nspawn_in site "$@"; }
as_user() { local user=$1; shift; inside setpriv --reuid="$user" --regid="$user" --init-groups -- "$@"; }
cannot() { local user=$1; shift; ! as_user "$user" "$@" > /dev/null 2>&1; }

echo "# the ministry's smarthost: aiosmtpd on 127.0.0.1:$RELAY_PORT, writing a maildir"
SMARTHOST=/var/tmp/smarthost
inside systemd-run --quiet --unit=smarthost /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$RELAY_PORT" \
    -c aiosmtpd.handlers.Mailbox "$SMARTHOST"
for _ in $(seq 100); do [ -n "$(ss -Hltn "sport = :$RELAY_PORT")" ] && break; sleep 0.1; done
check "the smarthost listens" [ -n "$(ss -Hltn "sport = :$RELAY_PORT")" ]

echo "# postfix: refused without it under --no-install, then installed with no question"
deploy_args="--domain $DOMAIN --no-install --no-build --listen 127.0.0.1 --https-port $HTTPS_PORT --http-port $HTTP_PORT \
    --smtp-relay 127.0.0.1:$RELAY_PORT"
inside bash -c "cd /src && ./deploy.sh --server $deploy_args" > "$M/deploy0" 2>&1 && rc=0 || rc=$?
check "--smtp-relay --no-install without postfix stops and says how (exit $rc)" \
    bash -c "[ $rc -ne 0 ] && grep -q 'tools/install-deps.sh mta' '$M/deploy0'"
check "and it changed nothing" inside test ! -e /etc/guichet
inside /src/tools/install-deps.sh mta > "$M/postfix" 2>&1 || { tail -20 "$M/postfix"; fail "tools/install-deps.sh mta installs postfix"; exit 1; }
pass "tools/install-deps.sh mta installs postfix"
preseeded() { inside debconf-show postfix | grep -q 'main_mailer_type: Satellite system'; }
check "debconf was preseeded: a satellite system" preseeded
check "postfix's own script made it loopback-only from the start" grep -q 'setting inet_interfaces: loopback-only' "$M/postfix"

echo "# deploy.sh --server, as on a real server (the binaries from this build)"
if inside bash -c "cd /src && ./deploy.sh --server $deploy_args" > "$M/deploy" 2>&1; then
    pass "deploy.sh --server runs"
else
    tail -30 "$M/deploy"; fail "deploy.sh --server runs"; exit 1
fi
POOLS=$(inside bash -c 'cd /etc/systemd/system && ls guichet-*.service' | sed -n 's/^guichet-\(.*\)\.service$/\1/p' |
        grep -vx 'nginx\|backup' | tr '\n' ' ')

echo "# postfix: a null client on loopback, relaying everything to the smarthost"
check "postfix runs" inside systemctl is-active --quiet postfix@-.service
postconf_is() { [ "$(inside postconf -h "$1")" = "$2" ]; }
check "relayhost = [127.0.0.1]:$RELAY_PORT" postconf_is relayhost "[127.0.0.1]:$RELAY_PORT"
check "inet_interfaces = loopback-only" postconf_is inet_interfaces loopback-only
check "mydestination is empty: nothing is delivered on the node" postconf_is mydestination ""
check "myhostname is the site's domain" postconf_is myhostname "$DOMAIN"
check "only loopback may relay" postconf_is smtpd_relay_restrictions "permit_mynetworks, reject"
check "TLS to the relay when offered (may, the default)" postconf_is smtp_tls_security_level may
# The container shares this machine's network, so ss here sees its sockets.
listening=$(ss -Hltn 'sport = :25' | awk '{print $4}' | sort | tr '\n' ' ')
loopback_only() {
    local address n=0
    for address in $listening; do
        n=$((n + 1))
        case $address in 127.0.0.1:25|'[::1]:25') ;; *) return 1 ;; esac
    done
    [ "$n" -gt 0 ]
}
check "port 25 listens on loopback only (got: $listening)" loopback_only
check "the mailer sends to the local postfix" inside grep -qx 'GUICHET_SMTP_URL=smtp://127.0.0.1:25' /etc/guichet/guichet.env
check "deploy.conf keeps the relay, not the URL derived from it" \
    inside bash -c "grep -qx 'smtp_relay=127.0.0.1:$RELAY_PORT' /etc/guichet/deploy.conf && grep -qx 'smtp_url=' /etc/guichet/deploy.conf"

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
check "mail-link.key is the mailer user's alone (0400)" \
    [ "$(inside stat -c '%U %a' /var/lib/guichet/keys/mail-link.key)" = "guichet-mailer 400" ]
check "the accounts user cannot read the mail link key" cannot guichet-accounts cat /var/lib/guichet/keys/mail-link.key
for user in guichet guichet-dossier guichet-web guichet-upload; do
    check "$user cannot read the receipt key" cannot "$user" cat /var/lib/guichet/keys/receipt.key
done
check "identity.key is the claim user's alone (0400)" \
    [ "$(inside stat -c '%U %a' /var/lib/guichet/keys/identity.key)" = "guichet-claim 400" ]
for user in guichet guichet-dossier guichet-web; do
    check "$user cannot read the identity key" cannot "$user" cat /var/lib/guichet/keys/identity.key
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
cp tests/fixtures/documents/valid.pdf "$M/pdf"   # uploads are parsed: a real PDF
status=$(https -o /dev/null -w '%{http_code}' -X PUT --data-binary @"$M/pdf" -H 'Content-Type: application/pdf' \
         -b "$cookie" "$URL/api/documents/passport")
check "an upload is stored (201, got $status)" [ "$status" = 201 ]
sha=$(sha256sum < "$M/pdf" | cut -c1-64)
check "the stored document is the upload user's, nginx's group reads it (0640)" \
    [ "$(inside stat -c '%U %G %a' "/var/lib/guichet/documents/$sha")" = "guichet-upload guichet-web 640" ]
check "nginx serves the document back, byte for byte" \
    bash -c "[ \"\$(curl -sk --resolve '$DOMAIN:$HTTPS_PORT:127.0.0.1' -b '$cookie' '$URL/api/documents/passport' | sha256sum | cut -c1-64)\" = $sha ]"
check "the operator opens the window" inside /usr/local/sbin/guichet-admin window set --opens-at +0 --closes-at +3600 --places 10
https -b "$cookie" -X POST -H 'Content-Type: application/json' --data '{}' "$URL/api/claim" > "$M/claim"
check "the claim is granted (a signed receipt)" grep -q '"signature"' "$M/claim"
https -o "$M/pem" "$URL/keys/receipt.pem"
check "the receipt verifies with the key nginx serves" build/bin/guichet-verify --key "$M/pem" "$M/claim"

echo "# the public log of claims: the claim user writes it, nginx serves it"
check "the log folder is the claim user's, nginx's group reads it (2750)" \
    [ "$(inside stat -c '%U %G %a' /var/lib/guichet/claim-log)" = "guichet-claim guichet-web 2750" ]
check "guichet-web cannot write the log" cannot guichet-web touch /var/lib/guichet/claim-log/probe
published() {  # the checkpoint's text is a JSON string in the file: its quotes are escaped
    for _ in $(seq 150); do
        https "$URL/log/checkpoint.json" > "$M/checkpoint" 2>/dev/null && grep -q '\\"count\\":1,' "$M/checkpoint" && return 0
        sleep 0.1
    done
    return 1
}
check "a signed checkpoint of the one claim is served at /log/checkpoint.json" published
check "its entry is served at /log/entries/000001.jsonl" \
    [ "$(https "$URL/log/entries/000001.jsonl" | wc -l)" = 1 ]

echo "# the claim's confirmation: the mailer -> postfix on 127.0.0.1:25 -> the smarthost's maildir"
db() { as_user guichet sqlite3 -readonly /var/lib/guichet/db/guichet.db "$1"; }   # as the database's group: root would own new -shm files
account=$(awk 'NR == 1 { print $1 }' <<< "$seeded")
message_id=$(db "SELECT '<' || kind || '.' || id || '.' || created_at || '@$DOMAIN>' FROM outbox WHERE kind = 'claim_receipt' AND account_id = $account")
check "the claim queued its confirmation in the outbox (${message_id:-none})" [ -n "$message_id" ]
# Three messages: the window's notice to each seeded (verified) candidate, and the confirmation.
arrived() { for _ in $(seq 300); do [ "$(inside bash -c "ls $SMARTHOST/new 2>/dev/null | wc -l")" -ge 3 ] && return 0; sleep 0.1; done; return 1; }
check "the confirmation and the window's notices arrive in the smarthost's maildir" arrived
sleep 0.5
{ inside bash -c "cat $SMARTHOST/new/*" 2>/dev/null || true; } | tr -d '\r' > "$M/relayed"
relayed=$(inside bash -c "ls $SMARTHOST/new | wc -l")
check "three messages arrived, no more (got: $relayed)" [ "$relayed" = 3 ]
check "two of them the window's notices" [ "$(grep -c '^Message-ID: <window_notice\.' "$M/relayed")" = 2 ]
check "with the outbox's Message-ID" grep -qxF "Message-ID: $message_id" "$M/relayed"
check "through postfix (its Received: line)" grep -q "by $DOMAIN (Postfix)" "$M/relayed"
check "from the configured sender (envelope, as the smarthost saw it)" grep -qxF "X-MailFrom: no-reply@$DOMAIN" "$M/relayed"
sent() { for _ in $(seq 50); do [ "$(db "SELECT sent_at IS NOT NULL FROM outbox WHERE account_id = $account AND kind = 'claim_receipt'")" = 1 ] && return 0; sleep 0.1; done; return 1; }
check "the outbox row is marked sent" sent
queue_empty() { inside postqueue -p | grep -q 'Mail queue is empty'; }
check "postfix's queue is empty" queue_empty
check "no .eml was written" inside bash -c '! ls /var/lib/guichet/mail/*.eml > /dev/null 2>&1'

echo "# without an SMTP server (local.env empties GUICHET_SMTP_URL) the mailer writes .eml files, as guichet-mailer"
inside bash -c 'echo GUICHET_SMTP_URL= > /etc/guichet/local.env'
inside systemctl restart guichet-mailer.service
cookie2=__Host-guichet_session=$(awk 'NR == 2 { print $3 }' <<< "$seeded")
https -b "$cookie2" -X POST -H 'Content-Type: application/json' --data '{}' "$URL/api/claim" > "$M/claim-b"
check "the second candidate's claim is answered" grep -q '"signature"' "$M/claim-b"
check "its confirmation is written by the mailer" \
    inside bash -c 'for _ in $(seq 100); do ls /var/lib/guichet/mail/claim_receipt.*.eml > /dev/null 2>&1 && exit 0; sleep 0.1; done; exit 1'
check "the confirmation is the mailer user's" \
    [ "$(inside bash -c 'stat -c %U /var/lib/guichet/mail/claim_receipt.*.eml')" = guichet-mailer ]
inside rm -f /etc/guichet/local.env
inside systemctl restart guichet-mailer.service
check "the backup unit runs as guichet and makes a checked copy" inside systemctl start guichet-backup.service
check "the backup copy exists" inside bash -c 'ls /var/backups/guichet/guichet-*.db >/dev/null'
check "guichet-admin documents gc runs as the upload user" inside /usr/local/sbin/guichet-admin documents gc

echo "# a second deployment changes nothing, and the site keeps answering"
postfix_pid() { inside cat /var/spool/postfix/pid/master.pid | tr -d ' \n'; }
postfix_before="$(postfix_pid) $(inside sha256sum /etc/postfix/main.cf)"
inside bash -c "cd /src && ./deploy.sh --server --no-install --no-build" > "$M/deploy2" 2>&1 || { tail -20 "$M/deploy2"; fail "second deployment runs"; }
check "second deployment applies 0 changes" grep -q "deploy: 0 change(s) applied" "$M/deploy2"
check "postfix: main.cf untouched, not restarted (same master pid)" [ "$postfix_before" = "$(postfix_pid) $(inside sha256sum /etc/postfix/main.cf)" ]
check "the relay is remembered" postconf_is relayhost "[127.0.0.1]:$RELAY_PORT"
statuses=""
for _ in 1 2 3; do   # nginx was just reloaded: its old workers finish, the new ones answer
    status=$(curl -sk --max-time 10 --resolve "$DOMAIN:$HTTPS_PORT:127.0.0.1" -b "$cookie" -o "$M/claim2" -w '%{http_code}' "$URL/api/claim" || true)
    statuses+="$status "
    [ "$status" = 200 ] && break
    sleep 1
done
check "the receipt answers after it (got: $statuses)" grep -q signature "$M/claim2"
failed_units=$(inside systemctl list-units --failed --plain --no-legend 'guichet*' | awk '{print $1}' | tr '\n' ' ')
check "no Guichet unit failed (got: ${failed_units:-none})" [ -z "$failed_units" ]

if [ "$failures" -gt 0 ]; then
    echo "# the pools' logs"; inside bash -c 'tail -n 5 /var/log/guichet/*.log' || true
    echo "# postfix"; inside bash -c 'postqueue -p; journalctl --no-pager -n 20 -t postfix/smtp -t postfix/smtpd -t postfix/qmgr' || true
    echo "deploy-systemd-test: $failures failure(s)"; exit 1
fi
echo "deploy-systemd-test: all passed"
