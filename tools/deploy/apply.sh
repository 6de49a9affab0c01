# deploy-server, part 6: the service user, the folders, the files (each by
# rename), the certificate, the secrets and the schema; then nginx -t.

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

