// The host as libvirt sees it: capabilities topology, CPUs online, memory per NUMA cell, versions.
import type { HostTopology } from "../model/host/capabilities.ts";
import { parseCapabilitiesHost } from "../model/host/capabilities.ts";
import { mapToCpus } from "../model/values/cpuset.ts";
import type { Libvirt } from "./client.ts";
import { IFACE_CONNECT, IFACE_PROPERTIES } from "./client.ts";
import { toNumber, unwrap, unwrapDict } from "./variant.ts";

export interface CellMemory {
    /** KiB */
    total: number;
    free: number;
}

export interface HostInfo {
    topology: HostTopology;
    onlineCpus: number[];
    /** by cell id; missing where libvirt could not tell */
    cellMemory: Map<number, CellMemory>;
    hostMemory?: CellMemory | undefined;
    libvirtVersion: string;
    /** the hypervisor's version as libvirt encodes it (QEMU 7.2.22: 7002022); undefined when not told */
    hypervisorVersion?: number | undefined;
}

function versionText(v: number | undefined): string {
    if (v === undefined) return "";
    return `${Math.floor(v / 1000000)}.${Math.floor(v / 1000) % 1000}.${v % 1000}`;
}

async function memoryStats(libvirt: Libvirt, cell: number): Promise<CellMemory | undefined> {
    try {
        const [stats] = await libvirt.connect("NodeGetMemoryStats", "iu", [cell, 0]);
        const s = unwrapDict(stats);
        const total = toNumber(s.total), free = toNumber(s.free);
        return total !== undefined && free !== undefined ? { total, free } : undefined;
    } catch {
        return undefined;
    }
}

export async function readHostInfo(libvirt: Libvirt): Promise<HostInfo> {
    const [[caps], version, hypervisor, cpuMap, hostMemory] = await Promise.all([
        libvirt.connect("GetCapabilities", "", []),
        libvirt.call(libvirt.driver, IFACE_PROPERTIES, "Get", "ss", [IFACE_CONNECT, "LibVersion"]).catch(() => [undefined]),
        libvirt.call(libvirt.driver, IFACE_PROPERTIES, "Get", "ss", [IFACE_CONNECT, "Version"]).catch(() => [undefined]),
        libvirt.connect("NodeGetCPUMap", "u", [0]).catch(() => undefined),
        memoryStats(libvirt, -1),
    ]);
    const topology = parseCapabilitiesHost(String(caps));
    const cells = await Promise.all(topology.cells.map(async c => [c.id, await memoryStats(libvirt, c.id)] as const));
    const cellMemory = new Map<number, CellMemory>();
    for (const [id, mem] of cells)
        if (mem) cellMemory.set(id, mem);
    return {
        topology,
        onlineCpus: cpuMap ? mapToCpus(unwrap(cpuMap[0]) as boolean[]) : [],
        cellMemory,
        hostMemory,
        libvirtVersion: versionText(toNumber(version[0])),
        hypervisorVersion: toNumber(hypervisor[0]),
    };
}
