#!/bin/bash
# Build the test guest: the Debian cloud kernel + a busybox initramfs (guest/init), no disk.
# Output: $VMTUNE_GUEST_DIR/{vmlinuz,initrd.img} (default /var/cache/vmtune-guest, outside git).
# Rebuilds only when an output is missing or guest/init or this script changed.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

HERE="$STACK_DIR/guest"
mkdir -p "$GUEST_DIR"
stamp=$(cat "$HERE/init" "$HERE/build.sh" | sha256sum | cut -d' ' -f1)
if [ -s "$GUEST_DIR/vmlinuz" ] && [ -s "$GUEST_DIR/initrd.img" ] &&
   [ "$(cat "$GUEST_DIR/stamp" 2>/dev/null)" = "$stamp" ]; then
    exit 0
fi
command -v busybox >/dev/null || die "busybox missing (run test/stack/deps.sh)"

# linux-image-cloud-amd64 is a metapackage: resolve the real kernel package it points to.
kpkg() { apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-/ {print $2; exit}'; }
pkg=$(kpkg)
if [ -z "$pkg" ]; then apt-get update -q >&2; pkg=$(kpkg); fi
[ -n "$pkg" ] || die "cannot resolve linux-image-cloud-amd64"

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
log "downloading $pkg (not installed: only unpacked for the guest)"
# apt-get download saves into the current directory; not installing keeps the host kernel untouched
(cd "$work" && apt-get download -q "$pkg" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
deb=$(ls "$work"/*.deb 2>/dev/null | head -n1) || true
[ -n "$deb" ] || die "apt-get download $pkg failed"
dpkg -x "$deb" "$work/k"

root="$work/root"
mkdir -p "$root"/{bin,dev,proc,sys,lib/modules}
cp "$(command -v busybox)" "$root/bin/busybox"
install -m 0755 "$HERE/init" "$root/init"
# in load order (guest/init uses the same list): virtio_mem depends on virtio and virtio_ring only
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_balloon virtio_mem; do
    ko=$(find "$work/k/lib/modules" -name "$m.ko*" | head -n1)
    [ -n "$ko" ] || die "module $m not in $pkg"
    case "$ko" in    # the guest's insmod wants plain .ko files
        *.ko.xz)  xz -dc "$ko" > "$root/lib/modules/$m.ko" ;;
        *.ko.zst) zstd -dc "$ko" > "$root/lib/modules/$m.ko" ;;
        *.ko.gz)  gzip -dc "$ko" > "$root/lib/modules/$m.ko" ;;
        *)        cp "$ko" "$root/lib/modules/$m.ko" ;;
    esac
    # what modinfo calls depends= (NUL-separated in .modinfo): each must be loaded before, by this list
    deps=$(tr '\0' '\n' < "$root/lib/modules/$m.ko" | sed -n 's/^depends=//p' | head -n1)
    for d in ${deps//,/ }; do
        [ -e "$root/lib/modules/$d.ko" ] || die "module $m depends on $d, which is not loaded before it"
    done
done

# no cpio binary on Debian minimal: busybox has one that writes the newc format the kernel wants
(cd "$root" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -9) > "$work/initrd.img"
cp "$work"/k/boot/vmlinuz-* "$work/vmlinuz"
mv -f "$work/vmlinuz" "$work/initrd.img" "$GUEST_DIR/"
echo "$pkg" > "$GUEST_DIR/kernel-package"
echo "$stamp" > "$GUEST_DIR/stamp"
log "guest image ready in $GUEST_DIR ($pkg)"
