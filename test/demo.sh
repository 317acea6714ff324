#!/bin/bash
# test/demo.sh start|stop — the demo of `make demo` / `make demo-stop`.
#   start: the real stack with the PAM login cockpit-ws (test/stack/start.sh demo: daemons, accounts),
#          the page built and linked, the fixture VMs, the two-node test host (test/stack/testhost),
#          then the URLs and the account to log in with.
#   stop:  stops the demo's cockpit-ws only. The daemons and VMs stay: `make check` and other
#          sessions share them. test/stack/stop.sh stops everything and removes the vmtune-* VMs.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${VMTUNE_DEMO_PORT:-9090}

case "${1:-}" in
start)
    [ -f dist/index.html ] || make all
    test/stack/start.sh demo
    test/stack/fixtures.sh create
    # the two-node cgroup v2 test host (built once: a few minutes; boots under TCG in about a minute)
    test/stack/testhost/build.sh
    test/stack/testhost/start.sh
    cat <<MSG

vmtune demo is running.
  Cockpit shell:  http://127.0.0.1:$PORT/vmtune
  page alone:     http://127.0.0.1:$PORT/cockpit/@localhost/vmtune/index.html
  log in as:      vmtune-demo / vmtune-demo   (group libvirt: may change VMs)
                  vmtune-noaccess / vmtune-noaccess   (not in group libvirt: the no-access state)
  VMs:            $(virsh -q -c qemu:///system list --all --name | grep '^vmtune-' | tr '\n' ' ')
  containers:     $(virsh -q -c lxc:/// list --all --name 2>/dev/null | grep '^vmtune-' | tr '\n' ' ')(lxc:///)
  second host:    http://127.0.0.1:$PORT/@127.0.0.2/vmtune   (this machine over SSH as vmtune-remote;
                  log in as vmtune-noaccess: its own host has no access, the second host has)
  test host:      http://127.0.0.1:$PORT/@127.0.0.1/vmtune   (two NUMA nodes, cgroup v2, systemd: a Debian 12
                  VM under QEMU, over SSH on 127.0.0.1:${VMTUNE_TESTHOST_PORT:-2222} as vmtune-remote; guests
                  vmtune-inner-idle (running, firmware only) and vmtune-inner (shut off);
                  test/stack/testhost/ssh.sh logs in as root)
Stop with: make demo-stop (the demo's cockpit-ws; test/stack/stop.sh stops the whole stack)
MSG
    ;;
stop)
    test/stack/ws.sh stop "$PORT"
    echo "stopped the demo cockpit-ws on port $PORT (daemons and VMs left running: test/stack/stop.sh stops them)"
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
