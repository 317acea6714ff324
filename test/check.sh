#!/usr/bin/env bash
# The one test command (make check): installs what is missing, builds, starts the real stack and
# runs every suite. Prints one line "N passed, N failed" at the end; exits non-zero on any failure.
# A suite that cannot run counts as a failure, never as a skip.
set -uo pipefail
cd "$(dirname "$0")/.."
RESULTS=build/results
STACK_LOCK=/tmp/vmtune-e2e.lock   # shared with make bench and the suites' own runners
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
passed=0; failed=0

# record NAME PASS FAIL
record() {
    passed=$((passed + $2)); failed=$((failed + $3))
    printf '%-12s %4d passed, %4d failed\n' "$1" "$2" "$3" | tee -a "$RESULTS/summary.txt"
}

# run_step NAME COMMAND...: a suite that is one check (typecheck, lint): 1 pass or 1 fail.
run_step() {
    local name=$1; shift
    echo "=== $name: $*"
    if "$@" > "$RESULTS/$name.log" 2>&1; then record "$name" 1 0
    else cat "$RESULTS/$name.log"; record "$name" 0 1; fi
}

# run_tap NAME COMMAND...: a QUnit suite printing TAP; counts its "ok"/"not ok" lines.
# A suite that exits non-zero without a failing test (it crashed, or ran nothing) counts one failure.
run_tap() {
    local name=$1; shift
    echo "=== $name: $*"
    "$@" 2>&1 | tee "$RESULTS/$name.tap"
    local rc=${PIPESTATUS[0]}
    local ok notok
    ok=$(grep -c '^ok ' "$RESULTS/$name.tap")
    notok=$(grep -c '^not ok ' "$RESULTS/$name.tap")
    if [ "$rc" -ne 0 ] && [ "$notok" -eq 0 ]; then notok=1; echo "$name: exited $rc without a failing test: counted as a failure"; fi
    if [ "$ok" -eq 0 ] && [ "$notok" -eq 0 ]; then notok=1; echo "$name: ran no test: counted as a failure"; fi
    record "$name" "$ok" "$notok"
}

setup() {
    test/tools/ensure-node.sh &&
    test/stack/deps.sh &&
    { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; } &&
    node esbuild.config.mjs &&
    node test/browser/build.mjs &&
    test/stack/start.sh test &&
    test/stack/fixtures.sh create &&
    test/stack/testhost/build.sh
}

echo "=== setup: dependencies, build, real stack, fixture VMs"
if ! setup > "$RESULTS/setup.log" 2>&1; then
    cat "$RESULTS/setup.log"
    record setup 0 1
    echo "$passed passed, $failed failed"
    exit 1
fi
record setup 1 0

# the two-node test host boots (TCG, about a minute; longer while the suites below load the machine)
# while the suites before the e2e run; the e2e waits for it (testhost.test.ts runs start.sh again)
echo "=== test host: booting in the background (log: $RESULTS/testhost.log)"
test/stack/testhost/start.sh > "$RESULTS/testhost.log" 2>&1 &
testhost_boot=$!

run_step typecheck node_modules/.bin/tsc --noEmit -p .
run_step lint node_modules/.bin/eslint src test
# coverage of src/model (every file, imported by a test or not) must stay at or above 95 % of lines
run_tap unit node_modules/.bin/c8 --all --src src/model --include 'src/model/**' --exclude src/model/plan/plan-types.ts --reporter=text-summary --reporter=text --check-coverage --lines 95 node test/unit/run.mjs
run_tap packaging test/packaging/run.sh
# every string of the code, manifest and metainfo (regenerated, not the committed pot) has a zh_CN translation
run_step po sh -c 'test/tools/make-pot.sh build/po/vmtune.pot && node test/tools/check-po.mjs build/po/vmtune.pot po/zh_CN.po'
# cockpit-ws --local-session is one-shot: a fresh one for each browser suite
# the fresh local session is started under the stack lock too (test/tools/stack-lock.mjs)
# the plugin link is set again under the lock: another checkout's run may have pointed it at its own dist/
SERVE='ln -snf "${VMTUNE_DIST:-$PWD/dist}" /usr/local/share/cockpit/vmtune && test/stack/ws.sh start 9190 local >/dev/null'
run_tap browser flock -o "$STACK_LOCK" env VMTUNE_STACK_LOCKED=1 sh -c "$SERVE && node test/browser/run.mjs"
if wait "$testhost_boot"; then record testhost 1 0; else cat "$RESULTS/testhost.log"; record testhost 0 1; fi
run_tap e2e flock -o "$STACK_LOCK" env VMTUNE_STACK_LOCKED=1 sh -c "$SERVE && node test/e2e/run.mjs"

echo
cat "$RESULTS/summary.txt"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
