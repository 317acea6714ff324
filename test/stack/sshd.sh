#!/bin/bash
# sshd.sh start|stop: "a second host" for Cockpit's host switcher — this same machine reached over
# SSH on 127.0.0.2:22 (loopback only), as the account vmtune-remote (group libvirt).
#   start: host keys (ssh-keygen -A, only what is missing), an sshd with our own config
#          $RUN_DIR/sshd_config (the machine's /etc/ssh/sshd_config is left alone), the account
#          vmtune-remote/vmtune-remote, the host keys trusted for 127.0.0.2 in /etc/ssh/ssh_known_hosts
#          (read by cockpit-ssh through libssh: no host key prompt), and the key of each local demo
#          account that exists (vmtune-demo, vmtune-noaccess: ~/.ssh/id_ed25519, made if missing)
#          authorized for vmtune-remote, and the host in Cockpit's host switcher for every login
#          (/etc/cockpit/machines.d/vmtune-remote.json: 127.0.0.2 as user vmtune-remote; the shell
#          refuses a host that is not listed: "Cannot connect to an unknown host").
#          Idempotent: run it again after new demo accounts exist.
#   stop:  our sshd, the 127.0.0.2 known-hosts lines and the machines.d file; accounts and keys stay.
# pid: /run/vmtune-stack/sshd.pid, log: /var/log/vmtune/sshd.log
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ADDR=127.0.0.2
REMOTE=vmtune-remote
LOCAL_ACCOUNTS=(vmtune-demo vmtune-noaccess)
CONFIG=$RUN_DIR/sshd_config
KNOWN=/etc/ssh/ssh_known_hosts
MACHINE=/etc/cockpit/machines.d/vmtune-remote.json

ssh_answers() { timeout 2 bash -c "exec 3<>/dev/tcp/$ADDR/22 && head -c 4 <&3" 2>/dev/null | grep -q '^SSH-'; }

# known_hosts without our lines (the file may hold the admin's own entries)
drop_known() { [ -f "$KNOWN" ] && sed -i "/^$ADDR /d" "$KNOWN"; return 0; }

trust_host_keys() {
    drop_known
    local pub
    for pub in /etc/ssh/ssh_host_*_key.pub; do
        awk -v a="$ADDR" '{ print a, $1, $2 }' "$pub" >> "$KNOWN"
    done
    chmod 644 "$KNOWN"
}

remote_account() {
    id "$REMOTE" >/dev/null 2>&1 || useradd -m -s /bin/bash "$REMOTE"
    echo "$REMOTE:$REMOTE" | chpasswd
    usermod -aG libvirt "$REMOTE"
    local home ssh_dir user uhome keys
    home=$(getent passwd "$REMOTE" | cut -d: -f6)
    ssh_dir=$home/.ssh
    install -d -m 700 -o "$REMOTE" -g "$REMOTE" "$ssh_dir"
    keys=$ssh_dir/authorized_keys
    touch "$keys"
    for user in "${LOCAL_ACCOUNTS[@]}"; do
        id "$user" >/dev/null 2>&1 || continue
        uhome=$(getent passwd "$user" | cut -d: -f6)
        install -d -m 700 -o "$user" -g "$user" "$uhome/.ssh"
        [ -s "$uhome/.ssh/id_ed25519" ] ||
            runuser -u "$user" -- ssh-keygen -q -t ed25519 -N '' -C "$user@vmtune-stack" -f "$uhome/.ssh/id_ed25519"
        grep -qxF "$(cat "$uhome/.ssh/id_ed25519.pub")" "$keys" || cat "$uhome/.ssh/id_ed25519.pub" >> "$keys"
    done
    chown "$REMOTE:$REMOTE" "$keys"; chmod 600 "$keys"
}

write_config() {
    cat > "$CONFIG" <<EOF
# written by vmtune test/stack/sshd.sh: the "second host" of the e2e tests, loopback only
ListenAddress $ADDR:22
HostKey /etc/ssh/ssh_host_ed25519_key
HostKey /etc/ssh/ssh_host_ecdsa_key
HostKey /etc/ssh/ssh_host_rsa_key
PidFile none
UsePAM yes
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers $REMOTE
LogLevel VERBOSE
EOF
}

case "${1:-}" in
start)
    ssh-keygen -A >/dev/null          # only the host keys that are missing
    remote_account
    trust_host_keys
    write_config
    mkdir -p "$(dirname "$MACHINE")"
    printf '{ "%s": { "address": "%s", "user": "%s", "visible": true, "color": "rgb(0, 102, 204)" } }\n' \
        "$ADDR" "$ADDR" "$REMOTE" > "$MACHINE"
    if pid_alive sshd; then exit 0; fi
    if ssh_answers; then
        # the machine's own sshd (systemd, or started by openssh-server's postinst) listening on every
        # address already serves 127.0.0.2 with the same host keys; ours could not bind there
        log "using the sshd already listening on $ADDR:22, not ours (it must let $REMOTE log in with a key)"
        exit 0
    fi
    mkdir -p /run/sshd; chmod 755 /run/sshd    # privilege separation directory
    /usr/sbin/sshd -t -f "$CONFIG" || die "sshd refuses $CONFIG"
    spawn sshd "$LOG_DIR/sshd.log" /usr/sbin/sshd -D -e -f "$CONFIG"
    wait_until 10 "sshd on $ADDR:22" ssh_answers
    log "sshd on $ADDR:22 (pid $(cat "$RUN_DIR/sshd.pid")), account $REMOTE/$REMOTE"
    ;;
stop)
    stop_pid sshd        # only the listener: sessions it forked go with their clients
    drop_known
    rm -f "$MACHINE"
    ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
