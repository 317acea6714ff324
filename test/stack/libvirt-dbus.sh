#!/bin/bash
# libvirt-dbus.sh start|stop|kill: only libvirt-dbus (fault tests take it away under a running page).
#   stop  kill it AND block D-Bus activation, so it stays away until `start` (callers get
#         org.freedesktop.DBus.Error.Spawn.ChildExited instead of an answer).
#   kill  kill it only, like a crash: the system bus re-activates it on the next call
#         (/usr/share/dbus-1/system-services/org.libvirt.service; real hosts do the same).
#   start unblock and start it (as user libvirtdbus), wait until org.libvirt answers.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# a mandatory bus policy that forbids owning org.libvirt: an activated libvirt-dbus exits at once
BLOCK=/etc/dbus-1/system.d/zz-vmtune-block-libvirt-dbus.conf
reload_bus() {
    dbus_up && dbus-send --system --print-reply --dest=org.freedesktop.DBus / \
        org.freedesktop.DBus.ReloadConfig >/dev/null
    return 0
}
kill_it() {
    local pid
    pid=$(bus_owner_pid org.libvirt)    # ours or bus-activated: the one that owns the name
    if [ -n "$pid" ] && ! pid_alive libvirt-dbus; then echo "$pid" > "$RUN_DIR/libvirt-dbus.pid"; fi
    stop_pid libvirt-dbus
}

case "${1:-}" in
start)
    if [ -e "$BLOCK" ]; then rm -f "$BLOCK"; reload_bus; fi
    if have_systemd; then systemctl start libvirt-dbus; wait_until 30 libvirt-dbus libvirt_dbus_up; exit 0; fi
    start_dbus
    pid=$(bus_owner_pid org.libvirt)
    if [ -n "$pid" ]; then echo "$pid" > "$RUN_DIR/libvirt-dbus.pid"; exit 0; fi
    # the bus policy lets only user libvirtdbus own org.libvirt; setpriv execs in place
    spawn libvirt-dbus "$LOG_DIR/libvirt-dbus.log" \
        setpriv --reuid=libvirtdbus --regid=libvirtdbus --init-groups -- libvirt-dbus --system
    wait_until 30 "libvirt-dbus (org.libvirt on the system bus)" libvirt_dbus_up
    log "started libvirt-dbus (pid $(cat "$RUN_DIR/libvirt-dbus.pid"))"
    ;;
stop)
    cat > "$BLOCK" <<'XML'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<!-- written by vmtune test/stack/libvirt-dbus.sh stop; removed by start -->
<busconfig><policy context="mandatory"><deny own="org.libvirt"/></policy></busconfig>
XML
    reload_bus
    if have_systemd; then systemctl stop libvirt-dbus; exit 0; fi
    kill_it
    ;;
kill)
    if have_systemd; then systemctl kill libvirt-dbus; exit 0; fi
    kill_it
    ;;
unblock)  # used by stop.sh: drop the block without starting anything
    rm -f "$BLOCK"; reload_bus
    ;;
*) echo "usage: $0 start|stop|kill" >&2; exit 2 ;;
esac
