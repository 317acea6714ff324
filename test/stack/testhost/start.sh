#!/bin/bash
# start.sh [kvm|tcg|auto]: boot the test host (build.sh's image) under QEMU, not as a libvirt VM of
# the outer stack: 4 vCPUs in two guest NUMA nodes (cpus 0-1 + 1 GiB, cpus 2-3 + 1 GiB), direct kernel
# boot of the image's own kernel with cgroup v2, the disk with -snapshot (the cached image is never
# written: every boot starts clean), user-mode network with SSH on 127.0.0.1:${VMTUNE_TESTHOST_PORT:-2222},
# under nice -n 19. Waits until sshd answers and prints the boot time.
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
MODE=${1:-auto}

for f in disk.raw vmlinuz initrd.img; do
    [ -s "$OUT/$f" ] || die "test host image missing ($OUT/$f): run test/stack/testhost/build.sh"
done
if pid_alive testhost; then log "test host already running (pid $(cat "$RUN_DIR/testhost.pid"))"; exit 0; fi
ssh_answers() { timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT && head -c 4 <&3" 2>/dev/null | grep -q '^SSH-'; }
if timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null; then
    die "127.0.0.1:$PORT is already taken by another program: cannot forward the test host's SSH there (VMTUNE_TESTHOST_PORT)"
fi

kvm_usable() { [ -e /dev/kvm ] && { exec 9<>/dev/kvm; } 2>/dev/null && exec 9>&-; }

# boot ACCEL SECONDS: start QEMU and wait for sshd; 0 when it answers
boot() {
    local accel=$1 secs=$2 cpu t0=$SECONDS
    if [ "$accel" = kvm ]; then cpu=host,arch-capabilities=off; else cpu=max; accel=tcg,thread=multi; fi
    : > "$CONSOLE"
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
        boot kvm "$KVM_WAIT" && exit 0
        log "no sshd after ${KVM_WAIT}s under KVM (last console line: $(tail -c 300 "$CONSOLE" | tr -d '\r' | tail -1)); using TCG from now on ($OUT/kvm-hangs)"
        cp "$CONSOLE" "$OUT/kvm-hangs"
        "$STACK_DIR/testhost/stop.sh"
    fi
    boot tcg "$TCG_WAIT" || { "$STACK_DIR/testhost/stop.sh"; die "no sshd after ${TCG_WAIT}s under TCG (console: $CONSOLE)"; } ;;
*) echo "usage: $0 [kvm|tcg|auto]" >&2; exit 2 ;;
esac
