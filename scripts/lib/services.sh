# shellcheck shell=bash
# Helpers for starting and stopping local background processes (test services, the local stack).
#
# Source this file from a bash script that uses `set -euo pipefail`, then set RUN_DIR (the
# directory that holds every PID file and log) before calling start_bg / stop_pidfile.
#
#   free_port                       print a free TCP port on 127.0.0.1
#   wait_for_port PORT [SECS] [PID] wait until 127.0.0.1:PORT accepts a connection
#   start_bg NAME CMD [ARGS...]     run CMD in the background, log to $RUN_DIR/NAME.log,
#                                   PID to $RUN_DIR/NAME.pid; sets BG_PID
#   stop_pidfile FILE [SECS]        stop the process a PID file names (TERM, then KILL), wait for it
#   wait_until SECS PID DESC CMD... run CMD until it succeeds (every 0.1 s), at most SECS seconds
#   redis_ping PORT                 true when redis-server on 127.0.0.1:PORT answers PONG
#   mongo_ping PORT                 true when a MongoDB-wire server on 127.0.0.1:PORT answers `hello`
#   log_tail FILE                   print the last lines of a log to stderr
#   die MESSAGE                     print the message to stderr and exit 1

SSS_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# nginx is in /usr/sbin (not on every user's PATH); `cargo install` puts secantusd-rs in ~/.cargo/bin.
PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin:${CARGO_HOME:-$HOME/.cargo}/bin"

die() {
    echo "error: $*" >&2
    exit 1
}

log_tail() {
    local file="$1"
    if [[ -s "$file" ]]; then
        echo "--- last lines of $file ---" >&2
        tail -n 20 "$file" >&2
        echo "---" >&2
    fi
}

free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# True while PID exists and is not a zombie.
pid_alive() {
    local pid="$1" state
    [[ -r "/proc/$pid/stat" ]] || return 1
    state="$(awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$pid/stat" 2>/dev/null)" || return 1
    [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

# Kernel start time of PID (clock ticks since boot): with the PID it identifies one process.
pid_starttime() {
    awk '{ sub(/^.*\) /, ""); print $20 }' "/proc/$1/stat" 2>/dev/null
}

# wait_until SECS PID DESC CMD...: retry CMD until it succeeds. Fails after SECS seconds, or at once
# when PID (if not empty) has exited.
wait_until() {
    local secs="$1" pid="$2" desc="$3"
    shift 3
    local deadline=$((SECONDS + secs))
    until "$@" >/dev/null 2>&1; do
        if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
            echo "error: $desc: process $pid exited" >&2
            return 1
        fi
        if ((SECONDS >= deadline)); then
            echo "error: $desc: not ready after ${secs}s" >&2
            return 1
        fi
        sleep 0.1
    done
}

port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for_port() {
    local port="$1" secs="${2:-30}" pid="${3:-}"
    wait_until "$secs" "$pid" "127.0.0.1:$port" port_open "$port"
}

redis_ping() {
    [[ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" == PONG ]]
}

mongo_ping() {
    python3 "$SSS_LIB_DIR/mongosh-stand-in.py" --port "$1" \
        --eval "quit(db.adminCommand('ping').ok ? 0 : 1)" 2>/dev/null
}

start_bg() {
    local name="$1"
    shift
    [[ -n "${RUN_DIR:-}" ]] || die "start_bg: RUN_DIR is not set"
    mkdir -p "$RUN_DIR"
    local log="$RUN_DIR/$name.log"
    # setsid: a Ctrl-C in the terminal reaches the calling script (whose trap stops the process),
    # not the process itself.
    setsid "$@" >"$log" 2>&1 </dev/null &
    BG_PID=$!
    # Line 1: the PID; line 2: its start time, so a reused PID is never stopped by mistake.
    printf '%s\n%s\n' "$BG_PID" "$(pid_starttime "$BG_PID")" >"$RUN_DIR/$name.pid"
}

stop_pidfile() {
    local file="$1" secs="${2:-10}" pid started
    [[ -f "$file" ]] || return 0
    { read -r pid && read -r started; } <"$file" || true
    rm -f "$file"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 0
    pid_alive "$pid" || return 0
    if [[ -n "${started:-}" && "$(pid_starttime "$pid")" != "$started" ]]; then
        echo "warning: $file: PID $pid is now another process; not stopping it" >&2
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || return 0
    local deadline=$((SECONDS + secs))
    while pid_alive "$pid"; do
        if ((SECONDS >= deadline)); then
            echo "warning: PID $pid still running after ${secs}s; sending KILL" >&2
            kill -KILL "$pid" 2>/dev/null || true
            wait_until 5 "" "PID $pid to exit after KILL" pid_gone "$pid" || return 1
            return 0
        fi
        sleep 0.1
    done
}

pid_gone() {
    ! pid_alive "$1"
}
