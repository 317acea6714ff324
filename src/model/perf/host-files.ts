// One refresh's host files of a VM, read in one spawn as `grep -H . FILE…` (every line prefixed with
// its file name): the cpu.stat and cpu.pressure of the VM's cgroup and its sub-groups, the stat of
// every QEMU thread and the process's numa_maps. Here they are sorted back into their parsers.
import type { GroupCounters, NumaPlacement, Pressure, ThreadCpu } from "./types.ts";
import { parseCpuStat } from "../host/cpu-stat.ts";
import { parsePressure } from "../host/pressure.ts";
import { parseNumaMaps } from "../host/numa-maps.ts";
import { parseTaskStat } from "../host/task-stat.ts";
import { _, format } from "../i18n.ts";

/** Where the files of one VM were looked for. */
export interface HostLayout {
    pid: number;
    version: 1 | 2;
    /** the QEMU process's own group (cpu hierarchy) */
    processDir: string;
    /** the VM's group as guessed from the process's (vmGroupCandidate), confirmed here */
    vmDir: string;
    /** the v2 directories the same groups have, where cpu.pressure lives */
    pressureProcessDir?: string | undefined;
    pressureVmDir?: string | undefined;
}

export interface HostCounters {
    groups: GroupCounters[];
    threads: ThreadCpu[];
    numa?: NumaPlacement | undefined;
    errors: string[];
}

/** file name → its lines, from grep -H output; the name ends at the first ":" after a known file name. */
export function splitGrepOutput(output: string): Map<string, string[]> {
    const files = new Map<string, string[]>();
    for (const line of output.split("\n")) {
        const m = /^(.*?\/(?:stat|cpu\.stat|cpu\.pressure|numa_maps)):(.*)$/.exec(line);
        if (m?.[1] === undefined || m[2] === undefined)
            continue;
        const lines = files.get(m[1]) ?? [];
        lines.push(m[2]);
        files.set(m[1], lines);
    }
    return files;
}

/** "" for `base/file`, "vcpu0" for `base/vcpu0/file`, undefined for anything else. */
function groupOf(path: string, base: string, file: string): string | undefined {
    if (!path.startsWith(base + "/") || !path.endsWith("/" + file))
        return undefined;
    const middle = path.slice(base.length + 1, path.length - file.length - 1);
    if (middle === "")
        return "";
    return middle.includes("/") ? undefined : middle;
}

/** The VM's group first, then vcpuN in order, emulator, iothreadN in order, anything else by name. */
function groupRank(name: string): [number, number, string] {
    if (name === "")
        return [0, 0, ""];
    const vcpu = /^vcpu(\d+)$/.exec(name)?.[1];
    if (vcpu !== undefined)
        return [1, Number(vcpu), ""];
    if (name === "emulator")
        return [2, 0, ""];
    const io = /^iothread(\d+)$/.exec(name)?.[1];
    if (io !== undefined)
        return [3, Number(io), ""];
    return [4, 0, name];
}

export function compareGroups(a: string, b: string): number {
    const [ra, na, sa] = groupRank(a);
    const [rb, nb, sb] = groupRank(b);
    return ra - rb || na - nb || sa.localeCompare(sb);
}

function collect(files: Map<string, string[]>, base: string, file: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const [path, lines] of files) {
        const group = groupOf(path, base, file);
        if (group !== undefined)
            out.set(group, lines.join("\n"));
    }
    return out;
}

/** What a refresh asked for beside the cgroups (an LXC container's process has no vCPU threads). */
export interface HostWants { threads: boolean; numa: boolean }

export function hostCountersFromOutput(output: string, layout: HostLayout, wants: HostWants): HostCounters {
    const files = splitGrepOutput(output);
    const errors: string[] = [];

    // The candidate is the VM's group only if libvirt's vcpuN sub-groups sit beside the process's
    // group; otherwise (LXC, whose container makes groups of its own inside; a layout we do not know)
    // report the process's own group alone, never a guess.
    let stats = collect(files, layout.vmDir, "cpu.stat");
    let pressureBase = layout.pressureVmDir;
    if (layout.vmDir === layout.processDir || ![...stats.keys()].some(g => /^vcpu\d+$/.test(g))) {
        stats = new Map([...collect(files, layout.processDir, "cpu.stat")].filter(([g]) => g === ""));
        pressureBase = layout.pressureProcessDir;
    }
    const pressures = pressureBase === undefined ? new Map<string, string>() : collect(files, pressureBase, "cpu.pressure");
    const groups: GroupCounters[] = [];
    for (const group of [...stats.keys()].sort(compareGroups)) {
        let pressure: Pressure | undefined;
        const pressureText = pressures.get(group);
        if (pressureText !== undefined) {
            try {
                pressure = parsePressure(pressureText);
            } catch (e) {
                errors.push(e instanceof Error ? e.message : String(e));
            }
        }
        groups.push({ group, cpu: parseCpuStat(stats.get(group) ?? "", layout.version), pressure });
    }
    if (!stats.has(""))
        errors.push(format(_("The VM's cgroup counters could not be read ($0)"), `${layout.vmDir}/cpu.stat`));

    const taskPrefix = `/proc/${layout.pid}/task/`;
    const threads: ThreadCpu[] = [];
    for (const [path, lines] of files) {
        if (!path.startsWith(taskPrefix) || !path.endsWith("/stat"))
            continue;
        const thread = parseTaskStat(lines.join("\n"));
        if (thread)
            threads.push(thread);
    }
    threads.sort((a, b) => a.tid - b.tid);
    if (wants.threads && threads.length === 0)
        errors.push(format(_("The threads of process $0 could not be read"), layout.pid));

    let numa: NumaPlacement | undefined;
    if (wants.numa) {
        const maps = files.get(`/proc/${layout.pid}/numa_maps`);
        if (maps)
            numa = parseNumaMaps(maps.join("\n"));
        else
            errors.push(format(_("Where the memory of process $0 sits could not be read (numa_maps)"), layout.pid));
    }
    return { groups, threads, numa, errors };
}
