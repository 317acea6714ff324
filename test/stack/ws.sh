#!/bin/bash
# ws.sh start PORT local|pam | ws.sh stop PORT
#   local: cockpit-ws with --local-session (no login, bridge runs as root). One-shot: after a
#          few idle minutes the bridge exits and ws serves its login page, so `start` in local
#          mode always restarts it — call it right before a test run.
#   pam:   normal login over plain HTTP (accounts from start.sh demo); start is a no-op if running.
# Both bind 127.0.0.1 only. pid: /run/vmtune-stack/ws-PORT.pid, log: /var/log/vmtune/ws-PORT.log
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cmd=${1:-} port=${2:-} mode=${3:-local}
[[ "$port" =~ ^[0-9]+$ ]] || { echo "usage: $0 start PORT local|pam | stop PORT" >&2; exit 2; }
name=ws-$port

ws_answers() { curl -s -o /dev/null "http://127.0.0.1:$port/"; }

case "$cmd" in
start)
    ws=$(cockpit_ws_bin)
    case "$mode" in
        local) args=(--port "$port" -a 127.0.0.1 --local-session=/usr/bin/cockpit-bridge) ;;
        pam)   args=(--no-tls -a 127.0.0.1 -p "$port") ;;
        *) echo "mode must be local or pam" >&2; exit 2 ;;
    esac
    if pid_alive "$name" && [ "$mode" = pam ] && [ "$(cat "$RUN_DIR/$name.mode")" = pam ]; then exit 0; fi
    stop_pid "$name" session
    ws_answers && die "port $port is taken by a process we did not start"
    spawn "$name" "$LOG_DIR/$name.log" "$ws" "${args[@]}"
    echo "$mode" > "$RUN_DIR/$name.mode"
    wait_until 15 "cockpit-ws on port $port" ws_answers
    log "cockpit-ws ($mode) on http://127.0.0.1:$port (pid $(cat "$RUN_DIR/$name.pid"))"
    ;;
stop)
    stop_pid "$name" session   # with its bridges and their session buses
    rm -f "$RUN_DIR/$name.mode"
    ;;
*) echo "usage: $0 start PORT local|pam | stop PORT" >&2; exit 2 ;;
esac
