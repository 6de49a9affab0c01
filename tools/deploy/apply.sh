# deploy-server, part 6: the service user, the folders, the files (each by
# rename), the certificate, the secrets and the schema; then nginx -t.

# --- applying ---------------------------------------------------------------------
run_system() {  # systemctl and friends: skipped, and said so, under --prefix
    if [ -n "$prefix" ]; then echo "  [--prefix: skipped] $*"; else "$@"; fi
}
as_service() {  # runs a command as the service user
    if [ "$(id -un)" = "$SERVICE_USER" ]; then "$@"; else setpriv --reuid="$SERVICE_USER" --regid="$SERVICE_GROUP" --init-groups -- "$@"; fi
}

system_user() {  # system_user NAME COMMENT [SUPPLEMENTARY_GROUP...]: made once, its groups kept right
    local name=$1 comment=$2; shift 2
    getent group "$name" >/dev/null || groupadd --system "$name"
    id -u "$name" >/dev/null 2>&1 || useradd --system --gid "$name" --home-dir "$DATA" \
        --no-create-home --shell /usr/sbin/nologin --comment "$comment" "$name"
    local group
    for group in "$@"; do
        id -nG "$name" | tr ' ' '\n' | grep -qx "$group" || usermod -a -G "$group" "$name"
    done
}
if [ -z "$prefix" ]; then
    system_user "$WEB_USER" "Guichet web front (nginx workers)"
    # The operator's user probes the pools' sockets (guichet-admin stats): nginx's group.
    system_user "$SERVICE_USER" "Guichet service (admin pool, operator commands, backups)" "$WEB_GROUP"
    for name in $POOLS; do
        [ "$(pool_user "$name")" != "$SERVICE_USER" ] || continue
        extra=""; [ "$name" != metrics ] || extra=$WEB_GROUP   # metrics probes every pool's socket
        system_user "$(pool_user "$name")" "Guichet $name pool" "$DB_GROUP" $extra
    done
fi
while read -r mode owner group path; do
    mkdir -p "$path"; chown "$owner:$group" "$path"; chmod "$mode" "$path"
done <<< "$DIRS"
for dir in client fastcgi proxy uwsgi scgi; do mkdir -p "$DATA/tmp/$dir"; done
# What an earlier layout (one user for everything) left with the wrong owner.
owned_by() {  # owned_by USER GROUP FOLDER: every file below belongs to USER:GROUP
    find "$3" -xdev \( ! -user "$1" -o ! -group "$2" \) -exec chown -h "$1:$2" {} +
}
owned_by "$WEB_USER" "$WEB_GROUP" "$DATA/tmp"
owned_by "$WEB_USER" "$WEB_GROUP" "$DATA/cache"
owned_by "$UPLOAD_USER" "$WEB_GROUP" "$DATA/documents"
owned_by "$SERVICE_USER" "$WEB_GROUP" "$DATA/status"
owned_by "$CLAIM_USER" "$WEB_GROUP" "$DATA/claim-log"
# The data folder's layout is the local site's: run/ and logs/ point to /run and /var/log.
ln -sfn "$RUN" "$DATA/run"
ln -sfn "$LOG" "$DATA/logs"
for name in $POOLS; do   # written through systemd (root), read by the admin and metrics pools
    [ -e "$LOG/$name.log" ] || install -m 640 -o "$ROOT_USER" -g "$DB_GROUP" /dev/null "$LOG/$name.log"
    chown "$ROOT_USER:$DB_GROUP" "$LOG/$name.log"; chmod 640 "$LOG/$name.log"
done

while read -r mode owner group path; do
    [ -n "${changed[$path]:-}" ] || continue
    mkdir -p "$(dirname "$path")"
    install -m "$mode" -o "$owner" -g "$group" "$STAGE/tree$path" "$path.deploy-new"
    mv -f "$path.deploy-new" "$path"   # a rename: a running binary or a reading nginx never sees half a file
done < "$STAGE/manifest"
for file in "${stale[@]}"; do rm -f -- "$file"; done

if [ "$SELF_SIGNED" -eq 1 ] && ! self_signed_current "$CERT" "$DOMAIN"; then
    make_self_signed "$DOMAIN" "$CERT" "$KEY" || die "openssl could not make a self-signed certificate"
    say "made a SELF-SIGNED certificate for $DOMAIN ($CERT): staging only"
fi

# Secrets (keygen creates only what is missing), schema, banner: as the service user.
if [ -n "$KEYS_FROM" ]; then   # a cluster's keys, the same on every front (checked in settings.sh)
    for file in "$KEYS_FROM"/*; do
        mode=600; [[ $file != *.pem ]] || mode=644   # receipt.pem is public (nginx serves it)
        [ -e "$DATA/keys/$(basename "$file")" ] || install -m "$mode" -o "$SERVICE_USER" -g "$SERVICE_GROUP" "$file" "$DATA/keys/"
    done
fi
# The database's URI holds its password: in the environment, not in a command line (ps).
export GUICHET_DATABASE=$DATABASE
admin_env=(env GUICHET_DATA="$DATA" GUICHET_KEYS="$DATA/keys"
           GUICHET_STATUS_DIR="$DATA/status" GUICHET_PROGRAM="$OPT/db/program.json"
           GUICHET_MIGRATIONS="$OPT/db/migrations")
as_service "${admin_env[@]}" "$OPT/bin/guichet-admin" keygen >/dev/null
as_service "${admin_env[@]}" "$OPT/bin/guichet-admin" migrate >/dev/null
[ -f "$DATA/status/banner.html" ] || as_service "${admin_env[@]}" "$OPT/bin/guichet-admin" banner clear >/dev/null
# The receipt and identity keys are the claim user's alone; the database its group's.
chown "$CLAIM_USER" "$DATA/keys/receipt.key" "$DATA/keys/identity.key"
chown "$(pool_user mailer)" "$DATA/keys/mail-link.key"   # the mailer's alone: it derives the links it sends
chmod 400 "$DATA/keys/receipt.key" "$DATA/keys/identity.key" "$DATA/keys/session.key" "$DATA/keys/mail-link.key"
for file in "$DATA"/db/guichet.db "$DATA"/db/guichet.db-wal "$DATA"/db/guichet.db-shm "$DATA"/db/guichet.db-turns; do
    [ ! -e "$file" ] || { chgrp "$DB_GROUP" "$file"; chmod 660 "$file"; }
done

nginx -t -q -p "$DATA" -e "$LOG/nginx-error.log" -c "$ETC/nginx.conf" ||
    { echo "deploy: the nginx configuration does not pass nginx -t (nothing was reloaded)" >&2; exit 1; }

