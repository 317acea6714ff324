#!/bin/bash
# Install the Debian 12 packages the real test stack needs. Quick no-op when all are present.
set -euo pipefail

PKGS=(
    dbus                                   # system bus for libvirt-dbus
    libvirt-daemon libvirt-daemon-driver-qemu libvirt-daemon-system libvirt-clients
    libvirt-daemon-driver-lxc              # lxc:/// containers listed beside the VMs
    openssh-server                         # e2e: the page on a second host reached over SSH (cockpit-ssh)
    qemu-system-x86                        # runs the fixture guests (TCG)
    libvirt-dbus                           # the API the plugin talks to
    cockpit-ws cockpit-bridge cockpit-system
    cockpit-machines                       # the peer we compare with
    numactl                                # numastat -p: e2e checks the page's memory placement against it
    socat                                  # fixtures.sh burn: writes to a guest's command port (unix socket)
    chromium                               # e2e browser (playwright-core drives it)
    busybox-static                         # guest initramfs userland (also provides cpio)
    libxml2-utils                          # xmllint --c14n in tests
    systemd                                # busctl: the e2e reads dbus-daemon's match-rule statistics
    rpm gettext appstream-util appstream   # make rpm / make pot (metainfo ITS rules), metainfo check
    xz-utils                               # make dist: the .tar.xz (a minimal Debian has no xz)
    sudo                                   # e2e: administrative access (Cockpit superuser) turned on live
    fonts-wqy-microhei                     # CJK glyphs for the zh_CN screenshot
    ca-certificates curl                   # npm over https, stack health checks
)

missing=()
for p in "${PKGS[@]}"; do
    # dpkg-query prints "ii " for an installed package; anything else (or an error) means missing
    [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)" = "ii " ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "[deps] installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# no recommends: keeps CI installs small and avoids pulling in a desktop for chromium
apt-get install -y -q --no-install-recommends "${missing[@]}"
