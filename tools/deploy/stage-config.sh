# deploy-server, part 3: the staging area, and the configuration rendered into
# it (nginx and TLS, the handlers' environment, the remembered settings).
# Nothing outside $STAGE changes here.

# --- rendering ----------------------------------------------------------------
# The claim queue and nginx's workers follow the somaxconn this deployment
# installs (deploy/sysctl.conf.in, applied by services.sh after staging), not
# the kernel's value before it (tools/lib/capacity.sh).
export GUICHET_SOMAXCONN=${GUICHET_SOMAXCONN:-$(awk '$1 == "net.core.somaxconn" {print $3}' deploy/sysctl.conf.in)}
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
: > "$STAGE/manifest"

# render TEMPLATE: prints it with every @NAME@ replaced by the shell variable NAME
# (tools/lib/render.sh: an unknown or unreplaced placeholder stops the deployment).
render() { render_template "$1" || die "cannot render $1"; }
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
# reuseport: one accept queue per nginx worker, so the kernel spreads the
# crowd evenly and no worker runs out of descriptors first (tools/lib/capacity.sh).
addr=${LISTEN:+$LISTEN:}
SERVER_LISTEN="listen ${addr}$HTTPS_PORT ssl http2 backlog=16384 reuseport;"
HTTP_LISTEN="listen ${addr}$HTTP_PORT;"
if [ -z "$LISTEN" ] && [ -e /proc/net/if_inet6 ]; then
    SERVER_LISTEN+=" listen [::]:$HTTPS_PORT ssl http2 backlog=16384 reuseport;"
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
GUICHET_SITE_ROOT=$OPT GUICHET_NGINX_USER="$WEB_USER $WEB_GROUP" \
    GUICHET_SERVER_LISTEN="$SERVER_LISTEN" GUICHET_SERVER_NAME="$DOMAIN" \
    GUICHET_SERVER_TLS="include $ETC/nginx-tls.conf;" GUICHET_EXTRA_SERVERS="include $ETC/nginx-redirect.conf;" \
    GUICHET_METRICS_ALLOW="$METRICS_ALLOW" GUICHET_ADMIN_ALLOW="$ADMIN_ALLOW" \
    GUICHET_TRUSTED_PROXIES="$TRUSTED_PROXIES" tools/site.sh render "$DATA" "$HTTPS_PORT" "$STAGE/nginx.conf"
stage "$STAGE/nginx.conf" "$ETC/nginx.conf" 644 "$ROOT_USER" "$ROOT_GROUP"
render deploy/guichet.env.in | stage_text "$ETC/guichet.env" 640 "$ROOT_USER" "$SERVICE_GROUP"
render deploy/backup.env.in | stage_text "$ETC/backup.env" 644 "$ROOT_USER" "$ROOT_GROUP"
{
    echo "# The settings of the last deployment (tools/deploy-server.sh reads them as defaults)."
    for key in domain cert key https_port http_port listen memory_max backup_interval backup_keep metrics_allow admin_allow user smtp_url smtp_relay smtp_relay_tls mail_from database_file trusted_proxies keys_from; do
        case $key in
            cert) value=$([ "$SELF_SIGNED" -eq 1 ] || echo "$CERT") ;;
            key) value=$([ "$SELF_SIGNED" -eq 1 ] || echo "$KEY") ;;
            # What was given: the local postfix's URL is derived from --smtp-relay at each run.
            user|smtp_url) value=${opt[$key]:-${saved[$key]:-}} ;;
            *) var=${key^^}; value=${!var} ;;
        esac
        echo "$key=$value"
    done
    for name in $POOLS; do
        value=${workers[$name]:-${saved[workers_$name]:-}}
        [ -z "$value" ] || echo "workers_$name=$value"
    done
} | stage_text "$ETC/deploy.conf" 644 "$ROOT_USER" "$ROOT_GROUP"

