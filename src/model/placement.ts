// Placement: which VM vCPUs / emulator / iothreads are pinned to each host CPU (live and config),
// conflicts (pins off the memory node, sibling threads shared between VMs, oversubscription), and a
// suggested placement for one VM as desired pins + numatune for the planner. Linear in
// CPUs × pins; cpusets are parsed once per distinct text.
import { _, format } from "./i18n.ts";
import { formatCpuset, parseCpuset } from "./cpuset.ts";
import type { HostTopology } from "./host.ts";
import type { KiB, Tuning } from "./types.ts";
import type { DesiredPin, DesiredTuning } from "./plan-types.ts";

/** A VM as the placement view sees it. */
export interface PlacedVm {
    name: string;
    running: boolean;
    /** running VMs: the live tuning */
    live?: Tuning | undefined;
    config: Tuning;
}

export type PinKind = "vcpu" | "emulator" | "iothread";
export type View = "live" | "config";

export interface PinOwner {
    vm: string;
    kind: PinKind;
    /** vCPU or iothread id; 0 for the emulator */
    id: number;
}

export interface CpuUse {
    cpu: number;
    node?: number | undefined;
    /** thread siblings of this CPU (itself included) */
    siblings: number[];
    live: PinOwner[];
    config: PinOwner[];
    /** vCPU demand: Σ 1/|cpuset| over the vCPUs that may run here */
    load: Record<View, number>;
}

export type ConflictKind = "off-node" | "shared-siblings" | "oversubscribed";

export interface Conflict {
    kind: ConflictKind;
    view: View;
    vms: string[];
    cpus: number[];
    node?: number | undefined;
    message: string;
}

export interface PlacementMap {
    cpus: CpuUse[];
    conflicts: Conflict[];
}

/** Parses cpusets once per distinct text; unparsable text gives []. */
class CpusetCache {
    private readonly cache = new Map<string, number[]>();
    constructor(private readonly hostCpus: number) {}
    get(text: string | undefined): number[] {
        if (text === undefined)
            return [];
        let cpus = this.cache.get(text);
        if (cpus === undefined) {
            try {
                cpus = parseCpuset(text).filter(c => c < this.hostCpus);
            } catch {
                cpus = [];
            }
            this.cache.set(text, cpus);
        }
        return cpus;
    }
}

function hostCpuCount(host: HostTopology): number {
    let max = host.totalCpus;
    for (const cell of host.cells) {
        for (const cpu of cell.cpus)
            max = Math.max(max, cpu.id + 1);
    }
    return max;
}

interface Pinned {
    owner: PinOwner;
    cpus: number[];
}

/** The explicit pins of one side of a VM (unpinned vCPUs float and are not shown). */
function pinsOf(vm: string, t: Tuning, cache: CpusetCache): Pinned[] {
    const out: Pinned[] = [];
    for (const p of t.cputune.vcpupin) {
        if (p.id < t.vcpu.max)
            out.push({ owner: { vm, kind: "vcpu", id: p.id }, cpus: cache.get(p.cpuset) });
    }
    if (t.cputune.emulatorpin !== undefined)
        out.push({ owner: { vm, kind: "emulator", id: 0 }, cpus: cache.get(t.cputune.emulatorpin) });
    for (const p of t.cputune.iothreadpin)
        out.push({ owner: { vm, kind: "iothread", id: p.id }, cpus: cache.get(p.cpuset) });
    return out.filter(p => p.cpus.length > 0);
}

/** The side of a VM a view shows: live for running VMs in the live view, else config. */
function sideOf(vm: PlacedVm, view: View): Tuning | undefined {
    if (view === "live")
        return vm.running ? vm.live : undefined;
    return vm.config;
}

/** Host NUMA node -> its CPU ids, CPU id -> node, CPU id -> siblings. */
export interface HostIndex {
    hostCpus: number;
    nodeOf: (number | undefined)[];
    siblingsOf: number[][];
    nodeCpus: Map<number, number[]>;
}

export function indexHost(host: HostTopology): HostIndex {
    const hostCpus = hostCpuCount(host);
    const nodeOf = new Array<number | undefined>(hostCpus).fill(undefined);
    const siblingsOf: number[][] = Array.from({ length: hostCpus }, (_x, i) => [i]);
    const nodeCpus = new Map<number, number[]>();
    for (const cell of host.cells) {
        nodeCpus.set(cell.id, cell.cpus.map(c => c.id).sort((a, b) => a - b));
        for (const cpu of cell.cpus) {
            nodeOf[cpu.id] = cell.id;
            if (cpu.siblings !== undefined && cpu.siblings.length > 0)
                siblingsOf[cpu.id] = cpu.siblings;
        }
    }
    return { hostCpus, nodeOf, siblingsOf, nodeCpus };
}

const EPSILON = 1e-9;

/** Per host CPU, who is pinned there (live and config), and the conflicts of each view. */
export function placementMap(vms: PlacedVm[], host: HostTopology): PlacementMap {
    const index = indexHost(host);
    const cache = new CpusetCache(index.hostCpus);
    const cpus: CpuUse[] = Array.from({ length: index.hostCpus }, (_x, cpu) => ({
        cpu, node: index.nodeOf[cpu], siblings: index.siblingsOf[cpu] ?? [cpu], live: [], config: [], load: { live: 0, config: 0 },
    }));
    const conflicts: Conflict[] = [];
    for (const view of ["live", "config"] as const) {
        const vmsOnCpu: Set<string>[] = Array.from({ length: index.hostCpus }, () => new Set());
        const nodeVcpus = new Map<number, { count: number; vms: Set<string> }>();
        for (const vm of vms) {
            const t = sideOf(vm, view);
            if (t === undefined)
                continue;
            const memNodes = boundNodes(t, cache);
            for (const pin of pinsOf(vm.name, t, cache)) {
                const share = 1 / pin.cpus.length;
                let node: number | undefined | null = null; // null: not yet seen; undefined: several
                for (const c of pin.cpus) {
                    const use = cpus[c];
                    if (use === undefined)
                        continue;
                    use[view].push(pin.owner);
                    if (pin.owner.kind === "vcpu") {
                        use.load[view] += share;
                        vmsOnCpu[c]?.add(vm.name);
                        const n = index.nodeOf[c];
                        node = node === null ? n : node === n ? node : undefined;
                    }
                }
                if (pin.owner.kind !== "vcpu")
                    continue;
                if (node !== null && node !== undefined) {
                    const entry = nodeVcpus.get(node) ?? { count: 0, vms: new Set<string>() };
                    entry.count++;
                    entry.vms.add(vm.name);
                    nodeVcpus.set(node, entry);
                }
                if (memNodes !== undefined) {
                    const off = pin.cpus.filter(c => { const n = index.nodeOf[c]; return n !== undefined && !memNodes.has(n); });
                    if (off.length > 0) {
                        conflicts.push({
                            kind: "off-node", view, vms: [vm.name], cpus: off,
                            message: format(_("$0: vCPU $1 may run on CPUs $2, outside the host nodes its memory is bound to ($3): pin it to CPUs of those nodes"),
                                            vm.name, pin.owner.id, formatCpuset(off), formatCpuset(memNodes)),
                        });
                    }
                }
            }
        }
        // oversubscribed CPUs (group adjacent ids by the same VMs for readable messages)
        const over = cpus.filter(u => u.load[view] > 1 + EPSILON);
        if (over.length > 0) {
            const names = new Set<string>();
            for (const u of over)
                vmsOnCpu[u.cpu]?.forEach(n => names.add(n));
            conflicts.push({
                kind: "oversubscribed", view, vms: [...names].sort(), cpus: over.map(u => u.cpu),
                message: format(_("CPUs $0 carry more pinned vCPUs than they can run: spread the vCPUs over more CPUs"), formatCpuset(over.map(u => u.cpu))),
            });
        }
        for (const [node, entry] of nodeVcpus) {
            const size = index.nodeCpus.get(node)?.length ?? 0;
            if (entry.count > size) {
                conflicts.push({
                    kind: "oversubscribed", view, vms: [...entry.vms].sort(), cpus: index.nodeCpus.get(node) ?? [], node,
                    message: format(_("Host node $0 has $1 CPUs but $2 vCPUs are pinned to it: move some to another node"), node, size, entry.count),
                });
            }
        }
        // sibling threads shared between VMs: one conflict per core
        const seen = new Set<number>();
        for (let c = 0; c < index.hostCpus; c++) {
            const sib = index.siblingsOf[c] ?? [c];
            const first = sib[0] ?? c;
            if (sib.length < 2 || seen.has(first))
                continue;
            seen.add(first);
            const names = new Set<string>();
            for (const s of sib)
                vmsOnCpu[s]?.forEach(n => names.add(n));
            if (names.size > 1) {
                conflicts.push({
                    kind: "shared-siblings", view, vms: [...names].sort(), cpus: sib,
                    message: format(_("VMs $0 share the sibling threads $1 of one core: they slow each other down; give each VM whole cores"),
                                    [...names].sort().join(", "), formatCpuset(sib)),
                });
            }
        }
    }
    return { cpus, conflicts };
}

/** The host nodes a VM's memory is bound to (strict/restrictive numatune with a nodeset), if any. */
function boundNodes(t: Tuning, cache: CpusetCache): Set<number> | undefined {
    const mode = t.numatune.mode ?? "strict";
    if (t.numatune.nodeset === undefined || (mode !== "strict" && mode !== "restrictive"))
        return undefined;
    const nodes = cache.get(t.numatune.nodeset);
    return nodes.length > 0 ? new Set(nodes) : undefined;
}

export interface PlacementSuggestion {
    /** pins and numatune for plan(); empty when nothing fits */
    desired: DesiredTuning;
    /** the host nodes chosen */
    nodes: number[];
    /** one sentence for the user */
    explanation: string;
    fits: boolean;
}

/**
 * A placement for `vm`: the host node with room for all its vCPUs (CPUs no other VM pins) and its
 * memory (free memory per node, KiB: NodeGetMemoryStats; else node total minus memory other VMs bind
 * there); else a spread over several nodes following its guest NUMA cells (one node per cell), or
 * filling the emptiest nodes when it has none. vCPUs get one CPU each, whole free cores first so the
 * guest's sibling threads land on host siblings; the emulator gets the chosen nodes' remaining CPUs.
 */
export function suggestPlacement(vm: PlacedVm, host: HostTopology, otherVms: PlacedVm[],
                                 freeMemory?: ReadonlyMap<number, KiB>): PlacementSuggestion {
    const index = indexHost(host);
    const cache = new CpusetCache(index.hostCpus);
    const t = vm.running && vm.live !== undefined ? vm.live : vm.config;
    const busy = new Uint8Array(index.hostCpus);
    const boundMemory = new Map<number, KiB>();
    for (const other of otherVms) {
        if (other.name === vm.name)
            continue;
        const ot = other.running && other.live !== undefined ? other.live : other.config;
        for (const pin of pinsOf(other.name, ot, cache)) {
            if (pin.owner.kind === "vcpu") {
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
