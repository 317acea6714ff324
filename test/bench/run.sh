#!/usr/bin/env bash
# make bench: one run of every figure (vmtune beside cockpit-machines on the same stack and browser),
# medians of several repetitions, printed as one table and written to BENCHMARKS.md.
#   VMTUNE_BENCH_PORT  cockpit-ws port of our own (default 9281; never the shared 9190)
#   VMTUNE_BENCH_REPS  repetitions per figure (default 5)
#   VMTUNE_BENCH_ONLY  comma-separated section names to run (the table then holds only those)
#   VMTUNE_DIST        the built page to measure (default: this checkout's dist/)
# Holds the e2e lock for the whole run: it defines 200 VMs and changes a fixture. -o: the lock's file
# descriptor is not passed on, or the cockpit-ws started here would keep the lock after the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
export VMTUNE_TEST_PORT=${VMTUNE_BENCH_PORT:-9281}
test/stack/deps.sh >/dev/null
virsh -c qemu:///system version >/dev/null 2>&1 || test/stack/start.sh test
# The page measured is this checkout's build (or $VMTUNE_DIST, e.g. another build to compare with),
# served through the stack's symlink like the e2e runs do.
export VMTUNE_DIST=${VMTUNE_DIST:-$PWD/dist}
exec flock -o /tmp/vmtune-e2e.lock sh -c '
    ln -snf "$VMTUNE_DIST" /usr/local/share/cockpit/vmtune &&
    test/stack/ws.sh start "$VMTUNE_TEST_PORT" local >/dev/null &&
    node test/bench/bench.mjs "$@"' bench "$@"
