// The guest's CPU topology against where its vCPUs are pinned: a suggestion aligned to the host
// (threads per core = the host's SMT when vCPUs are pinned to sibling threads; dies where the pins span
// host dies; sockets from the guest cells or the host nodes the pins span) and the findings where the
// topology and the pins disagree (a guest core's threads on different host cores, a guest socket or
// cell across host nodes). QEMU numbers vCPUs thread first: vCPU i is thread i % threads of core
// ⌊i / threads⌋ % cores, and so on up to sockets.
import { _, format } from "../i18n.ts";
import { formatCpuset, parseCpuset } from "../values/cpuset.ts";
import type { Finding, Topology, Tuning } from "../types.ts";
import type { HostTopology } from "../host/capabilities.ts";
import type { HostIndex } from "./placement.ts";
import { indexHost } from "./placement.ts";

export interface TopologySuggestion {
    topology: Topology;
    /** why each number, in words */
    reasons: string[];
}

/** Up to this many examples in one finding: a 240-vCPU VM gets one readable finding, not 120. */
const EXAMPLES = 3;

/** The host CPUs each vCPU is pinned to (its pin, else <vcpu cpuset>; [] = floats over the host). */
function pinnedCpus(t: Tuning): number[][] {
    const out: number[][] = [];
    for (let id = 0; id < t.vcpu.max; id++) {
        const text = t.cputune.vcpupin.find(p => p.id === id)?.cpuset ?? t.vcpu.cpuset;
        let cpus: number[] = [];
        try {
            cpus = text === undefined ? [] : parseCpuset(text);
        } catch {
            cpus = [];
        }
        out.push(cpus);
    }
    return out;
}

/** A host core's key: its lowest sibling thread. */
function coreOf(index: HostIndex, cpu: number): number {
    return (index.siblingsOf[cpu] ?? [cpu])[0] ?? cpu;
}

function hostSmt(host: HostTopology, index: HostIndex): number {
    let smt = host.cpuTopology?.threads ?? 1;
    for (const s of index.siblingsOf)
        smt = Math.max(smt, s.length);
    return smt;
}

/** The vCPU ids of each consecutive block of `size` (guest cores, dies, sockets). */
function blocks(max: number, size: number): number[][] {
    const out: number[][] = [];
    for (let start = 0; start + size <= max; start += size)
        out.push(Array.from({ length: size }, (_x, i) => start + i));
    return out;
}

/** Whether every block of `smt` vCPUs is pinned one vCPU per CPU to the distinct sibling threads of one host core. */
function siblingPairs(pins: number[][], smt: number, index: HostIndex): boolean {
    if (smt < 2 || pins.length === 0 || pins.length % smt !== 0)
        return false;
    return blocks(pins.length, smt).every(block => {
        const cpus = block.map(id => pins[id]?.length === 1 ? pins[id]?.[0] : undefined);
        if (cpus.some(c => c === undefined) || new Set(cpus).size !== smt)
            return false;
        const sib = index.siblingsOf[cpus[0] as number] ?? [];
        return cpus.every(c => sib.includes(c as number));
    });
}

/** The distinct values of `key` over the CPUs the vCPUs are pinned to (undefined when one floats). */
function spanned(ids: readonly number[], pins: number[][], key: (cpu: number) => string | number | undefined): Set<string | number> | undefined {
    const out = new Set<string | number>();
    for (const id of ids) {
        const cpus = pins[id] ?? [];
        if (cpus.length === 0)
            return undefined;
        for (const c of cpus) {
            const k = key(c);
            if (k !== undefined)
                out.add(k);
        }
    }
    return out;
}

/** The topology that matches the pins and the guest cells on this host, with the reasons. */
export function suggestTopology(t: Tuning, host: HostTopology): TopologySuggestion | undefined {
    const max = t.vcpu.max;
    if (max < 1)
        return undefined;
    const index = indexHost(host);
    const pins = pinnedCpus(t);
    const smt = hostSmt(host, index);
    const reasons: string[] = [];
    let threads = 1;
    if (siblingPairs(pins, smt, index)) {
        threads = smt;
        reasons.push(format(_("Threads per core $0: each group of $0 vCPUs is pinned to the sibling threads of one host core, as on the host."), smt));
    } else if (smt > 1) {
        reasons.push(_("Threads per core 1: the vCPUs are not pinned to the sibling threads of host cores, so the guest should not assume that two of its vCPUs share a core."));
    } else {
        reasons.push(_("Threads per core 1: the host's cores have one thread each."));
    }
    let sockets = 1;
    const cells = t.cpu.cells.length;
    if (cells > 1 && max % (cells * threads) === 0) {
        sockets = cells;
        reasons.push(format(_("Sockets $0: one socket per guest NUMA cell."), cells));
    } else {
        const perNode = index.nodeCpus.size > 1 ? spanned([...Array(max).keys()], pins, c => index.nodeOf[c]) : undefined;
        const k = perNode?.size ?? 1;
        const aligned = k > 1 && max % (k * threads) === 0 &&
            blocks(max, max / k).every(b => spanned(b, pins, c => index.nodeOf[c])?.size === 1);
        if (aligned) {
            sockets = k;
            reasons.push(format(_("Sockets $0: the vCPUs are pinned to $0 host NUMA nodes, one block of vCPUs per node."), k));
        } else {
            reasons.push(cells > 1
                ? format(_("Sockets 1: the $0 vCPUs do not divide evenly into the $1 guest cells."), max, cells)
                : _("Sockets 1: the vCPUs are not pinned to separate host nodes."));
        }
    }
    let dies = 1;
    const perSocket = max / sockets;
    const dieOf = new Map<number, string>();
    for (const cpu of host.cells.flatMap(cell => cell.cpus)) {
        if (cpu.die_id !== undefined)
            dieOf.set(cpu.id, `${cpu.socket_id ?? 0}/${cpu.die_id}`);
    }
    const dieKey = (c: number): string | undefined => dieOf.get(c);
    const socketBlocks = blocks(max, perSocket);
    const diesPer = socketBlocks.map(b => spanned(b, pins, dieKey)?.size ?? 0);
    const d = diesPer[0] ?? 0;
    if (d > 1 && diesPer.every(x => x === d) && perSocket % (d * threads) === 0 &&
        socketBlocks.every(b => blocks(b.length, b.length / d).every(sub => spanned(sub.map(i => (b[0] ?? 0) + i), pins, dieKey)?.size === 1))) {
        dies = d;
        reasons.push(format(_("Dies $0: each guest socket's vCPUs are pinned to $0 host dies, one block per die."), d));
    }
    const cores = max / (sockets * dies * threads);
    reasons.push(format(_("Cores per die $0: the rest of the $1 vCPUs."), cores, max));
    return { topology: { sockets, dies, cores, threads }, reasons };
}

function examples(list: string[]): string {
    return list.slice(0, EXAMPLES).join("; ") + (list.length > EXAMPLES ? format(_("; and $0 more"), list.length - EXAMPLES) : "");
}

/** Where the guest topology (or its NUMA cells) and the pins disagree, as warnings. */
export function topologyFindings(t: Tuning, host: HostTopology): Finding[] {
    const out: Finding[] = [];
    const topo = t.cpu.topology;
    const max = t.vcpu.max;
    const index = indexHost(host);
    const pins = pinnedCpus(t);
    const smt = hostSmt(host, index);
    const threads = topo?.threads ?? 1;
    if (threads > 1 && max % threads === 0) {
        const split: string[] = [];
        blocks(max, threads).forEach((core, k) => {
            const cpus = core.map(id => pins[id]?.length === 1 ? pins[id]?.[0] : undefined);
            if (cpus.some(c => c === undefined))
                return;
            const hostCores = new Set(cpus.map(c => coreOf(index, c as number)));
            if (hostCores.size > 1)
                split.push(format(_("guest core $0 (vCPUs $1) on CPUs $2"), k, formatCpuset(core), cpus.join(", ")));
        });
        if (split.length > 0) {
            out.push({ field: "topology.threads", severity: "warning",
                message: format(_("The guest sees $0 threads per core, but a guest core's threads are pinned to different host cores: $1. The guest schedules them as if they shared a core and its caches. Pin each guest core's vCPUs to the sibling threads of one host core, or use 1 thread per core."),
                                threads, examples(split)) });
        }
    } else if (smt > 1 && threads === 1 && siblingPairs(pins, smt, index)) {
        out.push({ field: "topology.threads", severity: "warning",
            message: format(_("The vCPUs are pinned in groups of $0 to the sibling threads of host cores, but the guest sees 1 thread per core: its scheduler cannot tell that they share a core. Use $0 threads per core."), smt) });
    }
    if (topo !== undefined && index.nodeCpus.size > 1) {
        const size = topo.dies * topo.cores * topo.threads;
        const across: string[] = [];
        if (size > 0 && max % size === 0) {
            blocks(max, size).forEach((socket, s) => {
                const nodes = spanned(socket, pins, c => index.nodeOf[c]);
                if (nodes !== undefined && nodes.size > 1)
                    across.push(format(_("socket $0 (vCPUs $1) on host nodes $2"), s, formatCpuset(socket), [...nodes].join(", ")));
            });
        }
        if (across.length > 0) {
            out.push({ field: "topology.sockets", severity: "warning",
                message: format(_("A guest socket spans host NUMA nodes: $0. The guest expects one socket to share memory and caches. Pin each guest socket to one host node, or use one socket per host node."), examples(across)) });
        }
    }
    if (index.nodeCpus.size > 1) {
        const cellsAcross: string[] = [];
        for (const cell of t.cpu.cells) {
            let ids: number[];
            try {
                ids = parseCpuset(cell.cpus).filter(id => id < max);
            } catch {
                continue;
            }
            const nodes = spanned(ids, pins, c => index.nodeOf[c]);
            if (nodes !== undefined && nodes.size > 1)
                cellsAcross.push(format(_("cell $0 (vCPUs $1) on host nodes $2"), cell.id, formatCpuset(ids), [...nodes].join(", ")));
        }
        if (cellsAcross.length > 0) {
            out.push({ field: "topology.cells", severity: "warning",
                message: format(_("A guest NUMA cell spans host NUMA nodes: $0. Its memory is local to at most one of them. Pin each cell's vCPUs to one host node."), examples(cellsAcross)) });
        }
    }
    return out;
}
