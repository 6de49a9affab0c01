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
stage nginx/security-headers.conf "$OPT/nginx/security-headers.conf" 644 "$ROOT_USER" "$ROOT_GROUP"
render deploy/guichet-admin.in | stage_text "$SBIN/guichet-admin" 755 "$ROOT_USER" "$ROOT_GROUP"

# systemd units, one per pool, with what each may write.
UNITS="guichet-nginx.service guichet-backup.timer"
for name in $POOLS; do
    NAME=$name
    WORKERS=${workers[$name]:-${saved[workers_$name]:-$(default_workers "$name")}}
    [ "$name" = metrics ] && WORKERS=1   # the counters live in its one worker
    BACKLOG=$(tools/site.sh backlog "$name")   # the claim pool's: the claim queue's length
    RW_PATHS="$DATA/db" RW_NOTE="the database folder"
    case $name in
        upload) RW_PATHS+=" $DATA/documents"; RW_NOTE+=" and the documents" ;;
        admin) RW_PATHS+=" $DATA/status"; RW_NOTE+=" and the banner folder" ;;
    esac
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

# Folders: MODE OWNER GROUP PATH. nginx's workers run as the service user (they
# must read the upload bodies they spool, the documents and the banner).
U=$SERVICE_USER G=$SERVICE_GROUP
DIRS="755 $ROOT_USER $ROOT_GROUP $OPT
755 $ROOT_USER $ROOT_GROUP $ETC
700 $ROOT_USER $ROOT_GROUP $ETC/tls
750 $U $G $DATA
700 $U $G $DATA/db
700 $U $G $DATA/keys
700 $U $G $DATA/documents
750 $U $G $DATA/status
700 $U $G $DATA/cache
700 $U $G $DATA/tmp
755 $ROOT_USER $ROOT_GROUP $DATA/acme
750 $U $G $RUN
750 $U $G $LOG
700 $U $G $BACKUPS"

