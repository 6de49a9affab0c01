#!/bin/bash
# Tests deploy.sh --server in a throwaway root (--prefix): the install, the
# rendered nginx config (nginx -t), that a second run changes nothing, that
# --check notices a change, that the site answers when started from the
# installed tree exactly as the units would start it (their ExecStart lines,
# their environment files), that the units pass systemd-analyze verify, the
# logrotate config, and the backup rotation. Run by `make deploy-test`.
#
# Not tested here (no systemd as PID 1 in this container): systemctl itself,
# the user creation, and the sandboxing options at run time.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. tools/lib/pool.sh
P=$(mktemp -d /tmp/guichet-deploy-test.XXXXXX)
DOMAIN=guichet.test
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HTTPS_PORT=$(free_port)
HTTP_PORT=$(free_port)
PIDS=()
failures=0

cleanup() {
    if [ -s "$P/run/guichet/nginx.pid" ]; then kill -QUIT "$(cat "$P/run/guichet/nginx.pid")" 2>/dev/null || true; fi
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    local _ pid left   # up to 3 s for the pools to end (they are this shell's children: reaped at once)
    for _ in $(seq 150); do
        left=0
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && left=1; done
        [ "$left" -eq 1 ] || break
        sleep 0.02
    done
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    rm -rf "$P"
}
trap cleanup EXIT

pass() { echo "ok   - $1"; }
fail() { echo "FAIL - $1"; failures=$((failures + 1)); }
check() {  # check NAME COMMAND...
    local name=$1; shift
    if "$@"; then pass "$name"; else fail "$name"; fi
}
deploy() { ./deploy.sh --server --prefix "$P" --no-install --no-build "$@"; }
tree_hashes() {  # every installed file except live data (database, logs, sockets)
    (cd "$P" && find . -path ./var/lib/guichet/db -prune -o -path ./var/log -prune -o -path ./run -prune \
        -o -path ./var/lib/guichet/tmp -prune -o -path ./var/lib/guichet/cache -prune -o -type f -print0 |
        sort -z | xargs -0 sha256sum)
}
https() { curl -sk --max-time 10 --resolve "$DOMAIN:$HTTPS_PORT:127.0.0.1" "$@"; }

make -s -j2 all

echo "# first deployment into $P"
deploy --domain "$DOMAIN" --https-port "$HTTPS_PORT" --http-port "$HTTP_PORT" --listen 127.0.0.1 \
    --workers window=1 > "$P.log" 2>&1 || { cat "$P.log"; fail "first deployment runs"; exit 1; }
pass "first deployment runs"
check "it says the certificate is self-signed" grep -q "SELF-SIGNED" "$P.log"
check "the TLS config carries the self-signed comment" grep -q "SELF-SIGNED" "$P/etc/guichet/nginx-tls.conf"
check "no systemctl ran under --prefix" grep -q "\[--prefix: skipped\] systemctl enable" "$P.log"
check "keys folder lets others reach receipt.pem only (0711)" [ "$(stat -c %a "$P/var/lib/guichet/keys")" = 711 ]
check "private keys are 0400" [ "$(stat -c %a "$P/var/lib/guichet/keys/receipt.key")" = 400 ]
check "the identity key is 0400" [ "$(stat -c %a "$P/var/lib/guichet/keys/identity.key")" = 400 ]
check "the database is its group's (0660)" [ "$(stat -c %a "$P/var/lib/guichet/db/guichet.db")" = 660 ]
check "new documents take nginx's group (setgid folder)" [ "$(stat -c %a "$P/var/lib/guichet/documents")" = 2750 ]
check "handler env is not world-readable" [ "$(stat -c %a "$P/etc/guichet/guichet.env")" = 640 ]
check "the generated country list is installed" grep -q '"code":"FR"' "$P/opt/guichet/static/assets/countries.js"
check "database migrated" sqlite3 "$P/var/lib/guichet/db/guichet.db" "SELECT 1 FROM intake_window LIMIT 0"
check "origin is the https domain" grep -qx "GUICHET_ORIGIN=https://$DOMAIN:$HTTPS_PORT" "$P/etc/guichet/guichet.env"

echo "# nginx"
check "nginx -t passes on the installed config" \
    nginx -t -q -p "$P/var/lib/guichet" -e "$P/var/log/guichet/nginx-error.log" -c "$P/etc/guichet/nginx.conf"
check "one template: the installed config has the local template's claim location" \
    grep -q "location = /api/claim" "$P/etc/guichet/nginx.conf"
check "no placeholder left in the nginx config" bash -c "! grep -n '@[A-Z_]*@' '$P/etc/guichet/nginx.conf' '$P/etc/guichet/nginx-tls.conf' '$P/etc/guichet/nginx-redirect.conf'"

echo "# systemd units"
out=$(cd "$P/etc/systemd/system" && systemd-analyze verify ./*.service ./*.timer ./*.target 2>&1) && rc=0 || rc=$?
if [ "$rc" -eq 0 ] && [ -z "$out" ]; then pass "every unit passes systemd-analyze verify"; else echo "$out"; fail "every unit passes systemd-analyze verify"; fi
check "only upload may write the documents" bash -c "[ \$(grep -l 'ReadWritePaths=.*documents' '$P'/etc/systemd/system/guichet-*.service | wc -l) -le 1 ] && ! grep -q 'ReadWritePaths=.*documents' '$P/etc/systemd/system/guichet-window.service'"
check "pools are confined to unix sockets" grep -qx "RestrictAddressFamilies=AF_UNIX" "$P/etc/systemd/system/guichet-window.service"

echo "# a second run changes nothing"
before=$(tree_hashes)
check "--check reports nothing to change" bash -c "cd '$ROOT' && ./deploy.sh --server --prefix '$P' --no-install --no-build --check | grep -q 'nothing would change'"
deploy > "$P.log2" 2>&1 || { cat "$P.log2"; fail "second deployment runs"; }
check "second deployment applies 0 changes" grep -q "deploy: 0 change(s) applied" "$P.log2"
check "installed files are byte-identical after the second run" [ "$before" = "$(tree_hashes)" ]

echo "# --check notices a change and changes nothing"
echo "# edited by hand" >> "$P/etc/guichet/nginx.conf"
edited=$(sha256sum "$P/etc/guichet/nginx.conf")
deploy --check > "$P.log3" 2>&1 && rc=0 || rc=$?
check "--check exits 1 when something would change" [ "$rc" -eq 1 ]
check "--check names and diffs the file" bash -c "grep -q 'changed .*nginx.conf' '$P.log3' && grep -q '^ *-# edited by hand' '$P.log3'"
check "--check left the file alone" [ "$edited" = "$(sha256sum "$P/etc/guichet/nginx.conf")" ]
deploy > /dev/null 2>&1
check "a deployment puts it back" [ "$before" = "$(tree_hashes)" ]

echo "# the installed site answers, started as the units start it"
env_file=$P/etc/guichet/guichet.env
for unit in "$P"/etc/systemd/system/guichet-*.service; do
    case $unit in *-nginx.service|*-backup.service) continue ;; esac
    exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
    log=$(sed -n 's/^StandardError=append://p' "$unit")
    eval "$(sed -n 's/^ExecStartPre=//p' "$unit")"
    # shellcheck disable=SC2086
    ( set -a; . "$env_file"; set +a; exec setsid $exec_start ) >>"$log" 2>&1 </dev/null &
    PIDS+=($!)
done
for unit in "$P"/etc/systemd/system/guichet-*.service; do
    case $unit in *-nginx.service|*-backup.service) continue ;; esac
    sock=$(sed -n 's/^ExecStart=.* -s \([^ ]*\) .*/\1/p' "$unit")
    wait_pool_socket "$sock" 5000 || true
    check "pool socket $(basename "$sock") is open" [ -S "$sock" ]
done
eval "$(sed -n 's/^ExecStart=//p' "$P/etc/systemd/system/guichet-nginx.service")"
for _ in $(seq 100); do https -o /dev/null "https://$DOMAIN:$HTTPS_PORT/" && break; sleep 0.05; done
check "the home page answers over HTTPS" bash -c "[ \"\$(curl -sk --resolve '$DOMAIN:$HTTPS_PORT:127.0.0.1' -o /dev/null -w '%{http_code}' 'https://$DOMAIN:$HTTPS_PORT/')\" = 200 ]"
headers=$(https -D - -o /dev/null "https://$DOMAIN:$HTTPS_PORT/")
check "HSTS is sent over HTTPS" grep -qi "^strict-transport-security: max-age=" <<< "$headers"
check "/api/window answers through the window pool" bash -c "curl -sk --resolve '$DOMAIN:$HTTPS_PORT:127.0.0.1' 'https://$DOMAIN:$HTTPS_PORT/api/window' | grep -q '\"state\"'"
login=$(https -o /dev/null -w '%{http_code}' -X POST -H "Origin: https://$DOMAIN:$HTTPS_PORT" -H 'Content-Type: application/json' \
        --data '{"email":"nobody@example.org","password":"not the password"}' "https://$DOMAIN:$HTTPS_PORT/api/session")
check "a login is answered by the accounts pool (401, got $login)" [ "$login" = 401 ]
redirect=$(curl -s --max-time 10 -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$HTTP_PORT/some/page?x=1")
check "plain HTTP redirects to HTTPS (got: $redirect)" [ "$redirect" = "301 https://$DOMAIN:$HTTPS_PORT/some/page?x=1" ]
check "TLS 1.1 is refused" bash -c "! curl -sk --resolve '$DOMAIN:$HTTPS_PORT:127.0.0.1' --tls-max 1.1 -o /dev/null 'https://$DOMAIN:$HTTPS_PORT/' 2>/dev/null"
if [ -x "$P/opt/guichet/bin/guichet-metrics-fcgi" ]; then
    check "/metrics answers on loopback" bash -c "curl -sk --resolve '$DOMAIN:$HTTPS_PORT:127.0.0.1' 'https://$DOMAIN:$HTTPS_PORT/metrics' | grep -q '^guichet_pool_up{handler=\"window\"} 1'"
fi
check "the operator's guichet-admin works on the installed site" \
    bash -c "'$P/usr/local/sbin/guichet-admin' window set --opens-at +3600 --closes-at +7200 --places 123 > /dev/null"
served=""
for _ in $(seq 60); do  # nginx micro-caches /api/window for a second or two
    served=$(https "https://$DOMAIN:$HTTPS_PORT/api/window")
    grep -q '"places_total":123' <<< "$served" && break
    sleep 0.1
done
check "the window set by guichet-admin is served" grep -q '"places_total":123' <<< "$served"

echo "# an upgrade keeps the data and reloads nginx without stopping it"
nginx_pid=$(cat "$P/run/guichet/nginx.pid")
touch "$P/opt/guichet/static/index.html.old-release"   # a file the new release no longer ships
deploy > /dev/null 2>&1
check "a file no longer shipped is removed" [ ! -e "$P/opt/guichet/static/index.html.old-release" ]
check "the database kept its data" [ "$(sqlite3 "$P/var/lib/guichet/db/guichet.db" 'SELECT places_total FROM intake_window')" = 123 ]
nginx -s reload -p "$P/var/lib/guichet" -e "$P/var/log/guichet/nginx-error.log" -c "$P/etc/guichet/nginx.conf"
check "nginx reloads in place (same master pid)" [ "$(cat "$P/run/guichet/nginx.pid")" = "$nginx_pid" ]
check "the site still answers after the reload" bash -c "[ \"\$(curl -sk --resolve '$DOMAIN:$HTTPS_PORT:127.0.0.1' -o /dev/null -w '%{http_code}' 'https://$DOMAIN:$HTTPS_PORT/')\" = 200 ]"

echo "# logrotate"
if command -v logrotate > /dev/null; then
    out=$(logrotate -d -s "$P/logrotate.state" "$P/etc/logrotate.d/guichet" 2>&1) && rc=0 || rc=$?
    if [ "$rc" -eq 0 ] && ! grep -qi "^error" <<< "$out"; then pass "logrotate accepts the config"; else echo "$out" | tail -5; fail "logrotate accepts the config"; fi
else
    echo "skip - logrotate is not installed (tools/install-deps.sh server installs it)"
fi

echo "# backups: checked copies, rotation, a bad copy never costs a good one"
tests/deploy/test-backup-rotation.sh "$P/opt/guichet/bin/guichet-backup" && pass "backup rotation" || fail "backup rotation"

if [ "$failures" -gt 0 ]; then echo "deploy-test: $failures failure(s)"; exit 1; fi
echo "deploy-test: all passed"
