# The site's processes, as tools/site.sh sees them (sourced by it; it sets
# ROOT and reads GUICHET_BIN):
#   running PID            the process lives and is not a zombie
#   alive PIDFILE          the pid in it names a live nginx or multiwatch
#   strays DATA EXE...     processes left by a supervisor killed with -9
#   kill_strays DATA EXE...
#   pool_exes NAME...      the resolved executable of each pool that has one

running() {  # running PID: the process lives (and is not a zombie)
    # A process that has exited stays a zombie until PID 1 reaps it, which in
    # a container can take a second or more: dead all the same, and waiting
    # for kill -0 to fail would wait for the reaper, not for the process.
    # (builtins only, here and below: a stop polls every pid every 50 ms, and
    # the test suites start and stop hundreds of sites side by side)
    kill -0 "$1" 2>/dev/null || return 1
    local key state
    { while read -r key state _; do [ "$key" = State: ] && break; done < "/proc/$1/status"; } 2>/dev/null || return 1
    [ -n "$state" ] && [ "$state" != Z ]
}

alive() {  # alive PIDFILE: the pid in it names a live nginx or multiwatch
    # (after a kill -9 the pid file stays behind, and its pid may be reused
    # by an unrelated process, which must never be taken for ours)
    [ -s "$1" ] || return 1
    local pid comm
    read -r pid < "$1" || [ -n "$pid" ] || return 1
    running "$pid" || return 1
    { read -r comm < "/proc/$pid/comm"; } 2>/dev/null || return 1
    case $comm in nginx|multiwatch) return 0 ;; esac
    return 1
}

strays() {  # strays DATA EXE...: live processes running one of EXE whose stderr is a log of DATA
    # (an nginx worker or a handler worker whose supervisor was killed with -9:
    # left alone, nginx's would keep the port and a new nginx could not start).
    # A pool's workers write to DATA/logs/NAME.log, and nginx puts its error
    # log (DATA/logs/nginx-error.log) on its stderr: one pass over /proc, and
    # builtin tests only (-ef compares the files the links lead to).
    local data=$1 proc exe log; shift
    local logs=("$data"/logs/*.log)
    for proc in /proc/[0-9]*; do
        [ "${proc#/proc/}" != $$ ] || continue
        for exe in "$@"; do
            [ "$proc/exe" -ef "$exe" ] || continue
            for log in "${logs[@]}"; do
                if [ "$proc/fd/2" -ef "$log" ]; then echo "${proc#/proc/}"; break; fi
            done
            break
        done
    done
}

kill_strays() {  # kill_strays DATA EXE...: TERM them, KILL what is left after 2 s
    local data=$1 pids; shift
    pids=$(strays "$data" "$@")
    [ -n "$pids" ] || return 0
    echo "stopping processes left by a killed supervisor: $(echo $pids)" >&2
    kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 40); do
        pids=$(strays "$data" "$@"); [ -n "$pids" ] || return 0; sleep 0.05
    done
    kill -KILL $pids 2>/dev/null || true
}

pool_exes() {  # pool_exes NAME...: the resolved executable of each pool that has one
    local name bin
    for name in "$@"; do
        bin="${GUICHET_BIN:-$ROOT/build/bin}/guichet-$name-fcgi"
        [ ! -x "$bin" ] || readlink -f "$bin"
    done
}
