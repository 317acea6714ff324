// The host's hugepage pools, reservations, default size, hugetlbfs mounts and each node's free
// memory (what a pool can still grow by) in ONE spawn:
// find over the sysfs pool directories plus /proc/meminfo and /proc/mounts, each file printed by
// grep -H as "path:line" (argument array; find's -path patterns are not shell globs).
import cockpit from "cockpit";
import type { HostHugePages } from "../model/host/hugepages.ts";
import { GLOBAL_HUGEPAGES, NODE_HUGEPAGES, parseHostHugePages } from "../model/host/hugepages.ts";

// a plain string: in a template literal "/" "*" would open a comment for xgettext's C parser
const POOL_FILES = "/sys/*/hugepages-*kB/*_hugepages";
const NODE_MEMINFO = NODE_HUGEPAGES + "/node*/meminfo";

export async function readHostHugePages(): Promise<HostHugePages> {
    let output = "";
    let failure: unknown;
    try {
        // -H: /proc/mounts is a symlink (to self/mounts), followed as a start point only
        await cockpit.spawn(["find", "-H", "/proc/meminfo", "/proc/mounts", GLOBAL_HUGEPAGES, NODE_HUGEPAGES,
            "-maxdepth", "4", "-type", "f",
            "(", "-path", POOL_FILES, "-o", "-path", NODE_MEMINFO, "-o", "-path", "/proc/meminfo", "-o", "-path", "/proc/mounts", ")",
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

/**
 * The hugetlbfs mounts libvirt's QEMU driver uses: at start it makes `<mount>/libvirt/qemu` in each
 * mount it found (or that qemu.conf's hugetlbfs_mount names), so a mount without it was made after
 * libvirtd started, and libvirt will not use it until restarted. One spawn; a mount gone meanwhile
 * is simply not in the answer.
 */
export async function mountsUsedByLibvirt(paths: readonly string[]): Promise<Set<string>> {
    const seen = new Set<string>();
    if (paths.length === 0) return seen;
    let output = "";
    try {
        await cockpit.spawn(["find", "-H", ...paths, "-mindepth", "2", "-maxdepth", "2", "-type", "d", "-path", "*/libvirt/qemu"],
            { superuser: "try", err: "ignore" }).stream(data => { output += data });
    } catch {
        // what was found before the failure still counts
    }
    for (const line of output.split("\n"))
        if (line.endsWith("/libvirt/qemu")) seen.add(line.slice(0, -"/libvirt/qemu".length));
    return seen;
}
