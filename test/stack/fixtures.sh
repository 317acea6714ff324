#!/bin/bash
# fixtures.sh create|destroy|reset [NAME…]|status NAME|wait NAME REGEX [SECS]|burn NAME N [SECS]
#   create   (re)define every fixtures/<name>.xml from scratch (existing vmtune-test-* are
#            destroyed and undefined first), start the running ones, wait for their first
#            status line. Same state on every run.
#   destroy  destroy + undefine all vmtune-test-* VMs (never any other VM), on qemu:///system and
#            lxc:/// (fixtures/lxc/*.xml are containers, defined when libvirt has its LXC driver).
#   reset    destroy, then create; with names, only those fixtures (e2e files reset what they change).
#   status   print the guest's latest status line, e.g.
#            VMTUNE cpus_online=0-1 memtotal_kb=485892 nodes=0-1 burn=0
#   wait     wait (default 60 s) until the latest status line matches REGEX (grep -E).
#   burn     tell a running guest to run N busy loops (one per online CPU, N ≤ online CPUs; 0 stops
#            them) and wait (default 60 s) until its status line says burn=N. Through the guest's
#            command port: serial ttyS1 ↔ the unix socket /run/vmtune-stack/<name>.cmd (socat).
# Guest console (serial ttyS0): /var/log/vmtune/<name>.console (lines end in \r\n).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

RUNNING=(vmtune-test-numa vmtune-test-plain)   # the others stay defined and shut off
LXC_VIRSH=(virsh -q -c lxc:///)

console() { echo "$LOG_DIR/$1.console"; }
last_status() { grep -a '^VMTUNE ' "$(console "$1")" 2>/dev/null | tail -n1 | tr -d '\r'; }
matches() { last_status "$1" | grep -Eq "$2"; }

# burn NAME N [SECS]: a command sent before the guest opened its port is dropped (the UART's FIFO
# is cleared on open), so it is sent again every 5 s until the status line shows it
burn() {
    local name=$1 n=$2 secs=${3:-60} sock="$RUN_DIR/$1.cmd"
    [[ "$n" =~ ^[0-9]+$ ]] || die "burn: N must be a number, not '$n'"
    [ -S "$sock" ] || die "burn: $name has no command port $sock (not running, or defined without it)"
    local deadline=$((SECONDS + secs))
    until matches "$name" "burn=$n\$"; do
        [ "$SECONDS" -lt "$deadline" ] || die "timed out after ${secs}s waiting for $name to report burn=$n (last: $(last_status "$name"))"
        echo "burn $n" | socat -t 1 - "UNIX-CONNECT:$sock" || die "burn: cannot write to $sock"
        local until=$((SECONDS + 5))
        while [ "$SECONDS" -lt "$until" ] && ! matches "$name" "burn=$n\$"; do sleep 0.2; done
    done
    last_status "$name"
}

# destroy_on VIRSH… -- [NAME…]: the named fixtures, or every vmtune-test-* domain, on one connection
destroy_on() {
    local virsh=() vm
    while [ "$1" != -- ]; do virsh+=("$1"); shift; done
    shift
    local vms=("$@")
    [ ${#vms[@]} -gt 0 ] || mapfile -t vms < <("${virsh[@]}" list --all --name 2>/dev/null | grep '^vmtune-test-' || true)
    for vm in "${vms[@]}"; do
        "${virsh[@]}" dominfo "$vm" >/dev/null 2>&1 || continue
        "${virsh[@]}" destroy "$vm" >/dev/null 2>&1 || true    # fails harmlessly when shut off
        "${virsh[@]}" undefine "$vm" >/dev/null
    done
}

lxc_offered() { "${LXC_VIRSH[@]}" uri >/dev/null 2>&1; }

# destroy [NAME…]
destroy() {
    destroy_on "${VIRSH[@]}" -- "$@"
    if lxc_offered; then destroy_on "${LXC_VIRSH[@]}" -- "$@"; fi
}

# create [NAME…]: the named fixtures, or all of them
create() {
    "$STACK_DIR/guest/build.sh"
    destroy "$@"
    local f name xml only=" $* "
    for f in "$STACK_DIR"/fixtures/vmtune-test-*.xml; do
        name=$(basename "$f" .xml)
        [ $# -eq 0 ] || [[ "$only" == *" $name "* ]] || continue
        xml=$(mktemp)
        sed -e "s|@GUEST_DIR@|$GUEST_DIR|g" -e "s|@LOG_DIR@|$LOG_DIR|g" -e "s|@RUN_DIR@|$RUN_DIR|g" "$f" > "$xml"
        "${VIRSH[@]}" define "$xml" >/dev/null
        rm -f "$xml"
    done
    for f in "$STACK_DIR"/fixtures/lxc/vmtune-test-*.xml; do
        name=$(basename "$f" .xml)
        [ $# -eq 0 ] || [[ "$only" == *" $name "* ]] || continue
        lxc_offered || die "lxc:/// is not offered: install libvirt-daemon-driver-lxc (test/stack/deps.sh) and restart libvirtd"
        "${LXC_VIRSH[@]}" define "$f" >/dev/null
    done
    local started=()
    for name in "${RUNNING[@]}"; do
        [ $# -eq 0 ] || [[ "$only" == *" $name "* ]] || continue
        rm -f "$(console "$name")"        # so the wait below cannot see an old boot
        "${VIRSH[@]}" start "$name" >/dev/null
        started+=("$name")
    done
    for name in "${started[@]}"; do       # TCG boot takes ~3 s per guest; 2 host CPUs
        # Now and then a TCG boot of the test guest prints nothing at all (seen: a guest silent for its
        # whole 3-minute life on a quiet machine, the next boot of the same definition fine in 3 s):
        # one more boot, said in the log, so a test meets a guest that runs, never a silent one
        if ! booted "$name" 60; then
            log "$name printed nothing in 60 s: destroying it and booting it once more"
            "${VIRSH[@]}" destroy "$name" >/dev/null 2>&1 || true
            rm -f "$(console "$name")"
            "${VIRSH[@]}" start "$name" >/dev/null
            wait_until 60 "$name to print its first VMTUNE status line (second boot)" matches "$name" '^VMTUNE '
        fi
        log "$name up: $(last_status "$name")"
    done
}

# booted NAME SECS: the guest printed its first status line within SECS seconds
booted() {
    local deadline=$((SECONDS + $2))
    until matches "$1" '^VMTUNE '; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

libvirtd_up || die "libvirtd is not running (run test/stack/start.sh)"
case "${1:-}" in
create)  create ;;
destroy) destroy ;;
reset)   shift; create "$@" ;;
status)  last_status "${2:?name}" ;;
wait)    wait_until "${4:-60}" "${2:?name} status matching ${3:?regex}" matches "$2" "$3"; last_status "$2" ;;
burn)    burn "${2:?name}" "${3:?N}" "${4:-60}" ;;
*) echo "usage: $0 create|destroy|reset|status NAME|wait NAME REGEX [SECS]|burn NAME N [SECS]" >&2; exit 2 ;;
esac
