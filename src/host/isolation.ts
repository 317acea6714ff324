// What the host keeps free for VMs, read-only: /proc/cmdline, sysfs's isolated and nohz_full,
// /proc/1/comm (is systemd PID 1?) and /proc/mounts (cgroup version) in ONE grep -H spawn; where
// systemd runs, its slices' AllowedCPUs in one `systemctl show` (argument arrays, no shell).
import cockpit from "cockpit";
import type { SpawnError } from "cockpit";
import type { IsolationSources } from "../model/host/isolation.ts";
import { HOST_UNITS } from "../model/host/isolation.ts";
import { cgroupVersion } from "../model/host/cgroup.ts";

const FILES = {
    cmdline: "/proc/cmdline",
    isolated: "/sys/devices/system/cpu/isolated",
    nohzFull: "/sys/devices/system/cpu/nohz_full",
    pid1: "/proc/1/comm",
    mounts: "/proc/mounts",
} as const;

/** grep -H's "path:line" lines back to each file's text; a file absent from the output is absent. */
function byFile(output: string): Map<string, string> {
    const out = new Map<string, string>();
    const paths: string[] = Object.values(FILES);
    for (const line of output.split("\n")) {
        const path = paths.find(p => line.startsWith(p + ":"));
        if (path === undefined) continue;
        const prev = out.get(path);
        const text = line.slice(path.length + 1);
        out.set(path, prev === undefined ? text : prev + "\n" + text);
    }
    return out;
}

export async function readIsolationSources(): Promise<IsolationSources> {
    let output = "";
    try {
        // -s: a missing file (no nohz_full without CONFIG_NO_HZ_FULL) is an answer, not an error
        await cockpit.spawn(["grep", "-s", "-H", "", ...Object.values(FILES)], { err: "ignore" })
            .stream(data => { output += data });
    } catch {
        // grep exits 2 when a file is missing: what it printed still counts
    }
    const files = byFile(output);
    if (!files.has(FILES.cmdline)) throw new Error(cockpit.gettext("Cannot read /proc/cmdline"));
    let cgroup: 1 | 2 | undefined;
    try {
        cgroup = cgroupVersion(files.get(FILES.mounts) ?? "");
    } catch {
        cgroup = undefined;
    }
    const src: IsolationSources = {
        cmdline: files.get(FILES.cmdline), isolated: files.get(FILES.isolated), nohzFull: files.get(FILES.nohzFull),
        pid1: files.get(FILES.pid1), cgroup,
    };
    if (src.pid1?.trim() === "systemd") {
        try {
            src.systemctl = await cockpit.spawn(["systemctl", "show", "-p", "AllowedCPUs", "-p", "EffectiveCPUs", ...HOST_UNITS],
                                                { err: "message" });
        } catch (e) {
            src.systemctlError = (e as SpawnError).message ?? String(e);
        }
    }
    return src;
}
