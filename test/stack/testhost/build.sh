#!/bin/bash
# Build the second test host: a Debian 12 disk image (systemd, cgroup v2, libvirtd with the QEMU
# driver, libvirt-dbus, cockpit-bridge, sshd, numactl) with the stack's test guest image and two guests
# of its own, for start.sh to boot under QEMU with two guest NUMA nodes: inner.xml (the image guest,
# defined, shut off: booting it takes minutes under TCG inside TCG) and inner-idle.xml (firmware only,
# started at every boot).
# Output in $VMTUNE_TESTHOST_DIR (default /var/cache/vmtune-testhost, outside git):
#   disk.raw (ext4, sparse; start.sh boots it with -snapshot, so it is never written),
#   vmlinuz + initrd.img (the image's own kernel, for direct kernel boot), id_ed25519 (the key that
#   logs in as root and vmtune-remote), ssh_host_ed25519_key (the image's one host key, kept across
#   rebuilds) and known_hosts (its line, under the alias vmtune-testhost that ssh.sh uses), stamp.
# Rebuilds only when an output is missing or its inputs changed (build.sh, the two guest XMLs, the
# guest image). The local demo accounts' keys are not baked in: start.sh authorizes them at each boot.
# The bookworm minbase tarball of test/bare/run.sh (test/stack/chroot.sh)
# (/var/tmp/vmtune-bare/bookworm-minbase.tar) is reused, or made here the same way.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

HERE="$STACK_DIR/testhost"
OUT=${VMTUNE_TESTHOST_DIR:-/var/cache/vmtune-testhost}
BASE=${VMTUNE_BARE_DIR:-/var/tmp/vmtune-bare}/bookworm-minbase.tar
WORK=/var/tmp/vmtune-testhost-build
ROOT=$WORK/root
SIZE=6G
PACKAGES="linux-image-cloud-amd64 initramfs-tools systemd systemd-sysv dbus udev kmod iproute2
 libvirt-daemon-system libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 libvirt-dbus
 cockpit-bridge openssh-server numactl procps less"

"$STACK_DIR/guest/build.sh"
mkdir -p "$OUT"
[ -s "$OUT/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C vmtune-testhost -f "$OUT/id_ed25519"
[ -s "$OUT/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C vmtune-testhost-host -f "$OUT/ssh_host_ed25519_key"
awk '{ print "vmtune-testhost", $1, $2 }' "$OUT/ssh_host_ed25519_key.pub" > "$OUT/known_hosts"
stamp=$( { cat "$HERE/build.sh" "$HERE/inner.xml" "$HERE/inner-idle.xml" "$STACK_DIR/chroot.sh"; cat "$GUEST_DIR/stamp" "$OUT/id_ed25519.pub" "$OUT/ssh_host_ed25519_key.pub"; } | sha256sum | cut -d' ' -f1)
if [ -s "$OUT/disk.raw" ] && [ -s "$OUT/vmlinuz" ] && [ -s "$OUT/initrd.img" ] &&
   [ "$(cat "$OUT/stamp" 2>/dev/null)" = "$stamp" ]; then
    exit 0
fi
t0=$SECONDS

. "$STACK_DIR/chroot.sh"
chroot_base "$BASE"
trap 'chroot_unmount "$ROOT"' EXIT
trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP
chroot_fresh "$BASE" "$ROOT"

log "installing packages in the image (a few minutes)"
chroot "$ROOT" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive sh -c "apt-get update -q && apt-get install -y -q --no-install-recommends $(echo $PACKAGES)" \
    > "$WORK/apt.log" 2>&1 || { tail -30 "$WORK/apt.log" >&2; die "apt-get install in the image failed (log: $WORK/apt.log)"; }

# the system: name, root fs, DHCP on QEMU's user network, no timers that wake the disk
echo vmtune-testhost > "$ROOT/etc/hostname"
printf '127.0.1.1 vmtune-testhost\n' >> "$ROOT/etc/hosts"
printf '/dev/vda / ext4 defaults,noatime 0 1\n' > "$ROOT/etc/fstab"
printf '[Match]\nName=e*\n[Network]\nDHCP=ipv4\n' > "$ROOT/etc/systemd/network/10-dhcp.network"
rm -f "$ROOT/etc/resolv.conf"; printf 'nameserver 10.0.2.3\n' > "$ROOT/etc/resolv.conf"
# libvirt's default network wants dnsmasq and iptables, which the test host does not need
rm -f "$ROOT/etc/libvirt/qemu/networks/autostart/default.xml"
# the root fs is checked by nobody (the image is booted with -snapshot): skip fsck at boot
install -d "$ROOT/var/lib/libvirt/images/vmtune-guest"
cp "$GUEST_DIR/vmlinuz" "$GUEST_DIR/initrd.img" "$ROOT/var/lib/libvirt/images/vmtune-guest/"
install -D -m 0644 "$HERE/inner.xml" "$ROOT/usr/local/share/vmtune/inner.xml"
install -D -m 0644 "$HERE/inner-idle.xml" "$ROOT/usr/local/share/vmtune/inner-idle.xml"
cat > "$ROOT/etc/systemd/system/vmtune-inner-define.service" <<'UNIT'
[Unit]
Description=Define the vmtune test host's own guests and start the idle one
After=libvirtd.service
Requires=libvirtd.service
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/vmtune-inner-define
[Install]
WantedBy=multi-user.target
UNIT
cat > "$ROOT/usr/local/sbin/vmtune-inner-define" <<'SCRIPT'
#!/bin/sh -e
# each guest defined once (a -snapshot boot always starts from the image: that is every boot)
virsh() { /usr/bin/virsh -q -c qemu:///system "$@"; }
for g in inner inner-idle; do
    virsh domstate "vmtune-$g" >/dev/null 2>&1 || virsh define "/usr/local/share/vmtune/$g.xml"
done
[ "$(virsh domstate vmtune-inner-idle)" = running ] || virsh start vmtune-inner-idle
SCRIPT
chmod 0755 "$ROOT/usr/local/sbin/vmtune-inner-define"

# accounts: root (console password vmtune, key login) and vmtune-remote (group libvirt, key only)
chroot "$ROOT" sh -e -c '
    echo root:vmtune | chpasswd
    id vmtune-remote >/dev/null 2>&1 || useradd -m -s /bin/bash -G libvirt vmtune-remote
    passwd -l vmtune-remote >/dev/null
    systemctl enable systemd-networkd.service ssh.service libvirtd.service vmtune-inner-define.service >/dev/null 2>&1
    systemctl mask apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer fstrim.timer >/dev/null 2>&1 || true
'
install -d -m 700 "$ROOT/root/.ssh"; cat "$OUT/id_ed25519.pub" > "$ROOT/root/.ssh/authorized_keys"
rh=$ROOT/home/vmtune-remote
install -d -m 700 "$rh/.ssh"; cat "$OUT/id_ed25519.pub" > "$rh/.ssh/authorized_keys"; chmod 600 "$rh/.ssh/authorized_keys"
chroot "$ROOT" chown -R vmtune-remote:vmtune-remote /home/vmtune-remote/.ssh
# one host key, made once and kept in $OUT: a rebuilt image is still the host the known-hosts lines
# (start.sh, ssh.sh) trust, even while the previous image is running
rm -f "$ROOT"/etc/ssh/ssh_host_*
install -m 600 "$OUT/ssh_host_ed25519_key" "$ROOT/etc/ssh/ssh_host_ed25519_key"
install -m 644 "$OUT/ssh_host_ed25519_key.pub" "$ROOT/etc/ssh/ssh_host_ed25519_key.pub"

cp "$ROOT"/boot/vmlinuz-* "$WORK/vmlinuz"; cp "$ROOT"/boot/initrd.img-* "$WORK/initrd.img"
chroot "$ROOT" apt-get clean
rm -f "$ROOT/usr/sbin/policy-rc.d"
chroot_unmount "$ROOT"
rm -f "$WORK/disk.raw"
# mke2fs -d copies the tree (owners, modes, xattrs) into the new fs: no loop device, no mount
mkfs.ext4 -q -L vmtune-root -d "$ROOT" "$WORK/disk.raw" "$SIZE" || die "mkfs.ext4 -d failed"
mv -f "$WORK/disk.raw" "$WORK/vmlinuz" "$WORK/initrd.img" "$OUT/"
echo "$stamp" > "$OUT/stamp"
rm -rf "$ROOT"
log "test host image ready in $OUT ($((SECONDS - t0)) s, $(du -h "$OUT/disk.raw" | cut -f1) used of $SIZE)"
