# deploy-server, part 7: systemd (daemon-reload, enable, restart only the pools
# that changed, one by one; reload nginx), and what to do next.

# Services.
units_changed=0 common_changed=0
for path in "${!changed[@]}"; do
    case $path in
        "$SYSTEMD"/*) units_changed=1 ;;
        "$ETC/guichet.env"|"$OPT/db/"*) common_changed=1 ;;
    esac
done
[ "$units_changed" -eq 0 ] || run_system systemctl daemon-reload
if [ -n "${changed[$P/etc/sysctl.d/60-guichet.conf]:-}" ]; then
    # In a container /proc/sys is read-only: say so, the host must set them.
    run_system sysctl -q -p "$P/etc/sysctl.d/60-guichet.conf" 2>/dev/null ||
        say "WARNING: the kernel settings of $P/etc/sysctl.d/60-guichet.conf could not be applied (a container?): set them on the host"
fi
[ -z "${changed[$P/etc/tmpfiles.d/guichet.conf]:-}" ] || run_system systemd-tmpfiles --create "$P/etc/tmpfiles.d/guichet.conf"
if [ -z "$prefix" ] && systemctl is-enabled --quiet nginx.service 2>/dev/null; then
    say "disabling Debian's nginx.service (guichet-nginx.service serves ports $HTTP_PORT and $HTTPS_PORT)"
    systemctl disable --now nginx.service
fi
run_system systemctl enable --quiet guichet.target $UNITS
mta_apply   # postfix first: the mailer may hand it a message as soon as it starts
for name in $POOLS; do
    unit=guichet-$name.service
    if [ -z "$prefix" ] && ! systemctl is-active --quiet "$unit"; then
        systemctl start "$unit"
    elif [ "$common_changed" -eq 1 ] || [ -n "${changed[$OPT/bin/guichet-$name-fcgi]:-}" ] || [ -n "${changed[$SYSTEMD/$unit]:-}" ]; then
        say "restarting the $name pool"
        run_system systemctl restart "$unit"
        # One pool at a time: wait for its socket before touching the next.
        if [ -z "$prefix" ]; then wait_pool_socket "$RUN/$name.sock" 10000 || true; fi
    fi
done
if [ -z "$prefix" ] && systemctl is-active --quiet guichet-nginx.service; then
    run_system systemctl reload guichet-nginx.service
else
    run_system systemctl start guichet-nginx.service
fi
[ "$ON_POSTGRES" -eq 1 ] || run_system systemctl start guichet-backup.timer

say "$changes change(s) applied. Guichet: https://$DOMAIN$HTTPS_SUFFIX/"
if [ -z "$SMTP_URL" ]; then
    say "WARNING: no --smtp-relay (nor --smtp-url): the mailer writes every message into $DATA/mail and nobody receives them (docs/operations.md, \"Mail\")"
elif [ -n "$SMTP_RELAY" ] && [ -z "$prefix" ]; then
    say "mail: the mailer -> $SMTP_URL -> postfix (loopback only) -> $SMTP_RELAY (TLS: $SMTP_RELAY_TLS); queue: mailq"
fi
if [ "$SELF_SIGNED" -eq 1 ]; then
    say "WARNING: the certificate is SELF-SIGNED (staging only). Deploy again with --cert FULLCHAIN --key KEY."
fi
say "operator commands: sudo $SBIN/guichet-admin help     logs: $LOG/     runbook: docs/operations.md"
say "metrics (from this machine): curl -sk --resolve $DOMAIN:$HTTPS_PORT:127.0.0.1 https://$DOMAIN$HTTPS_SUFFIX/metrics"

