# shellcheck shell=bash
# A cluster's inventory (docs/cluster.md, "Deploying a cluster"), read by
# tools/deploy-cluster.sh. One file, the same on every machine:
#
#   # ROLE  NAME    ADDRESS       one line per machine; role db, front or lb
#   db      db1     10.0.0.11
#   front   front1  10.0.0.21
#   lb      lb1     10.0.0.30
#   set domain intake.example.org  a setting every machine shares
#
# Addresses are IPv4, on the network the machines share: each daemon listens
# on its machine's address only (and pg_hba admits exactly the listed ones).

INVENTORY_SETTINGS="domain https_port http_port patroni_ttl patroni_loop_wait patroni_retry_timeout max_connections lb_maxconn"
declare -A INV_ROLE=() INV_ADDRESS=() INV_SET=()
INV_NAMES=""

inventory_read() {  # inventory_read FILE: fills INV_*; stops the deployment on any mistake
    local file=$1 line number=0 role name address extra key value
    [ -r "$file" ] || die "no inventory $file"
    while IFS= read -r line || [ -n "$line" ]; do
        number=$((number + 1))
        line=${line%%#*}
        read -r role name address extra <<< "$line" || true
        [ -n "$role" ] || continue
        [ -z "$extra" ] || die "$file:$number: too many words"
        if [ "$role" = set ]; then
            key=$name value=$address
            [[ " $INVENTORY_SETTINGS " == *" $key "* ]] || die "$file:$number: unknown setting '$key' (known: $INVENTORY_SETTINGS)"
            [[ $value =~ ^[A-Za-z0-9.-]+$ ]] || die "$file:$number: $key: letters, digits, dots and dashes only"
            INV_SET[$key]=$value
            continue
        fi
        [[ $role =~ ^(db|front|lb)$ ]] || die "$file:$number: the role is db, front or lb, not '$role'"
        [[ $name =~ ^[a-z][a-z0-9-]{0,30}$ ]] || die "$file:$number: a name is lower-case letters, digits and dashes"
        [[ $address =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}$ ]] || die "$file:$number: '$address' is not an IPv4 address"
        [ -z "${INV_ROLE[$name]:-}" ] || die "$file:$number: $name is listed twice"
        local other
        for other in $INV_NAMES; do
            [ "${INV_ADDRESS[$other]}" != "$address" ] || die "$file:$number: $address is $other's already"
        done
        INV_ROLE[$name]=$role INV_ADDRESS[$name]=$address
        INV_NAMES="$INV_NAMES $name"
    done < "$file"
    local dbs fronts lbs
    dbs=$(inventory_names db | wc -w) fronts=$(inventory_names front | wc -w) lbs=$(inventory_names lb | wc -w)
    # etcd and Patroni need a majority: 3 members survive the loss of one.
    [ "$dbs" -ge 3 ] && [ $((dbs % 2)) -eq 1 ] || die "$file: 3 (or 5, 7...) db machines are needed, not $dbs"
    [ "$fronts" -ge 1 ] || die "$file: at least one front machine is needed"
    [ "$lbs" -eq 1 ] || die "$file: exactly one lb machine is needed, not $lbs"
    [ -n "${INV_SET[domain]:-}" ] || die "$file: 'set domain NAME' is needed"
    local numeric
    for numeric in https_port http_port patroni_ttl patroni_loop_wait patroni_retry_timeout max_connections lb_maxconn; do
        [[ ${INV_SET[$numeric]:-1} =~ ^[1-9][0-9]*$ ]] || die "$file: $numeric must be a positive number"
    done
    # Each front holds about 150 database connections (145 measured with the
    # default pools: the claim pool's 2 workers x 64 request threads, and the
    # other workers'; docs/cluster.md): PostgreSQL must admit them all, and the
    # superuser's few. Refused here rather than on opening day.
    local connections=${INV_SET[max_connections]:-400} needed=$((fronts * 150 + 10))
    [ "$connections" -ge "$needed" ] ||
        die "$file: $fronts front machines hold about $((fronts * 150)) database connections: 'set max_connections' to at least $needed (it is $connections)"
    # Patroni's own rule: a leader renews its lease in time through one retry.
    local ttl=${INV_SET[patroni_ttl]:-30} loop=${INV_SET[patroni_loop_wait]:-10} retry=${INV_SET[patroni_retry_timeout]:-10}
    [ $((loop + 2 * retry)) -le "$ttl" ] || die "$file: patroni_loop_wait + 2 x patroni_retry_timeout must not exceed patroni_ttl"
}

inventory_names() {  # inventory_names ROLE: the names of that role, in the file's order
    local name
    for name in $INV_NAMES; do [ "${INV_ROLE[$name]}" != "$1" ] || echo "$name"; done
}

inventory_addresses() {  # inventory_addresses ROLE [SEPARATOR [SUFFIX]]: their addresses, joined
    local name out=""
    for name in $(inventory_names "$1"); do out="$out${out:+${2:- }}${INV_ADDRESS[$name]}${3:-}"; done
    echo "$out"
}

inventory_setting() {  # inventory_setting KEY DEFAULT
    echo "${INV_SET[$1]:-$2}"
}
