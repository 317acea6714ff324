# Shared helpers for the test/stack scripts; sourced, never run.
# shellcheck shell=bash

STACK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$STACK_DIR/../.." && pwd)
# pid files and daemon logs of everything we start (tmpfs: gone after reboot, like the daemons)
RUN_DIR=/run/vmtune-stack
LOG_DIR=/var/log/vmtune
GUEST_DIR=${VMTUNE_GUEST_DIR:-/var/cache/vmtune-guest}
VIRSH=(virsh -q -c qemu:///system)

mkdir -p "$RUN_DIR" "$LOG_DIR"

log() { echo "[stack] $*" >&2; }
die() { echo "[stack] ERROR: $*" >&2; exit 1; }

# On a real host systemd owns the daemons; on CI containers (no systemd) we start them by hand.
have_systemd() { [ -d /run/systemd/system ] && [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; }

# wait_until SECONDS DESCRIPTION COMMAND...: poll every 0.2 s until COMMAND succeeds.
wait_until() {
    local secs=$1 what=$2; shift 2
    local deadline=$((SECONDS + secs))
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || die "timed out after ${secs}s waiting for $what"
        sleep 0.2
    done
}

# pid_alive NAME: the process recorded in $RUN_DIR/NAME.pid is running.
pid_alive() {
    local f="$RUN_DIR/$1.pid"
    [ -s "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null
}

# session_members SID: the other processes of session SID. Everything a setsid'd daemon of ours
# spawns stays in its session even when orphaned (cockpit-ws: bridges' session dbus-daemon and
# ssh-agent; system bus: the services it activated, polkitd and libvirt-dbus), and nothing else.
session_members() {
    awk -v s="$1" '{ pid = $1; sub(/.*\) /, ""); if ($4 == s && pid != s) print pid }' \
        /proc/[0-9]*/stat 2>/dev/null || true
}

# stop_pid NAME [session]: TERM the recorded process (and with "session" its session members),
# wait up to 5 s, KILL what is left of exactly those, drop the pid file. Never a name match.
stop_pid() {
    local f="$RUN_DIR/$1.pid" pid left
    if pid_alive "$1"; then
        pid=$(cat "$f")
        _remaining() { { kill -0 "$pid" 2>/dev/null && echo "$pid"; [ "${2:-}" = session ] && session_members "$pid"; } || true; }
        kill $(_remaining "$@") 2>/dev/null || true
        for _ in $(seq 50); do [ -n "$(_remaining "$@")" ] || break; sleep 0.1; done
        left=$(_remaining "$@"); [ -z "$left" ] || kill -KILL $left 2>/dev/null || true
        log "stopped $1 (pid $pid)"
    fi
    rm -f "$f"
}

# health checks (quiet; exit status only)
dbus_up() {
    [ -S /run/dbus/system_bus_socket ] &&
        dbus-send --system --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.GetId >/dev/null 2>&1
}
libvirtd_up() { virsh -c qemu:///system version >/dev/null 2>&1; }
# NB: this call bus-activates libvirt-dbus when it is not running (unless blocked, see libvirt-dbus.sh)
libvirt_dbus_up() {
    dbus-send --system --print-reply --dest=org.libvirt /org/libvirt/QEMU \
        org.freedesktop.DBus.Introspectable.Introspect >/dev/null 2>&1
}
# pid of whoever owns NAME on the system bus (empty when nobody does; never activates)
bus_owner_pid() {
    dbus-send --system --print-reply --dest=org.freedesktop.DBus / \
        org.freedesktop.DBus.GetConnectionUnixProcessID "string:$1" 2>/dev/null | awk '/uint32/ {print $2}'
    true
}

cockpit_ws_bin() {
    local d
    for d in /usr/lib/cockpit /usr/libexec; do
        [ -x "$d/cockpit-ws" ] && { echo "$d/cockpit-ws"; return; }
    done
    die "cockpit-ws not found (run test/stack/deps.sh)"
}

# adopt NAME OWN_PIDFILE: record in $RUN_DIR the pid a daemon wrote into its own pid file.
adopt_pid() {
    local pid
    pid=$(cat "$2" 2>/dev/null) || return 0
    kill -0 "$pid" 2>/dev/null && echo "$pid" > "$RUN_DIR/$1.pid"
    return 0
}

start_dbus() {
    dbus_up && return 0
    # a pid file left by a killed bus makes dbus-daemon refuse to start
    [ -s /run/dbus/pid ] && ! kill -0 "$(cat /run/dbus/pid)" 2>/dev/null && rm -f /run/dbus/pid
    mkdir -p /run/dbus
    dbus-daemon --system --fork
    wait_until 10 "system D-Bus" dbus_up
    adopt_pid dbus /run/dbus/pid
    log "started system D-Bus"
}

start_virtlogd() {
    # libvirtd needs it to start VMs ("Failed to connect socket to '/run/libvirt/virtlogd-sock'")
    [ -S /run/libvirt/virtlogd-sock ] && [ -s /run/virtlogd.pid ] && kill -0 "$(cat /run/virtlogd.pid)" 2>/dev/null && return 0
    virtlogd --daemon
    wait_until 10 virtlogd test -S /run/libvirt/virtlogd-sock
    adopt_pid virtlogd /run/virtlogd.pid
    log "started virtlogd"
}

# QEMU as user libvirt-qemu cannot open /dev/kvm or our files in CI containers; root can.
# Only done without systemd: on a real host we leave the admin's qemu.conf alone.
# Returns 0 when the file was changed.
qemu_conf_root() {
    local f=/etc/libvirt/qemu.conf
    grep -qx 'user = "root"' "$f" && grep -qx 'group = "root"' "$f" && return 1
    sed -i -e '/^user *=/d' -e '/^group *=/d' "$f"
    printf '# set by vmtune test/stack (no systemd, CI)\nuser = "root"\ngroup = "root"\n' >> "$f"
    log "qemu.conf: user/group = root"
    return 0
}

# mount_hugetlbfs: a hugetlbfs mount of every huge page size the kernel offers (the default size at
# /dev/hugepages as systemd would, others at /dev/hugepages<N>G|M), so that libvirt's QEMU driver,
# which looks for the mounts when libvirtd starts, can back VM memory with any of them. Only where no
# systemd runs (CI containers): a real host's mounts are its own. Returns 0 when it mounted anything.
mount_hugetlbfs() {
    local dir size def opt point mounted=1
    def=$(awk '/^Hugepagesize:/ {print $2}' /proc/meminfo)
    [ -n "$def" ] || return 1
    for dir in /sys/kernel/mm/hugepages/hugepages-*kB; do
        [ -d "$dir" ] || continue
        size=${dir##*/hugepages-}; size=${size%kB}
        if [ $((size % 1048576)) -eq 0 ]; then opt=$((size / 1048576))G; else opt=$((size / 1024))M; fi
        if [ "$size" = "$def" ]; then point=/dev/hugepages; else point=/dev/hugepages$opt; fi
        # already there with that size (mounts list pagesize as 2M or 1024M)
        if awk -v p="$point" '$2 == p && $3 == "hugetlbfs"' /proc/mounts | grep -q .; then continue; fi
        mkdir -p "$point"
        mount -t hugetlbfs -o "pagesize=$opt" hugetlbfs "$point" || { log "hugetlbfs $opt: mount failed"; continue; }
        log "mounted hugetlbfs pagesize=$opt at $point"
        mounted=0
    done
    return $mounted
}

# spawn NAME LOGFILE CMD...: run CMD detached in its own session (survives the caller's
# terminal and process group), its pid in $RUN_DIR/NAME.pid. The inner shell records its own
# pid and then execs CMD, so the pid is CMD's even if setsid had to fork.
spawn() {
    local name=$1 logf=$2; shift 2
    rm -f "$RUN_DIR/$name.pid"
    # daemons must not inherit descriptors above stderr: a cockpit-ws started under
    # `flock /tmp/vmtune-e2e.lock …` would hold everyone's e2e lock for as long as it runs
    setsid bash -c 'for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
        echo $$ > "$0"; exec "$@"' "$RUN_DIR/$name.pid" "$@" </dev/null >>"$logf" 2>&1 &
    wait_until 5 "$name pid file" test -s "$RUN_DIR/$name.pid"
}
