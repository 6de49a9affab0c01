# shellcheck shell=bash
# deploy-cluster, role lb: haproxy (Debian's haproxy.service) takes the public's
# HTTPS and spreads it over the front machines, which each keep their own TLS
# site (haproxy re-encrypts to them). Sourced by tools/deploy-cluster.sh.
#
# What it does for a candidate (docs/cluster.md, "Deploying a cluster"):
# - a front that stops answering its health check (GET / every second) is out
#   within 2 s; its claims and reads in flight that got no answer are sent
#   again to another front (a claim is idempotent: a repeat returns the first receipt);
# - the client's address reaches the fronts in X-Forwarded-For, which they
#   trust from this machine's address only (their per-client limits);
# - slow clients cannot hold connections open (timeout http-request).

cert="" key=""
set -- "${passed[@]}"
while [ $# -gt 0 ]; do
    case "$1" in
        --cert) [ $# -ge 2 ] || die "--cert needs a file"; cert=$2; shift ;;
        --key) [ $# -ge 2 ] || die "--key needs a file"; key=$2; shift ;;
        --no-install) ;;
        *) die "the lb role takes --cert FULLCHAIN --key KEY and --no-install, not $1" ;;
    esac
    shift
done
if [ "$install" -eq 1 ]; then "$REPO/tools/install-deps.sh" lb; fi
[ -x /usr/sbin/haproxy ] || die "haproxy is missing: run without --no-install, or tools/install-deps.sh lb"

mkdir -p /etc/guichet/lb; chmod 700 /etc/guichet/lb
# The certificate: the operator's (the fronts hold the same one, and haproxy
# checks theirs against the system's authorities), else a self-signed one for
# staging, and then haproxy cannot check the fronts' certificates (said below).
if [ -n "$cert$key" ]; then
    [ -r "$cert" ] && [ -r "$key" ] || die "--cert and --key must both name readable files"
    VERIFY="verify required ca-file /etc/ssl/certs/ca-certificates.crt verifyhost $DOMAIN"
else
    cert=/etc/guichet/lb/selfsigned.crt key=/etc/guichet/lb/selfsigned.key
    if ! self_signed_current "$cert" "$DOMAIN"; then
        make_self_signed "$DOMAIN" "$cert" "$key" || die "openssl could not make a self-signed certificate"
        say "made a SELF-SIGNED certificate for $DOMAIN: staging only"
    fi
    VERIFY="verify none"
fi
# haproxy reads the certificate and its key from one file.
{ sed -e '$a\' "$cert"; sed -e '$a\' "$key"; } > /etc/guichet/lb/site.pem.new   # each ends its line
chmod 600 /etc/guichet/lb/site.pem.new
pem_changed=0
if cmp -s /etc/guichet/lb/site.pem.new /etc/guichet/lb/site.pem; then rm /etc/guichet/lb/site.pem.new
else mv /etc/guichet/lb/site.pem.new /etc/guichet/lb/site.pem; pem_changed=1; fi

servers=""
for front in $(inventory_names front); do
    servers="$servers    server $front ${INV_ADDRESS[$front]}:$HTTPS_PORT
"
done
https_suffix=""; [ "$HTTPS_PORT" = 443 ] || https_suffix=":$HTTPS_PORT"
MAXCONN=$(inventory_setting lb_maxconn 50000)
cat > /etc/haproxy/haproxy.cfg.new <<EOF
# Written by Guichet's deploy.sh (role lb, tools/deploy/role-lb.sh) from the
# cluster's inventory: every deployment rewrites it.
global
    log /dev/log local0 notice
    chroot /var/lib/haproxy
    stats socket /run/haproxy/admin.sock mode 660 level admin
    user haproxy
    group haproxy
    daemon
    # Two descriptors a connection (the client's, the front's).
    maxconn $MAXCONN
    ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256
    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets

defaults
    mode http
    log global
    option httplog
    option forwardfor
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    timeout http-keep-alive 5s
    timeout check 2s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout

frontend www
    bind $ADDRESS:$HTTPS_PORT ssl crt /etc/guichet/lb/site.pem alpn h2,http/1.1
    bind $ADDRESS:$HTTP_PORT
    http-request redirect location https://$DOMAIN$https_suffix%[capture.req.uri] code 301 unless { ssl_fc }
    # A request whose front died before answering is sent again to another only
    # when that is safe: a claim (one per account: a repeat returns the first
    # receipt) and reads. Any request whose connection failed is sent again.
    http-request disable-l7-retry if !{ path /api/claim } !{ method GET HEAD }
    default_backend fronts

backend fronts
    balance roundrobin
    option httpchk
    http-check send meth GET uri / ver HTTP/1.1 hdr Host $DOMAIN
    http-check expect status 200
    default-server check inter 1s fall 2 rise 2 ssl sni str($DOMAIN) $VERIFY alpn http/1.1
$servers
EOF
haproxy -c -q -f /etc/haproxy/haproxy.cfg.new || { rm -f /etc/haproxy/haproxy.cfg.new; die "haproxy -c refuses the configuration (nothing was changed)"; }
cfg_changed=0
if cmp -s /etc/haproxy/haproxy.cfg.new /etc/haproxy/haproxy.cfg; then rm /etc/haproxy/haproxy.cfg.new
else
    [ -e /etc/haproxy/haproxy.cfg.debian ] || [ ! -e /etc/haproxy/haproxy.cfg ] || grep -q "Guichet's deploy.sh" /etc/haproxy/haproxy.cfg ||
        cp -p /etc/haproxy/haproxy.cfg /etc/haproxy/haproxy.cfg.debian
    mv /etc/haproxy/haproxy.cfg.new /etc/haproxy/haproxy.cfg; cfg_changed=1; say "wrote /etc/haproxy/haproxy.cfg"
fi
# The machine's ports 80 and 443 are haproxy's (as a front's are guichet-nginx's).
if systemctl is-enabled --quiet nginx.service 2>/dev/null; then
    say "disabling Debian's nginx.service (haproxy serves ports $HTTP_PORT and $HTTPS_PORT)"
    systemctl disable --quiet --now nginx.service
fi
for port in "$HTTP_PORT" "$HTTPS_PORT"; do
    other=$(ss -Hltnp "sport = :$port" | grep -v '"haproxy"' | head -1 || true)
    [ -z "$other" ] || die "port $port is taken by another program: $other"
done
listening() {  # haproxy holds both ports on ADDRESS, with the configuration just written
    local port sockets
    for port in "$HTTP_PORT" "$HTTPS_PORT"; do
        sockets=$(ss -Hltnp "sport = :$port")   # kept, then matched: no early-closed pipe under pipefail
        [[ $sockets == *"$ADDRESS:$port "*'"haproxy"'* ]] || return 1
    done
}
systemctl enable --quiet haproxy.service
if ! systemctl is-active --quiet haproxy.service; then
    systemctl start haproxy.service
elif [ $((cfg_changed + pem_changed)) -gt 0 ]; then
    # A reload whose new process cannot start keeps the old one and still
    # "succeeds" for systemd: the check below is what says it worked.
    say "reloading haproxy (its connections in progress finish on the old process)"; systemctl reload haproxy.service
fi
for _ in $(seq 50); do listening && break; sleep 0.1; done
if ! listening; then   # an earlier reload that failed left the old process: start afresh
    say "haproxy does not listen as configured: restarting it"; systemctl restart haproxy.service
    for _ in $(seq 50); do listening && break; sleep 0.1; done
fi
listening || die "haproxy does not listen on $ADDRESS:$HTTP_PORT and $ADDRESS:$HTTPS_PORT (journalctl -u haproxy)"
if [ $((cfg_changed + pem_changed)) -gt 0 ] &&
    [[ $(journalctl -u haproxy.service --since "-10s" --no-pager 2>/dev/null) == *"Loading failure"* ]]; then
    die "haproxy refused the new configuration and runs the old one (journalctl -u haproxy)"
fi
say "$((cfg_changed + pem_changed)) file(s) changed on $name (lb). Guichet: https://$DOMAIN$https_suffix/"
[ "$VERIFY" != "verify none" ] ||
    say "WARNING: SELF-SIGNED certificate (staging only): haproxy does not check the fronts' certificates either. Deploy again with --cert and --key."
