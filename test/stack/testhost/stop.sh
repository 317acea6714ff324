#!/bin/bash
# stop.sh: stop the test host's QEMU (the one in /run/vmtune-stack/testhost.pid, nothing else).
# Its disk runs with -snapshot: nothing to save, so no clean shutdown is needed.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
stop_pid testhost
