#!/usr/bin/env bash
# make bare-check: the project's own files install everything on a bare Debian 12. A debootstrap'd
# bookworm (minbase: not even make) gets the committed tree (git archive HEAD) and runs, as a
# newcomer would, what `make demo` / `make check` run before the stack starts: make and git from
# apt (the README's one prerequisite), test/tools/ensure-node.sh, test/stack/deps.sh, npm ci, the
# build (npm run build), typecheck, unit tests, the guest image, make dist and make rpm. Services
# are not started in the chroot (they would fight this machine's): the stack itself is what `make check` proves here.
#   VMTUNE_BARE_DIR  work directory (default /var/tmp/vmtune-bare; the base tarball is kept there)
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
WORK=${VMTUNE_BARE_DIR:-/var/tmp/vmtune-bare}
BASE=$WORK/bookworm-minbase.tar
ROOT=$WORK/root

log() { echo "[bare] $*" >&2; }

. test/stack/chroot.sh
mkdir -p "$WORK"
chroot_base "$BASE"
trap 'chroot_unmount "$ROOT"' EXIT
trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP   # so that EXIT (the unmounts) runs
chroot_fresh "$BASE" "$ROOT"
mkdir -p "$ROOT/src/vmtune" "$ROOT/src/shared"
git -C "$REPO" archive HEAD | tar -x -C "$ROOT/src/vmtune"
# ../shared beside the clone, as CI has it (the unit tests read libvirt's domain corpus from it)
[ -d "$REPO/../shared" ] && cp -a "$REPO/../shared/." "$ROOT/src/shared/"
log "tree of $(git -C "$REPO" rev-parse --short HEAD) in $ROOT/src/vmtune"

# each step timed; the first failure stops the run and is named
chroot "$ROOT" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 VMTUNE_GUEST_DIR=/var/cache/vmtune-guest ${NODE_EXTRA_CA_CERTS:+NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS} \
    /bin/bash -s <<'STEPS'
set -uo pipefail
cd /src/vmtune
step() {
    local name=$1; shift
    local t0=$SECONDS
    echo "[bare] == $name: $*" >&2
    if "$@" > "/tmp/bare-$name.log" 2>&1; then
        echo "[bare] ok   $name ($((SECONDS - t0)) s)" >&2
    else
        tail -30 "/tmp/bare-$name.log" >&2
        echo "[bare] FAIL $name ($((SECONDS - t0)) s): see the lines above" >&2
        exit 1
    fi
}
# only what the README asks for first; ensure-node.sh and deps.sh must bring the rest (ca-certificates too)
step prerequisites sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends make git'
step node test/tools/ensure-node.sh
step deps test/stack/deps.sh
step npm-ci npm ci --no-audit --no-fund
step build npm run -s build
step typecheck npm run -s typecheck
step unit node test/unit/run.mjs
step guest test/stack/guest/build.sh
step dist make dist
step rpm make rpm
echo "[bare] all steps passed; node $(node --version), $(dpkg-query -W -f='${db:Status-Abbrev}\n' | grep -c '^ii') packages installed" >&2
STEPS
chroot_unmount "$ROOT"   # unmount first: du must not walk the machine's /proc, /sys and /dev
log "disk used: $(du -shx "$ROOT" | cut -f1) in $ROOT (kept until the next run), base $(du -sh "$BASE" | cut -f1)"
