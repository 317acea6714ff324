#!/bin/bash
# start.sh [kvm|tcg|auto]: boot the test host (build.sh's image) under QEMU, not as a libvirt VM of
# the outer stack: 4 vCPUs in two guest NUMA nodes (cpus 0-1 + 1 GiB, cpus 2-3 + 1 GiB), direct kernel
# boot of the image's own kernel with cgroup v2, the disk with -snapshot (the cached image is never
# written: every boot starts clean), user-mode network with SSH on 127.0.0.1:${VMTUNE_TESTHOST_PORT:-2222},
# under nice -n 19. Waits until sshd answers and prints the boot time, then joins it to Cockpit's host
# switcher (join_switcher below), installs the page there (install_plugin) and waits for its libvirtd
# and running guest (wait_ready).
# Run again while it runs (or boots, e.g. from make check's background start): joins and waits only.
#   auto (default): KVM when /dev/kvm opens and no earlier boot under it hung (remembered in
#   $OUT/kvm-hangs), else TCG. A KVM boot that does not reach sshd in $KVM_WAIT s is stopped and
#   TCG is used. ssh.sh logs in; stop.sh stops it.
# pid: /run/vmtune-stack/testhost.pid, console: /var/log/vmtune/testhost.console
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

OUT=${VMTUNE_TESTHOST_DIR:-/var/cache/vmtune-testhost}
PORT=${VMTUNE_TESTHOST_PORT:-2222}
CONSOLE=$LOG_DIR/testhost.console
KVM_WAIT=${VMTUNE_TESTHOST_KVM_WAIT:-90}
TCG_WAIT=${VMTUNE_TESTHOST_TCG_WAIT:-600}
READY_WAIT=${VMTUNE_TESTHOST_READY_WAIT:-300}
MODE=${1:-auto}
DIST=${VMTUNE_DIST:-$REPO_DIR/dist}
RUNNING_GUEST=vmtune-inner-idle
LOCAL_ACCOUNTS=(vmtune-demo vmtune-noaccess)
KNOWN=/etc/ssh/ssh_known_hosts
MACHINE=/etc/cockpit/machines.d/vmtune-testhost.json

for f in disk.raw vmlinuz initrd.img; do
    [ -s "$OUT/$f" ] || die "test host image missing ($OUT/$f): run test/stack/testhost/build.sh"
done
ssh_answers() { timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT && head -c 4 <&3" 2>/dev/null | grep -q '^SSH-'; }
inside() { "$STACK_DIR/testhost/ssh.sh" "$@"; }

# join_switcher: the test host in Cockpit's host switcher for every login, as sshd.sh does for
# 127.0.0.2: machines.d (127.0.0.1 port $PORT, user vmtune-remote), its host key trusted for
# [127.0.0.1]:$PORT in /etc/ssh/ssh_known_hosts (cockpit-ssh reads it: no prompt), and the key of
# each local demo account that has one authorized for vmtune-remote inside (the image holds only the
# build's key, so accounts made after the build can log in too).
join_switcher() {
    local keys u h
    keys=$(for u in "${LOCAL_ACCOUNTS[@]}"; do
        h=$(getent passwd "$u" | cut -d: -f6) || continue
        [ -s "$h/.ssh/id_ed25519.pub" ] && cat "$h/.ssh/id_ed25519.pub"
    done; true)
    if [ -n "$keys" ]; then
        printf '%s\n' "$keys" | inside 'f=/home/vmtune-remote/.ssh/authorized_keys
            while read -r k; do grep -qxF "$k" "$f" || echo "$k" >> "$f"; done' ||
            die "could not authorize the local demo accounts' keys in the test host"
    fi
    [ -f "$KNOWN" ] && sed -i "/^\[127\.0\.0\.1\]:$PORT /d" "$KNOWN"
    awk -v h="[127.0.0.1]:$PORT" '{ print h, $2, $3 }' "$OUT/known_hosts" >> "$KNOWN"
    chmod 644 "$KNOWN"
    mkdir -p "$(dirname "$MACHINE")"
    printf '{ "127.0.0.1": { "address": "127.0.0.1", "port": %s, "user": "vmtune-remote", "visible": true, "color": "rgb(236, 122, 8)" } }\n' \
        "$PORT" > "$MACHINE"
}

# install_plugin: the page on the test host, as a user installs it on every host they manage (the
# shell loads a host's pages from that host's bridge): ${VMTUNE_DIST:-<repo>/dist} copied to
# /usr/local/share/cockpit/vmtune inside, replacing what an earlier run put there.
install_plugin() {
    [ -f "$DIST/manifest.json" ] || die "$DIST has no built page (run make): cannot install it in the test host"
    tar -C "$DIST" -cf - . | inside 'rm -rf /usr/local/share/cockpit/vmtune && mkdir -p /usr/local/share/cockpit/vmtune &&
        tar -C /usr/local/share/cockpit/vmtune -xf - && chmod -R u=rwX,go=rX /usr/local/share/cockpit/vmtune' ||
        die "could not copy the page ($DIST) into the test host"
}

# wait_ready: libvirtd inside answers and the running guest is up (its first start also makes
# libvirt probe QEMU's capabilities, which takes a while under TCG: better here than in a test).
wait_ready() {
    local deadline=$((SECONDS + READY_WAIT)) state=
    until state=$(inside virsh -q -c qemu:///system domstate "$RUNNING_GUEST" 2>/dev/null) && [ "$state" = running ]; do
        [ "$SECONDS" -lt "$deadline" ] ||
            die "the test host's guest $RUNNING_GUEST is not running after ${READY_WAIT}s (state: ${state:-no answer}; inside: journalctl -u vmtune-inner-define)"
        sleep 2
    done
    # the page also opens vmtune-remote's qemu:///session: its daemon's first start probes QEMU's
    # capabilities (slow under TCG) into the account's cache; do that here rather than in a test
    "$STACK_DIR/testhost/ssh.sh" -u vmtune-remote "timeout 300 virsh -q -c qemu:///session capabilities >/dev/null" ||
        log "warning: vmtune-remote's qemu:///session did not answer in the test host"
}

# a test host booted from an image that has been rebuilt since is stopped and booted again
if pid_alive testhost && [ "$(cat "$RUN_DIR/testhost.stamp" 2>/dev/null)" != "$(cat "$OUT/stamp")" ]; then
    log "the running test host was booted from an older image: booting the new one"
    "$STACK_DIR/testhost/stop.sh"
fi
if pid_alive testhost; then
    log "test host already running (pid $(cat "$RUN_DIR/testhost.pid")): waiting for its sshd"
    wait_until "$TCG_WAIT" "the test host's sshd on 127.0.0.1:$PORT" ssh_answers
    join_switcher; install_plugin; wait_ready
    exit 0
fi
if timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null; then
    die "127.0.0.1:$PORT is already taken by another program: cannot forward the test host's SSH there (VMTUNE_TESTHOST_PORT)"
fi

kvm_usable() { [ -e /dev/kvm ] && { exec 9<>/dev/kvm; } 2>/dev/null && exec 9>&-; }

# boot ACCEL SECONDS: start QEMU and wait for sshd; 0 when it answers
boot() {
    local accel=$1 secs=$2 cpu t0=$SECONDS
    if [ "$accel" = kvm ]; then cpu=host,arch-capabilities=off; else cpu=max; accel=tcg,thread=multi; fi
    : > "$CONSOLE"
    cp "$OUT/stamp" "$RUN_DIR/testhost.stamp"
    spawn testhost "$LOG_DIR/testhost.log" nice -n 19 qemu-system-x86_64 \
        -name vmtune-testhost -machine q35 -accel "$accel" -cpu "$cpu" \
        -smp 4,sockets=2,cores=2,threads=1 -m 2G \
        -object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=1G \
        -numa node,nodeid=0,cpus=0-1,memdev=m0 -numa node,nodeid=1,cpus=2-3,memdev=m1 \
        -numa dist,src=0,dst=1,val=20 \
        -kernel "$OUT/vmlinuz" -initrd "$OUT/initrd.img" \
        -append "root=/dev/vda rw console=ttyS0 systemd.unified_cgroup_hierarchy=1 fsck.mode=skip" \
        -drive "file=$OUT/disk.raw,format=raw,if=virtio,snapshot=on" \
        -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$PORT-:22" -device virtio-net-pci,netdev=n0 \
        -serial "file:$CONSOLE" -display none -monitor none -nodefaults
    log "test host booting under $1 (pid $(cat "$RUN_DIR/testhost.pid")), console $CONSOLE"
    local deadline=$((SECONDS + secs))
    until ssh_answers; do
        if ! pid_alive testhost; then
            tail -5 "$LOG_DIR/testhost.log" >&2
            die "QEMU of the test host exited under $1 (log: $LOG_DIR/testhost.log, console: $CONSOLE)"
        fi
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 1
    done
    log "test host sshd on 127.0.0.1:$PORT after $((SECONDS - t0)) s under $1"
}

case "$MODE" in
kvm) kvm_usable || die "/dev/kvm cannot be opened"
     boot kvm "$KVM_WAIT" || { "$STACK_DIR/testhost/stop.sh"; die "no sshd after ${KVM_WAIT}s under KVM (console: $CONSOLE)"; } ;;
tcg) boot tcg "$TCG_WAIT" || { "$STACK_DIR/testhost/stop.sh"; die "no sshd after ${TCG_WAIT}s under TCG (console: $CONSOLE)"; } ;;
auto)
    if kvm_usable && [ ! -e "$OUT/kvm-hangs" ]; then
        if boot kvm "$KVM_WAIT"; then join_switcher; install_plugin; wait_ready; exit 0; fi
        log "no sshd after ${KVM_WAIT}s under KVM (last console line: $(tail -c 300 "$CONSOLE" | tr -d '\r' | tail -1)); using TCG from now on ($OUT/kvm-hangs)"
        cp "$CONSOLE" "$OUT/kvm-hangs"
        "$STACK_DIR/testhost/stop.sh"
    fi
    boot tcg "$TCG_WAIT" || { "$STACK_DIR/testhost/stop.sh"; die "no sshd after ${TCG_WAIT}s under TCG (console: $CONSOLE)"; } ;;
*) echo "usage: $0 [kvm|tcg|auto]" >&2; exit 2 ;;
esac
join_switcher
install_plugin
wait_ready
log "test host ready: host switcher entry 127.0.0.1:$PORT (user vmtune-remote), the page from $DIST, $RUNNING_GUEST running"
