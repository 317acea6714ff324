// The real stack (libvirtd, the fixtures, the local cockpit-ws on 9190) is shared: two suites at once
// race on it (seen: one run started cockpit-ws while the other's pid file named another). Suites that
// use it run under the same lock as `make bench`; a suite started inside a locked run does not wait.
import { spawnSync } from "node:child_process";

const LOCK = "/tmp/vmtune-e2e.lock";

/** Re-runs this script under `flock LOCK` unless the lock is already held for it; returns when held. */
export function holdStackLock() {
    if (process.env.VMTUNE_STACK_LOCKED === "1")
        return;
    // -o: daemons started by the suite must not inherit the lock's descriptor
    const result = spawnSync("flock", ["-o", LOCK, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
        stdio: "inherit",
        env: { ...process.env, VMTUNE_STACK_LOCKED: "1" },
    });
    process.exit(result.status ?? 1);
}
