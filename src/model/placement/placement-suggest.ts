// Placement suggestion for one VM: a host node with room, else a spread following its guest cells.
import { _, format } from "../i18n.ts";
import { formatCpuset, parseCpuset } from "../values/cpuset.ts";
import type { HostTopology } from "../host/capabilities.ts";
import type { KiB, Tuning } from "../types.ts";
import type { DesiredPin, DesiredTuning } from "../plan/plan-types.ts";
import type { HostIndex, PlacedVm } from "./placement.ts";
import { CpusetCache, boundNodes, indexHost, onlineCpuSet, pinsOf, spansEveryCpu } from "./placement.ts";

export interface PlacementSuggestion {
    /** pins and numatune for plan(); empty when nothing fits */
    desired: DesiredTuning;
    /** the host nodes chosen */
    nodes: number[];
    /** one sentence for the user */
    explanation: string;
    fits: boolean;
}

/** The index with each node's CPUs limited to the online ones: capabilities lists an offline CPU as a
 *  bare <cpu id='N'/>, and a pin to it is refused by libvirt (or never runs). */
function onlineOnly(index: HostIndex, host: HostTopology): HostIndex {
    const online = onlineCpuSet(host);
    const nodeCpus = new Map([...index.nodeCpus].map(([node, cpus]) => [node, cpus.filter(c => online.has(c))]));
    return { ...index, nodeCpus };
}

/**
 * A placement for `vm`: the host node with room for all its vCPUs (CPUs no other VM pins; a pin over
 * every online CPU is no pin) and its
 * memory (free memory per node, KiB: NodeGetMemoryStats; else node total minus memory other VMs bind
 * there); else a spread over several nodes following its guest NUMA cells (one node per cell), or
 * filling the emptiest nodes when it has none. vCPUs get one CPU each, whole free cores first so the
 * guest's sibling threads land on host siblings; the emulator gets the chosen nodes' remaining CPUs.
 */
export function suggestPlacement(vm: PlacedVm, host: HostTopology, otherVms: PlacedVm[],
                                 freeMemory?: ReadonlyMap<number, KiB>): PlacementSuggestion {
    const index = onlineOnly(indexHost(host), host);
    const online = onlineCpuSet(host);
    const cache = new CpusetCache(index.hostCpus);
    const t = vm.running && vm.live !== undefined ? vm.live : vm.config;
    const busy = new Uint8Array(index.hostCpus);
    const boundMemory = new Map<number, KiB>();
    for (const other of otherVms) {
        if (other.name === vm.name)
            continue;
        const ot = other.running && other.live !== undefined ? other.live : other.config;
        for (const pin of pinsOf(other.name, ot, cache)) {
            if (pin.owner.kind === "vcpu" && !spansEveryCpu(pin, online)) {
                for (const c of pin.cpus)
                    busy[c] = 1;
            }
        }
        const nodes = boundNodes(ot, cache);
        if (nodes !== undefined && other.running) {
            for (const n of nodes)
                boundMemory.set(n, (boundMemory.get(n) ?? 0) + ot.memory / nodes.size);
        }
    }
    const free = new Map<number, number[]>();
    const mem = new Map<number, KiB>();
    for (const cell of host.cells) {
        free.set(cell.id, orderByCore((index.nodeCpus.get(cell.id) ?? []).filter(c => busy[c] === 0), index));
        mem.set(cell.id, freeMemory?.get(cell.id) ?? Math.max(0, cell.memory - (boundMemory.get(cell.id) ?? 0)));
    }
    const vcpus = t.vcpu.max;
    const memory = t.memory;
    const nodeIds = host.cells.map(c => c.id);

    // one node with room: best fit (fewest free CPUs left), then more free memory
    const fitting = nodeIds
        .filter(n => (free.get(n)?.length ?? 0) >= vcpus && (mem.get(n) ?? 0) >= memory)
        .sort((a, b) => ((free.get(a)?.length ?? 0) - (free.get(b)?.length ?? 0)) || ((mem.get(b) ?? 0) - (mem.get(a) ?? 0)));
    const best = fitting[0];
    if (best !== undefined) {
        const cpus = free.get(best) ?? [];
        return assemble([{ node: best, vcpus: range(vcpus), cpus }], t, index,
                        format(_("Host node $0 has room for all $1 vCPUs and the memory"), best, vcpus));
    }

    // spread following the guest cells: each cell on the node with most room left, or (when no node
    // has room for a whole cell) over the fewest nodes with most room
    const groups: { node: number; vcpus: number[]; cpus: number[] }[] = [];
    const left = new Map<number, number[]>(nodeIds.map(n => [n, [...(free.get(n) ?? [])]]));
    const memLeft = new Map(mem);
    const byRoom = () => [...nodeIds].sort((a, b) => (left.get(b)?.length ?? 0) - (left.get(a)?.length ?? 0));
    if (t.cpu.cells.length > 0) {
        const cellNodes = new Map<number, number[]>();
        for (const cell of t.cpu.cells) {
            const cellVcpus = safeParse(cell.cpus).filter(v => v < vcpus);
            const whole = byRoom().find(n => (left.get(n)?.length ?? 0) >= cellVcpus.length && (memLeft.get(n) ?? 0) >= cell.memory);
            const chosen: number[] = [];
            let next = 0;
            let memNeeded = cell.memory;
            for (const node of whole !== undefined ? [whole] : byRoom()) {
                if (next >= cellVcpus.length && memNeeded <= 0)
                    break;
                const pool = left.get(node) ?? [];
                const take = Math.min(pool.length, cellVcpus.length - next);
                groups.push({ node, vcpus: cellVcpus.slice(next, next + take), cpus: pool.splice(0, take) });
                next += take;
                const memTake = Math.min(memNeeded, memLeft.get(node) ?? 0);
                memLeft.set(node, (memLeft.get(node) ?? 0) - memTake);
                memNeeded -= memTake;
                chosen.push(node);
            }
            if (next < cellVcpus.length || memNeeded > 0)
                return noFit(vm.name);
            cellNodes.set(cell.id, chosen.sort((a, b) => a - b));
        }
        const used = [...new Set(groups.map(g => g.node))].sort((a, b) => a - b);
        return assemble(groups, t, index, format(_("Guest NUMA cells placed on host nodes $0"), used.join(", ")), cellNodes);
    }
    // no guest cells: fill the emptiest nodes
    const order = byRoom();
    let next = 0;
    let memNeeded = memory;
    for (const node of order) {
        if (next >= vcpus && memNeeded <= 0)
            break;
        const pool = left.get(node) ?? [];
        const take = Math.min(pool.length, vcpus - next);
        groups.push({ node, vcpus: range(take).map(i => i + next), cpus: pool.slice(0, take) });
        next += take;
        memNeeded -= memLeft.get(node) ?? 0;
    }
    if (next < vcpus || memNeeded > 0)
        return noFit(vm.name);
    return assemble(groups, t, index, format(_("No single node has room: spread over host nodes $0"), groups.map(g => g.node).join(", ")));
}

function range(n: number): number[] {
    return Array.from({ length: Math.max(0, n) }, (_x, i) => i);
}

function safeParse(text: string): number[] {
    try {
        return text.trim() === "" ? [] : parseCpuset(text);
    } catch {
        return [];
    }
}

/** Free CPUs ordered so that whole free cores come first, siblings next to each other. */
function orderByCore(cpus: number[], index: HostIndex): number[] {
    const isFree = new Set(cpus);
    const whole: number[] = [];
    const partial: number[] = [];
    const done = new Set<number>();
    for (const c of cpus) {
        if (done.has(c))
            continue;
        const sib = (index.siblingsOf[c] ?? [c]).filter(s => isFree.has(s));
        sib.forEach(s => done.add(s));
        const all = (index.siblingsOf[c] ?? [c]).every(s => isFree.has(s));
        (all ? whole : partial).push(...sib);
    }
    return [...whole, ...partial];
}

function noFit(name: string): PlacementSuggestion {
    return {
        desired: {}, nodes: [], fits: false,
        explanation: format(_("No host node or set of nodes has enough free CPUs and memory for $0: free some CPUs or memory first"), name),
    };
}

function assemble(groups: { node: number; vcpus: number[]; cpus: number[] }[], t: Tuning, index: HostIndex,
                  explanation: string, cellNodes?: Map<number, number[]>): PlacementSuggestion {
    const vcpupin: DesiredPin[] = [];
    const used = new Set<number>();
    for (const g of groups) {
        g.vcpus.forEach((v, i) => {
            const cpu = g.cpus[i];
            if (cpu !== undefined) {
                vcpupin.push({ id: v, cpuset: String(cpu) });
                used.add(cpu);
            }
        });
    }
    vcpupin.sort((a, b) => a.id - b.id);
    const nodes = [...new Set(groups.map(g => g.node))].sort((a, b) => a - b);
    const nodeCpus = nodes.flatMap(n => index.nodeCpus.get(n) ?? []);
    const spare = nodeCpus.filter(c => !used.has(c));
    const desired: DesiredTuning = {
        vcpupin,
        emulatorpin: formatCpuset(spare.length > 0 ? spare : nodeCpus),
        numatune: { mode: t.numatune.mode ?? "strict", nodeset: formatCpuset(nodes) },
    };
    if (cellNodes !== undefined) {
        desired.memnodes = t.cpu.cells.map(c => ({ cellid: c.id, mode: "strict" as const, nodeset: formatCpuset(cellNodes.get(c.id) ?? nodes) }));
    }
    return { desired, nodes, explanation, fits: true };
}
