#!/bin/sh
# One checked online backup of the Guichet database, then rotation.
#
#   guichet-backup [DIR [KEEP]]
#
# DIR (default $GUICHET_BACKUP_DIR, /var/backups/guichet) receives
# guichet-YYYYmmddTHHMMSSZ.db made by `guichet-admin backup FILE` (SQLite's
# online backup API, checked with integrity_check before it is renamed into
# place). This script checks the copy once more with the sqlite3 shell, and
# only then deletes all but the newest KEEP copies (default $GUICHET_BACKUP_KEEP,
# 48): a failed backup never costs an older good one. Installed as
# /opt/guichet/bin/guichet-backup; run hourly by guichet-backup.timer.
# GUICHET_ADMIN_BIN names the guichet-admin binary (default: beside this script).
set -eu

dir=${1:-${GUICHET_BACKUP_DIR:-/var/backups/guichet}}
keep=${2:-${GUICHET_BACKUP_KEEP:-48}}
admin=${GUICHET_ADMIN_BIN:-$(dirname "$0")/guichet-admin}
case "$keep" in ''|*[!0-9]*|0) echo "guichet-backup: KEEP must be a positive number" >&2; exit 2 ;; esac

mkdir -p "$dir"
file="$dir/guichet-$(date -u +%Y%m%dT%H%M%SZ).db"
if [ -e "$file" ]; then echo "guichet-backup: $file exists already (one backup per second)" >&2; exit 1; fi

"$admin" backup "$file"
check=$(sqlite3 -readonly "$file" 'PRAGMA integrity_check;' 2>&1 || true)
if [ "$check" != ok ]; then
    mv -f "$file" "$file.bad"
    echo "guichet-backup: $file failed integrity_check ($check); kept as $file.bad, older copies untouched" >&2
    exit 1
fi

# Rotation: names sort by time; delete all but the newest $keep.
ls -1 "$dir" | grep -E '^guichet-[0-9]{8}T[0-9]{6}Z\.db$' | sort -r | tail -n +"$((keep + 1))" |
    while read -r old; do rm -f -- "$dir/$old"; done
echo "guichet-backup: $file ok ($(stat -c %s "$file") bytes); keeping the newest $keep"
