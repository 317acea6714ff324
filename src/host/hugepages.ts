// The host's hugepage pools, reservations, default size and hugetlbfs mounts in ONE spawn:
// find over the sysfs pool directories plus /proc/meminfo and /proc/mounts, each file printed by
// grep -H as "path:line" (argument array; find's -path patterns are not shell globs).
import cockpit from "cockpit";
import type { HostHugePages } from "../model/host/hugepages.ts";
import { GLOBAL_HUGEPAGES, NODE_HUGEPAGES, parseHostHugePages } from "../model/host/hugepages.ts";

// a plain string: in a template literal "/" "*" would open a comment for xgettext's C parser
const POOL_FILES = "/sys/*/hugepages-*kB/*_hugepages";

export async function readHostHugePages(): Promise<HostHugePages> {
    let output = "";
    let failure: unknown;
    try {
        // -H: /proc/mounts is a symlink (to self/mounts), followed as a start point only
        await cockpit.spawn(["find", "-H", "/proc/meminfo", "/proc/mounts", GLOBAL_HUGEPAGES, NODE_HUGEPAGES,
            "-maxdepth", "4", "-type", "f",
            "(", "-path", POOL_FILES, "-o", "-path", "/proc/meminfo", "-o", "-path", "/proc/mounts", ")",
            "-exec", "grep", "-H", "", "{}", "+"],
        { superuser: "try", err: "message" }).stream(data => { output += data });
    } catch (e) {
        // a kernel without NUMA has no /sys/devices/system/node, one without hugetlb no
        // /sys/kernel/mm/hugepages: what was read is still the answer
        failure = e;
    }
    if (!output.includes("/proc/meminfo:"))
        throw failure instanceof Error ? failure : new Error(String(failure ?? "no output"));
    return parseHostHugePages(output);
}
