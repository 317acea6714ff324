#!/bin/bash
# start.sh [test|demo]: bring up the real stack (idempotent; starts only what is not running).
#   system D-Bus -> virtlogd -> libvirtd -> libvirt-dbus -> cockpit-ws
#   test: cockpit-ws --local-session (no login) on 127.0.0.1:${VMTUNE_TEST_PORT:-9190}
#   demo: cockpit-ws with PAM login on 127.0.0.1:${VMTUNE_DEMO_PORT:-9090}, plus the accounts
#         vmtune-demo/vmtune-demo (group libvirt) and vmtune-noaccess/vmtune-noaccess (not).
# The plugin is served from /usr/local/share/cockpit/vmtune -> ${VMTUNE_DIST:-<repo>/dist} (a
# symlink, for every user at once; a user's own ~/.local/share/cockpit/vmtune takes precedence).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mode=${1:-test}
case "$mode" in test|demo) ;; *) echo "usage: $0 [test|demo]" >&2; exit 2 ;; esac

"$STACK_DIR/deps.sh"
"$STACK_DIR/libvirtd.sh" start          # also the system bus, virtlogd and qemu.conf
"$STACK_DIR/libvirt-dbus.sh" start

# Link the plugin, but never replace a real directory (e.g. `make install PREFIX=/usr/local`).
link=/usr/local/share/cockpit/vmtune
DIST=${VMTUNE_DIST:-$REPO_DIR/dist}
mkdir -p "$(dirname "$link")"
if [ -L "$link" ] || [ ! -e "$link" ]; then ln -sfn "$DIST" "$link"; fi
[ -d "$DIST" ] || log "warning: $DIST does not exist yet (run make); the page will 404"

account() {  # account NAME IN_LIBVIRT(yes|no): create or fix up a local login, password = name
    id "$1" >/dev/null 2>&1 || useradd -m -s /bin/bash "$1"
    echo "$1:$1" | chpasswd
    if [ "$2" = yes ]; then usermod -aG libvirt "$1"
    elif id -nG "$1" | tr ' ' '\n' | grep -qx libvirt; then gpasswd -d "$1" libvirt >/dev/null
    fi
}

if [ "$mode" = test ]; then
    port=${VMTUNE_TEST_PORT:-9190}
    "$STACK_DIR/ws.sh" start "$port" local
    url="http://127.0.0.1:$port/cockpit/@localhost/vmtune/index.html"
    if [ -d "$DIST" ]; then
        code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
        [ "$code" = 200 ] || die "$url answered $code"
        log "plugin served at $url"
    fi
else
    port=${VMTUNE_DEMO_PORT:-9090}
    account vmtune-demo yes       # may talk to org.libvirt (bus policy: group libvirt)
    account vmtune-noaccess no    # logs in, but org.libvirt refuses it: the read-only/no-access case
    "$STACK_DIR/ws.sh" start "$port" pam
    code=$(curl -s -o /dev/null -w '%{http_code}' -u vmtune-demo:vmtune-demo "http://127.0.0.1:$port/cockpit/login")
    [ "$code" = 200 ] || die "login as vmtune-demo on port $port answered $code"
    log "demo: http://127.0.0.1:$port/vmtune  (login vmtune-demo / vmtune-demo)"
fi
"$STACK_DIR/sshd.sh" start    # the second host of the host switcher: this machine over SSH on 127.0.0.2
