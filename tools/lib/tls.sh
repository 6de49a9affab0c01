# shellcheck shell=bash
# The self-signed certificate a staging deployment makes when it is given none
# (tools/deploy/apply.sh for a server's nginx, tools/deploy/role-lb.sh for a
# cluster's haproxy). Sourced.

self_signed_current() {  # self_signed_current CERT DOMAIN: it exists and names DOMAIN
    [ -s "$1" ] && openssl x509 -in "$1" -noout -checkhost "$2" | grep -q 'does match'
}

make_self_signed() {  # make_self_signed DOMAIN CERT KEY: a P-256 pair for 90 days, each file by rename, the key 0600
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 90 \
        -subj "/CN=$1" -addext "subjectAltName=DNS:$1" -keyout "$3.new" -out "$2.new" 2>/dev/null || return 1
    chmod 600 "$3.new"; mv -f "$3.new" "$3"; mv -f "$2.new" "$2"
}
