# shellcheck shell=bash
# Debian 12 machines booted with systemd as PID 1 (systemd-nspawn), for the
# deployment tests (test-systemd-deploy.sh, test-cluster-deploy.sh). Sourced;
# needs root, ROOT (the repository) and M (a scratch folder). Each machine
# sees the repository read-only at /src. Booted without an address it shares
# this host's network; with one, it has its own network namespace, its
# interface host0 on a bridge (vz-$NSPAWN_ZONE, 10.213.0.1 on this host) with
# the machines booted the same way, as servers on one private network.
#
#   nspawn_image                 the image (made once with debootstrap, network);
#                                then the runtime packages it lacks are added
#   nspawn_image_with NAME SET.. a copy of it with tools/install-deps.sh SET.. run inside
#   nspawn_boot NAME IMAGE [ADDRESS [ARG..]]  boots a throwaway copy as machine NAME
#   nspawn_wait NAME             until its systemd has booted
#   nspawn_in NAME CMD..         runs CMD inside it, as root
#   nspawn_kill NAME             kill -9 its PID 1: the machine is lost at once
#   nspawn_stop_all              powers every machine off (the EXIT trap)

NSPAWN_IMAGE=${GUICHET_NSPAWN_IMAGE:-/var/cache/guichet/nspawn-bookworm}
NSPAWN_MIRROR=${GUICHET_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# What the installed site needs at run time (tools/install-deps.sh names the build's packages).
# python3-aiosmtpd plays the smarthost; postfix is installed by each run (tools/install-deps.sh mta).
NSPAWN_RUNTIME="systemd dbus nginx spawn-fcgi multiwatch libfcgi0ldbl libsqlite3-0 libpq5 libargon2-1 libmbedcrypto7 libjansson4 libseccomp2 libcurl4 sqlite3 curl openssl logrotate iso-codes procps iproute2 ca-certificates python3-aiosmtpd"
NSPAWN_ZONE=${NSPAWN_ZONE:-guichet}
NSPAWN_HOST_ADDRESS=10.213.0.1
declare -A NSPAWN_PID=() NSPAWN_LEADER=()

nspawn_missing() {  # nspawn_missing DIR PACKAGE..: those not installed in DIR
    local package
    for package in "${@:2}"; do
        chroot "$1" dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || echo "$package"
    done
}

nspawn_image() {
    if [ ! -x "$NSPAWN_IMAGE/usr/sbin/nginx" ]; then
        echo "# making the Debian 12 image in $NSPAWN_IMAGE (once)"
        rm -rf "$NSPAWN_IMAGE.partial"; mkdir -p "$(dirname "$NSPAWN_IMAGE")"
        debootstrap --variant=minbase --include="${NSPAWN_RUNTIME// /,}" bookworm "$NSPAWN_IMAGE.partial" "$NSPAWN_MIRROR" \
            > "$NSPAWN_IMAGE.log" 2>&1 || { tail -20 "$NSPAWN_IMAGE.log"; echo "nspawn: debootstrap failed" >&2; exit 2; }
        rm -rf "$NSPAWN_IMAGE"; mv "$NSPAWN_IMAGE.partial" "$NSPAWN_IMAGE"
    fi
    local missing
    # shellcheck disable=SC2086
    missing=$(nspawn_missing "$NSPAWN_IMAGE" $NSPAWN_RUNTIME | tr '\n' ' ')
    if [ -n "${missing// /}" ]; then   # an image older than the list
        echo "# adding to $NSPAWN_IMAGE: $missing"
        # shellcheck disable=SC2086
        systemd-nspawn -q --register=no --keep-unit -D "$NSPAWN_IMAGE" --pipe sh -c "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing" \
            > "$NSPAWN_IMAGE.log" 2>&1 < /dev/null || { tail -20 "$NSPAWN_IMAGE.log"; echo "nspawn: apt-get failed" >&2; exit 2; }
    fi
}

nspawn_image_with() {  # nspawn_image_with NAME SET..: prints the image's folder
    local image=$NSPAWN_IMAGE-$1 set stamp
    stamp="${*:2} $(sha256sum < "$ROOT/tools/install-deps.sh" | cut -c1-16)"   # made again when the sets change
    if [ ! -e "$image/.guichet-sets" ] || [ "$(cat "$image/.guichet-sets")" != "$stamp" ] ||
        [ "$image/.guichet-sets" -ot "$NSPAWN_IMAGE/var/lib/dpkg/status" ]; then
        echo "# making $image: the base image and tools/install-deps.sh ${*:2}" >&2
        rm -rf "$image.partial"; cp -a "$NSPAWN_IMAGE" "$image.partial"
        for set in "${@:2}"; do
            systemd-nspawn -q --register=no --keep-unit -D "$image.partial" --bind-ro="$ROOT:/src" --pipe /src/tools/install-deps.sh "$set" \
                > "$image.log" 2>&1 < /dev/null || { tail -20 "$image.log" >&2; echo "nspawn: install-deps.sh $set failed" >&2; exit 2; }
        done
        echo "$stamp" > "$image.partial/.guichet-sets"
        rm -rf "$image"; mv "$image.partial" "$image"
    fi
    echo "$image"
}

nspawn_boot() {  # nspawn_boot NAME IMAGE [ADDRESS [NSPAWN_ARG..]]
    local name=$1 image=$2 address=${3:-} dir=$M/$1 leader="" i network=()
    shift 2; [ $# -eq 0 ] || shift
    mkdir -p "$dir"; cp -a "$image/." "$dir/"
    echo "$name" > "$dir/etc/hostname"
    if [ -n "$address" ]; then
        network=(--network-zone="$NSPAWN_ZONE")
        # A machine of an earlier run that had to be killed leaves its end of the link behind.
        ip link delete "vb-$name" 2>/dev/null || true
    fi
    # nspawn's own seccomp filter refuses Landlock (the pools refuse to start
    # without it) and mlock (without CAP_IPC_LOCK): a real server has neither limit.
    systemd-nspawn -q -D "$dir" -M "$name" --register=no --keep-unit -b --bind-ro="$ROOT:/src" --capability=CAP_IPC_LOCK \
        --system-call-filter="landlock_create_ruleset landlock_add_rule landlock_restrict_self" "${network[@]}" "$@" \
        > "$M/$name.console" 2>&1 < /dev/null &
    NSPAWN_PID[$name]=$!
    for i in $(seq 100); do
        leader=$(pgrep -P "${NSPAWN_PID[$name]}" -x systemd | head -1 || true)   # its PID 1 (not nspawn's short-lived helper)
        [ -n "$leader" ] && break
        sleep 0.1
    done
    [ -n "$leader" ] || { cat "$M/$name.console"; echo "nspawn: machine $name did not start" >&2; exit 1; }
    NSPAWN_LEADER[$name]=$leader
    if [ -n "$address" ]; then
        ip link set "vz-$NSPAWN_ZONE" up
        # (the output kept first: grep -q closing the pipe early would fail it under pipefail)
        local addresses
        addresses=$(ip -o addr show dev "vz-$NSPAWN_ZONE")
        [[ $addresses == *"inet $NSPAWN_HOST_ADDRESS/"* ]] || ip addr add "$NSPAWN_HOST_ADDRESS/24" dev "vz-$NSPAWN_ZONE"
        nspawn_in "$name" sh -c "ip link set host0 up && ip addr add $address/24 dev host0"
    fi
}

nspawn_in() { local name=$1; shift; nsenter -t "${NSPAWN_LEADER[$name]}" -m -u -i -p -n -- "$@"; }

nspawn_wait() {  # until its systemd answers and has finished booting
    local state="" i
    for i in $(seq 120); do
        state=$(nspawn_in "$1" systemctl is-system-running 2>/dev/null || true)
        case $state in running|degraded) echo "# machine $1: systemd $state"; return 0 ;; esac
        sleep 0.5
    done
    cat "$M/$1.console"; echo "nspawn: machine $1 did not boot (systemd: $state)" >&2; exit 1
}

nspawn_kill() {
    kill -KILL "${NSPAWN_LEADER[$1]}"   # PID 1 of its namespace: the kernel kills every process in it
    local i
    for i in $(seq 100); do kill -0 "${NSPAWN_PID[$1]}" 2>/dev/null || break; sleep 0.1; done
    unset "NSPAWN_PID[$1]"
}

nspawn_stop_all() {
    local name i
    for name in "${!NSPAWN_PID[@]}"; do kill -TERM "${NSPAWN_PID[$name]}" 2>/dev/null || true; done  # a power-off
    for name in "${!NSPAWN_PID[@]}"; do
        for i in $(seq 300); do kill -0 "${NSPAWN_PID[$name]}" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "${NSPAWN_PID[$name]}" 2>/dev/null || true
    done
}
