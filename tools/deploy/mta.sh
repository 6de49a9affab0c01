# deploy-server, part 4b: the local MTA. With --smtp-relay, Debian's postfix
# as a null client: it listens on loopback only, delivers nothing locally and
# relays everything to the ministry's smarthost, so a message the mailer has
# handed over is queued on disk (/var/spool/postfix) until the smarthost takes
# it. Installed here, compared in part 5 (mta_compare), configured in part 7
# before the pools start (mta_apply). Without --smtp-relay nothing here runs.

# --- the local MTA ------------------------------------------------------------
MTA_SETTINGS=()
if [ -n "$SMTP_RELAY" ]; then
    relay_host=${SMTP_RELAY%%:*} relay_port=25
    [ "$relay_host" = "$SMTP_RELAY" ] || relay_port=${SMTP_RELAY#*:}
    # main.cf, one NAME=VALUE each, written with postconf -e. The brackets: the
    # smarthost is that host's address, not its domain's MX records.
    MTA_SETTINGS=(
        "myhostname=$DOMAIN"
        'myorigin=$myhostname'
        "mydestination="
        "relayhost=[$relay_host]:$relay_port"
        "inet_interfaces=loopback-only"
        "mynetworks=127.0.0.0/8 [::1]/128"
        "smtpd_relay_restrictions=permit_mynetworks, reject"
        "smtp_tls_security_level=$SMTP_RELAY_TLS"
        # Read before postfix's smtp client enters its chroot (a CApath folder is not).
        "smtp_tls_CAfile=/etc/ssl/certs/ca-certificates.crt"
    )
fi
POSTCONF=/usr/sbin/postconf

if [ ${#MTA_SETTINGS[@]} -gt 0 ] && [ -z "$prefix" ] && [ "$check" -eq 0 ] && [ ! -x "$POSTCONF" ]; then
    if [ "$install" -eq 1 ]; then
        tools/install-deps.sh mta   # preseeded: no question asked (tools/install-deps.sh)
    else
        die "--smtp-relay needs postfix, which is not installed, and --no-install was given: run tools/install-deps.sh mta (or deploy without --no-install)"
    fi
fi

declare -A mta_pending=()   # NAME -> VALUE, the settings that differ from main.cf
mta_compare() {  # notes each postfix setting that would change
    [ ${#MTA_SETTINGS[@]} -gt 0 ] || return 0
    if [ -n "$prefix" ]; then
        echo "  [--prefix: skipped] postfix: ${MTA_SETTINGS[*]}"
        return 0
    fi
    [ -x "$POSTCONF" ] || note "new package  postfix (tools/install-deps.sh mta)"
    local setting name value current
    for setting in "${MTA_SETTINGS[@]}"; do
        name=${setting%%=*} value=${setting#*=}
        current=$([ ! -x "$POSTCONF" ] || "$POSTCONF" -h "$name" 2>/dev/null || true)
        if [ "$current" != "$value" ]; then
            note "postfix      $name = $value (was: ${current:-empty})"
            mta_pending[$name]=$value
        fi
    done
}

mta_apply() {  # writes what differs, then reloads postfix (restarts it for new interfaces)
    [ ${#MTA_SETTINGS[@]} -gt 0 ] && [ -z "$prefix" ] || return 0
    if [ ${#mta_pending[@]} -gt 0 ]; then
        local name settings=()
        for name in "${!mta_pending[@]}"; do settings+=("$name=${mta_pending[$name]}"); done
        "$POSTCONF" -e "${settings[@]}"
        /usr/sbin/postfix check || die "postfix check refuses the configuration in /etc/postfix/main.cf"
    fi
    systemctl enable --quiet postfix.service
    if ! systemctl is-active --quiet postfix.service; then
        systemctl start postfix.service
    elif [ -n "${mta_pending[inet_interfaces]:-}" ]; then
        say "restarting postfix (it listens on loopback only from now on)"
        systemctl restart postfix.service
    elif [ ${#mta_pending[@]} -gt 0 ]; then
        say "reloading postfix (relay: ${mta_pending[relayhost]:-unchanged})"
        systemctl reload postfix.service
    fi
}
