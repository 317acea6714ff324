// Which cgroup version the host runs, read from its mount table: it decides the range of cpu_shares.
import { _ } from "../i18n.ts";

/**
 * Which cgroup version carries the cpu controller (what bounds cpu_shares: v1 2–262144, v2 1–10000),
 * from the text of /proc/self/mountinfo or /proc/mounts. A hybrid host (v1 controllers plus a v2
 * hierarchy at /sys/fs/cgroup/unified) counts as 1 when the cpu controller is on v1. Throws an Error
 * when no cgroup filesystem is mounted.
 */
export function cgroupVersion(mountsText: string): 1 | 2 {
    let v1 = false;
    let v1Cpu = false;
    let v2 = false;
    for (const line of mountsText.split("\n")) {
        const fields = line.trim().split(/\s+/);
        let fstype: string | undefined;
        let options: string[];
        const dash = fields.indexOf("-");
        if (dash >= 6) { // mountinfo: id parent maj:min root mountpoint options [optional…] - fstype source superoptions
            fstype = fields[dash + 1];
            options = [...(fields[5] ?? "").split(","), ...(fields[dash + 3] ?? "").split(",")];
        } else if (fields.length >= 4) { // mounts: source mountpoint fstype options dump pass
            fstype = fields[2];
            options = (fields[3] ?? "").split(",");
        } else {
            continue;
        }
        if (fstype === "cgroup2") {
            v2 = true;
        } else if (fstype === "cgroup") {
            v1 = true;
            if (options.includes("cpu"))
                v1Cpu = true;
        }
    }
    if (v1Cpu)
        return 1;
    if (v2)
        return 2;
    if (v1)
        return 1;
    throw new Error(_("No cgroup filesystem is mounted on the host"));
}
