# deploy-server, part 4: the installed tree, the systemd units, logrotate,
# tmpfiles, sysctl, and the folders with their modes, staged.

# Installed tree: binaries, static site, program definition, migrations.
for name in $POOLS; do stage "build/bin/guichet-$name-fcgi" "$OPT/bin/guichet-$name-fcgi" 755 "$ROOT_USER" "$ROOT_GROUP"; done
stage build/bin/guichet-admin "$OPT/bin/guichet-admin" 755 "$ROOT_USER" "$ROOT_GROUP"
stage tools/guichet-backup.sh "$OPT/bin/guichet-backup" 755 "$ROOT_USER" "$ROOT_GROUP"
while IFS= read -r -d '' file; do
    stage "$file" "$OPT/$file" 644 "$ROOT_USER" "$ROOT_GROUP"
done < <(find static db/migrations -type f -print0 | sort -z)
stage db/program.json "$OPT/db/program.json" 644 "$ROOT_USER" "$ROOT_GROUP"
stage db/common-passwords.txt "$OPT/db/common-passwords.txt" 644 "$ROOT_USER" "$ROOT_GROUP"   # the accounts pool's
stage nginx/security-headers.conf "$OPT/nginx/security-headers.conf" 644 "$ROOT_USER" "$ROOT_GROUP"
render deploy/guichet-admin.in | stage_text "$SBIN/guichet-admin" 755 "$ROOT_USER" "$ROOT_GROUP"

# systemd units, one per pool, with what each may write. The hourly backup is
# of the SQLite file; a cluster's database is kept by its standbys (docs/cluster.md).
UNITS="guichet-nginx.service"
[ "$ON_POSTGRES" -eq 1 ] || UNITS+=" guichet-backup.timer"
for name in $POOLS; do
    NAME=$name
    WORKERS=${workers[$name]:-${saved[workers_$name]:-$(default_workers "$name")}}
    [ "$name" = metrics ] && WORKERS=1   # the counters live in its one worker
    [ "$name" = mailer ] && WORKERS=1    # one deliverer keeps the pace
    BACKLOG=$(tools/site.sh backlog "$name")   # the claim pool's: the claim queue's length
    RW_PATHS="$DATA/db" RW_NOTE="the database folder"
    case $name in
        upload) RW_PATHS+=" $DATA/documents"; RW_NOTE+=" and the documents" ;;
        admin) RW_PATHS+=" $DATA/status"; RW_NOTE+=" and the banner folder" ;;
        claim) RW_PATHS+=" $DATA/claim-log"; RW_NOTE+=" and the public log" ;;
        mailer) RW_PATHS+=" $DATA/mail"; RW_NOTE+=" and the mail folder" ;;
    esac
    PRIVATE_NETWORK=yes ADDRESS_FAMILIES=AF_UNIX
    # The mailer reaches its SMTP server, and on a cluster every pool its
    # database, over the network (Landlock still limits them to those ports).
    if [ "$name" = mailer ] || [ "$ON_POSTGRES" -eq 1 ]; then PRIVATE_NETWORK=no ADDRESS_FAMILIES="AF_UNIX AF_INET AF_INET6"; fi
    # Landlock limits TCP to those ports only from Linux 6.7 (Debian 12 has
    # 6.1): systemd's address lists do the rest. The mailer's SMTP server may
    # be anywhere, so it gets no list.
    IP_ALLOW="" IP_DENY=""
    if [ "$ON_POSTGRES" -eq 1 ] && [ "$name" != mailer ] && [ -n "$DATABASE_ADDRESSES" ]; then
        IP_ALLOW="localhost $DATABASE_ADDRESSES" IP_DENY=any
    fi
    POOL_USER=$(pool_user "$name")
    # In production spawn-fcgi drops to the pool's user (-u/-g, with its groups)
    # and gives the socket to that user and nginx's group (-U/-G).
    SPAWN_USER="" POOL_CAPS=""
    if [ -z "$prefix" ]; then
        SPAWN_USER="-u $POOL_USER -g $POOL_USER -U $POOL_USER -G $WEB_GROUP"
        POOL_CAPS="CAP_SETUID CAP_SETGID CAP_CHOWN"
    fi
    render deploy/systemd/guichet-pool.service.in | stage_text "$SYSTEMD/guichet-$name.service" 644 "$ROOT_USER" "$ROOT_GROUP"
    UNITS+=" guichet-$name.service"
done
for unit in guichet-nginx.service guichet-backup.service guichet-backup.timer guichet.target; do
    render "deploy/systemd/$unit.in" | stage_text "$SYSTEMD/$unit" 644 "$ROOT_USER" "$ROOT_GROUP"
done
POOL_LOGS=""
for name in $POOLS; do POOL_LOGS+="$LOG/$name.log "; done
POOL_LOGS=${POOL_LOGS% } ROTATE_PERIOD=daily ROTATE_KEEP=14
render deploy/logrotate.in | stage_text "$P/etc/logrotate.d/guichet" 644 "$ROOT_USER" "$ROOT_GROUP"
render deploy/tmpfiles.conf.in | stage_text "$P/etc/tmpfiles.d/guichet.conf" 644 "$ROOT_USER" "$ROOT_GROUP"
render deploy/sysctl.conf.in | stage_text "$P/etc/sysctl.d/60-guichet.conf" 644 "$ROOT_USER" "$ROOT_GROUP"

# Folders: MODE OWNER GROUP PATH. Who reads and writes what (docs/security.md):
# the database is its group's (every pool, the operator); the documents are the
# upload user's, the banner folder the operator's, the public log the claim
# user's, and nginx reads them through
# its group (setgid folders: new files take the folder's group); the keys folder
# only lets others reach receipt.pem; nginx's cache and temporary files are its own.
U=$SERVICE_USER G=$SERVICE_GROUP
DIRS="755 $ROOT_USER $ROOT_GROUP $OPT
755 $ROOT_USER $ROOT_GROUP $ETC
700 $ROOT_USER $ROOT_GROUP $ETC/tls
755 $ROOT_USER $ROOT_GROUP $DATA
2770 $ROOT_USER $DB_GROUP $DATA/db
711 $U $G $DATA/keys
2750 $UPLOAD_USER $WEB_GROUP $DATA/documents
2750 $U $WEB_GROUP $DATA/status
2750 $CLAIM_USER $WEB_GROUP $DATA/claim-log
2750 $(pool_user mailer) $DB_GROUP $DATA/mail
700 $WEB_USER $WEB_GROUP $DATA/cache
700 $WEB_USER $WEB_GROUP $DATA/tmp
755 $ROOT_USER $ROOT_GROUP $DATA/acme
755 $ROOT_USER $ROOT_GROUP $RUN
2750 $ROOT_USER $DB_GROUP $LOG
700 $U $G $BACKUPS"
