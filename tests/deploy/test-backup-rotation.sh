#!/bin/bash
# The backup script (tools/guichet-backup.sh): each run leaves one checked
# copy, only the newest KEEP stay, and a copy that fails integrity_check is
# set aside without deleting any older one.
#   tests/deploy/test-backup-rotation.sh [BACKUP_SCRIPT]
# Uses the real `guichet-admin backup` when the built guichet-admin has it,
# else a stand-in with the same interface (sqlite3's .backup).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
script=${1:-$ROOT/tools/guichet-backup.sh}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
check() { local name=$1; shift; if "$@"; then echo "ok   - $name"; else echo "FAIL - $name"; failures=$((failures + 1)); fi; }

export GUICHET_DATA=$work/data GUICHET_DB=$work/data/guichet.db
mkdir -p "$GUICHET_DATA"
GUICHET_MIGRATIONS=$ROOT/db/migrations "$ROOT/build/bin/guichet-admin" migrate > /dev/null
"$ROOT/build/bin/guichet-admin" window set --opens-at +3600 --closes-at +7200 --places 77 > /dev/null

if "$ROOT/build/bin/guichet-admin" help 2>&1 | grep -q "^ *backup"; then
    admin=$ROOT/build/bin/guichet-admin
    echo "# with the real guichet-admin backup"
else
    admin=$work/admin-standin
    printf '#!/bin/sh\n# stand-in for `guichet-admin backup FILE` (not on this branch yet)\n[ "$1" = backup ] || exit 2\nsqlite3 "$GUICHET_DB" ".backup '"'"'$2'"'"'"\n' > "$admin"
    chmod +x "$admin"
    echo "# guichet-admin has no backup command on this branch: a stand-in with its interface"
fi
backups=$work/backups
for i in 1 2 3; do
    GUICHET_ADMIN_BIN=$admin "$script" "$backups" 2 > /dev/null
    [ "$i" -eq 3 ] || sleep 1.1   # one backup per second: names carry the second
done
count=$(ls "$backups" | grep -c '^guichet-.*\.db$')
check "three runs with KEEP=2 leave two copies" [ "$count" -eq 2 ]
for file in "$backups"/guichet-*.db; do
    check "$(basename "$file") passes integrity_check" [ "$(sqlite3 "$file" 'PRAGMA integrity_check')" = ok ]
    check "$(basename "$file") holds the data" [ "$(sqlite3 "$file" 'SELECT places_total FROM intake_window')" = 77 ]
done

corrupt=$work/admin-corrupt
printf '#!/bin/sh\nhead -c 8192 /dev/urandom > "$2"\n' > "$corrupt"
chmod +x "$corrupt"
before=$(ls "$backups")
sleep 1.1
GUICHET_ADMIN_BIN=$corrupt "$script" "$backups" 1 > /dev/null 2>&1 && rc=0 || rc=$?
check "a corrupt copy makes the backup fail" [ "$rc" -ne 0 ]
check "a corrupt copy deletes no older copy" [ "$before" = "$(ls "$backups" | grep -v '\.bad$')" ]
check "the corrupt copy is set aside as .bad" bash -c "ls '$backups' | grep -q '\.db\.bad$'"

echo "# restore (documented in docs/operations.md): a copy is a complete database"
restored=$work/restored.db
cp "$(ls "$backups"/guichet-*.db | head -1)" "$restored"
check "a copy opens and has the schema" [ "$(sqlite3 "$restored" 'SELECT count(*) FROM intake_window')" = 1 ]
[ "$failures" -eq 0 ]
