#!/bin/bash
# ssh.sh [-u USER] [COMMAND...]: log in to the running test host (default user root) with the
# build's key and host keys (no prompt).
set -euo pipefail
OUT=${VMTUNE_TESTHOST_DIR:-/var/cache/vmtune-testhost}
user=root
[ "${1:-}" = -u ] && { user=$2; shift 2; }
exec ssh -q -i "$OUT/id_ed25519" -p "${VMTUNE_TESTHOST_PORT:-2222}" -o UserKnownHostsFile="$OUT/known_hosts" -o HostKeyAlias=vmtune-testhost \
    -o StrictHostKeyChecking=yes -o BatchMode=yes -o ConnectTimeout=10 "$user@127.0.0.1" "$@"
