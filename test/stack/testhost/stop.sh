#!/bin/bash
# stop.sh: stop the test host's QEMU (the one in /run/vmtune-stack/testhost.pid, nothing else) and take
# it out of Cockpit's host switcher (start.sh's machines.d file and known-hosts lines).
# Its disk runs with -snapshot: nothing to save, so no clean shutdown is needed.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
PORT=${VMTUNE_TESTHOST_PORT:-2222}
stop_pid testhost
rm -f "$RUN_DIR/testhost.stamp"
rm -f /etc/cockpit/machines.d/vmtune-testhost.json
[ -f /etc/ssh/ssh_known_hosts ] && sed -i "/^\[127\.0\.0\.1\]:$PORT /d" /etc/ssh/ssh_known_hosts
exit 0
