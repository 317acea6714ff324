# A Debian 12 (bookworm) tree to build in, for test/bare/run.sh (make bare-check) and
# test/stack/testhost/build.sh (the test host's image); sourced, never run. The minbase system is
# debootstrapped once and kept as a tarball; each build unpacks it fresh into ROOT with apt's sources,
# no daemon starts, this machine's DNS and CA, and /proc, /sys, /dev bound (chroot_unmount undoes that).
# shellcheck shell=bash

CHROOT_MIRROR=http://deb.debian.org/debian

# chroot_base TARBALL: debootstrap the minbase system into TARBALL unless it is there
chroot_base() {
    local base=$1 tmp
    [ -s "$base" ] && return 0
    command -v debootstrap >/dev/null || { apt-get update -q && apt-get install -y -q --no-install-recommends debootstrap; }
    tmp=$(dirname "$base")/minbase.tmp
    echo "[chroot] debootstrap bookworm (minbase) once; kept as $base" >&2
    mkdir -p "$(dirname "$base")"; rm -rf "$tmp"
    debootstrap --variant=minbase bookworm "$tmp" "$CHROOT_MIRROR" >"$tmp.log" 2>&1 ||
        { tail -20 "$tmp.log" >&2; echo "[chroot] debootstrap failed (log: $tmp.log)" >&2; return 1; }
    tar -C "$tmp" -cf "$base" . && rm -rf "$tmp" "$tmp.log"
}

# chroot_unmount ROOT
chroot_unmount() {
    local m
    for m in dev/pts dev sys proc; do umount -l "$1/$m" 2>/dev/null || true; done
}

# chroot_fresh TARBALL ROOT: ROOT emptied (never through a bind mount: the host's /dev or /sys),
# TARBALL unpacked there and made ready for apt-get in a chroot
chroot_fresh() {
    local base=$1 root=$2 m
    chroot_unmount "$root"
    if grep -q " $root/" /proc/mounts; then echo "[chroot] $root still has mounts: not removing it" >&2; return 1; fi
    rm -rf "$root"; mkdir -p "$root"
    tar -C "$root" -xf "$base"
    cat > "$root/etc/apt/sources.list" <<SOURCES
deb $CHROOT_MIRROR bookworm main
deb $CHROOT_MIRROR bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SOURCES
    # packages' maintainer scripts must not start daemons inside the chroot (they would fight this machine's)
    printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
    chmod 0755 "$root/usr/sbin/policy-rc.d"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    # The machine's own trust, not an install step of ours: where egress goes through a TLS proxy (this
    # workplace), the machine image carries its CA in /usr/local/share/ca-certificates and points Node
    # at the system bundle with NODE_EXTRA_CA_CERTS; a fresh machine of the same kind has both.
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
    for m in proc sys dev dev/pts; do mount --bind "/$m" "$root/$m"; done
}
