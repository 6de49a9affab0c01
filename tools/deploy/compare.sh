# deploy-server, part 5: what would change (the staged tree against the
# installed one); --check stops here.

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
{ [ -s "$DATA/keys/session.key" ] && [ -s "$DATA/keys/mail-link.key" ] && [ -s "$DATA/keys/identity.key" ]; } ||
    note "new secrets  $DATA/keys (session key, mail link key, identity key, receipt key pair)"
[ "$ON_POSTGRES" -eq 1 ] || [ -s "$DATA/db/guichet.db" ] || note "new database $DATA/db/guichet.db"   # a cluster's is PostgreSQL's
mta_compare   # postfix's settings, with --smtp-relay (tools/deploy/mta.sh)

if [ "$check" -eq 1 ]; then
    if [ "$changes" -eq 0 ]; then say "--check: nothing would change"; exit 0; fi
    say "--check: $changes change(s) would be made (nothing was changed)"
    exit 1
fi

