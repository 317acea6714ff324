#!/bin/bash
# libvirtd.sh start|stop: start or stop only libvirtd (fault tests stop it under a running page).
# start also brings up what libvirtd needs (system bus, virtlogd, qemu.conf as root, a hugetlbfs
# mount of each huge page size).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case "${1:-}" in
start)
    if have_systemd; then systemctl start virtlogd libvirtd; wait_until 30 libvirtd libvirtd_up; exit 0; fi
    start_dbus
    start_virtlogd
    # a new qemu.conf or a new hugetlbfs mount is seen by a libvirtd started after it
    changed=0
    if qemu_conf_root; then changed=1; fi
    if mount_hugetlbfs; then changed=1; fi
    if [ "$changed" = 1 ] && libvirtd_up; then "$0" stop; fi
    if ! libvirtd_up; then
        libvirtd --daemon
        wait_until 30 "libvirtd (virsh version)" libvirtd_up
        log "started libvirtd"
    fi
    adopt_pid libvirtd /run/libvirtd.pid
    ;;
stop)
    if have_systemd; then systemctl stop libvirtd; exit 0; fi
    adopt_pid libvirtd /run/libvirtd.pid   # also stops a libvirtd we did not start (apt postinst)
    stop_pid libvirtd
    ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
