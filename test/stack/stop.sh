#!/bin/bash
# stop.sh: stop what start.sh started (cockpit-ws, sshd, libvirt-dbus, libvirtd, virtlogd, system bus)
# and the two-node test host (testhost/start.sh),
# and destroy + undefine the VMs named vmtune-* — never any other VM.
# Under systemd (a real host) the host's services stay up: only ws and our VMs go.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

for f in "$RUN_DIR"/ws-*.pid; do
    [ -e "$f" ] || continue
    p=${f##*/ws-}; "$STACK_DIR/ws.sh" stop "${p%.pid}"
done
"$STACK_DIR/sshd.sh" stop     # ours only (on a real host its own sshd stays)
"$STACK_DIR/testhost/stop.sh" # the two-node test host's QEMU, if it runs

if libvirtd_up; then
    for vm in $("${VIRSH[@]}" list --all --name | grep '^vmtune-' || true); do
        "${VIRSH[@]}" destroy "$vm" >/dev/null 2>&1 || true     # fails harmlessly when shut off
        "${VIRSH[@]}" undefine "$vm" >/dev/null && log "removed VM $vm"
    done
fi

have_systemd && exit 0
"$STACK_DIR/libvirt-dbus.sh" stop
"$STACK_DIR/libvirtd.sh" stop
adopt_pid virtlogd /run/virtlogd.pid; stop_pid virtlogd
adopt_pid dbus /run/dbus/pid; stop_pid dbus session   # with polkitd it activated
"$STACK_DIR/libvirt-dbus.sh" unblock    # leave no bus policy of ours behind
