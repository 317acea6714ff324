// Bulk pinning actions of the vCPU pinning table, as wanted cpusets per vCPU (the planner makes steps).
import { formatCpuset } from "../values/cpuset.ts";
import type { HostTopology } from "../host/capabilities.ts";
import { cpusOfCells } from "../host/capabilities.ts";

export interface BulkPin {
    id: number;
    cpuset: string;
}

const ids = (count: number) => Array.from({ length: count }, (_x, i) => i);

/** Every vCPU may run on any online CPU of one NUMA node (an offline CPU is listed as a bare
 *  <cpu id='N'/>: never pinned to). */
export function pinAllToNode(vcpus: number, host: HostTopology, node: number): BulkPin[] {
    const online = new Set(host.onlineCpus);
    const cpuset = formatCpuset(cpusOfCells(host, [node]).filter(c => online.has(c)));
    return cpuset ? ids(vcpus).map(id => ({ id, cpuset })) : [];
}

/** The physical cores of the host: online CPUs grouped by their thread siblings, in CPU order. */
export function physicalCores(host: HostTopology): number[][] {
    const seen = new Set<number>();
    const cores: number[][] = [];
    for (const cell of host.cells) {
        for (const cpu of cell.cpus) {
            if (!cpu.online || seen.has(cpu.id)) continue;
            const siblings = (cpu.siblings?.length ? cpu.siblings : [cpu.id]).filter(id => !seen.has(id));
            siblings.forEach(id => seen.add(id));
            cores.push(siblings);
        }
    }
    return cores;
}

/** vCPU i on the first thread of core i (wrapping when there are more vCPUs than cores). */
export function onePerCore(vcpus: number, host: HostTopology): BulkPin[] {
    const cores = physicalCores(host);
    if (cores.length === 0) return [];
    return ids(vcpus).map(id => ({ id, cpuset: String(cores[id % cores.length]?.[0] ?? 0) }));
}

/** Every vCPU on every online host CPU: the same as no pin. */
export function resetToAll(vcpus: number, host: HostTopology): BulkPin[] {
    const cpuset = formatCpuset(host.onlineCpus.length ? host.onlineCpus : ids(host.totalCpus));
    return ids(vcpus).map(id => ({ id, cpuset }));
}
