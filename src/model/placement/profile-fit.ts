// The CPU profiles' fitting: which host CPUs a Dedicated VM gets. Each vCPU (all of the maximum, so a
// hot-plugged one is pinned too) gets one host CPU of its own: online, not pinned by another VM (live or
// next boot), isolated CPUs first where the host isolates some; on one host node when it fits, else one
// node per guest NUMA cell. "Isolated threads" also keeps other VMs' vCPUs off the sibling threads of
// the chosen cores: each guest core takes a whole host core. The emulator and IOThreads go to the
// housekeeping CPUs of the same nodes (those no VM's vCPU is pinned to). No fit: the reason in words.
import { _, format } from "../i18n.ts";
import { parseCpuset } from "../values/cpuset.ts";
import type { HostTopology } from "../host/capabilities.ts";
import type { Tuning } from "../types.ts";
import type { HostIndex, PlacedVm } from "./placement.ts";
import { CpusetCache, indexHost, onlineCpuSet, pinsOf, spansEveryCpu } from "./placement.ts";

export type ProfileKind = "dedicated" | "dedicated-isolated" | "shared" | "custom";

export interface FitOptions {
    /** keep other VMs' vCPUs off the chosen cores' sibling threads (whole cores for this VM) */
    isolatedThreads: boolean;
    /** CPUs the host keeps out of the scheduler (isolcpus, sysfs isolated), where known: taken first */
    hostIsolated?: readonly number[] | undefined;
}

export type ProfileFit =
    | { fits: true; nodes: number[]; vcpuCpus: number[]; housekeeping: number[]; cellNodes?: Map<number, number> | undefined }
    | { fits: false; reason: string };

/** The tuning a placement reads of a VM: live for a running VM, else next boot. */
function sideOf(vm: PlacedVm): Tuning {
    return vm.running && vm.live !== undefined ? vm.live : vm.config;
}

interface Taken {
    /** CPUs another VM pins anything to */
    pinned: Set<number>;
    /** CPUs another VM pins a vCPU to */
    vcpus: Set<number>;
    /** CPU → the other VMs pinned there, for the reason of a refusal */
    owners: Map<number, Set<string>>;
}

/** What the other VMs hold, live and next boot both (a shut-off VM's pins count: it may start); a pin
 *  over every online CPU holds nothing. */
function takenByOthers(vm: PlacedVm, others: readonly PlacedVm[], cache: CpusetCache, online: ReadonlySet<number>): Taken {
    const taken: Taken = { pinned: new Set(), vcpus: new Set(), owners: new Map() };
    for (const other of others) {
        if (other.name === vm.name)
            continue;
        for (const t of [other.config, other.running ? other.live : undefined]) {
            if (t === undefined)
                continue;
            for (const pin of pinsOf(other.name, t, cache)) {
                if (spansEveryCpu(pin, online))
                    continue;     // floats like an unpinned thread: floatingOver names it
                for (const c of pin.cpus) {
                    taken.pinned.add(c);
                    taken.owners.set(c, (taken.owners.get(c) ?? new Set()).add(other.name));
                    if (pin.owner.kind === "vcpu")
                        taken.vcpus.add(c);
                }
            }
        }
    }
    return taken;
}

function cellVcpus(text: string, max: number): number[] {
    try {
        return parseCpuset(text).filter(v => v < max);
    } catch {
        return [];
    }
}

/** One node's candidate CPUs in the order they are handed out: host-isolated first, whole cores together. */
interface NodeRoom {
    node: number;
    /** free CPUs as groups of one core's free siblings (isolated threads: only wholly free cores) */
    cores: number[][];
    /** online CPUs of the node */
    online: number[];
    memory: number;
}

function nodeRooms(host: HostTopology, index: HostIndex, taken: Taken, opts: FitOptions): NodeRoom[] {
    const isolated = new Set(opts.hostIsolated ?? []);
    return host.cells.map(cell => {
        const online = cell.cpus.filter(c => c.online).map(c => c.id).sort((a, b) => a - b);
        const onlineSet = new Set(online);
        const seen = new Set<number>();
        const cores: number[][] = [];
        for (const c of online) {
            if (seen.has(c))
                continue;
            const sib = (index.siblingsOf[c] ?? [c]).filter(s => onlineSet.has(s));
            sib.forEach(s => seen.add(s));
            const free = sib.filter(s => !taken.pinned.has(s));
            if (free.length === 0)
                continue;
            if (opts.isolatedThreads && free.length < sib.length)
                continue; // not wholly free: another VM's vCPU (or emulator, IOThread) is pinned to a sibling thread
            cores.push(free);
        }
        // host-isolated cores first, then whole cores (most free threads), then by id
        const rank = (core: number[]) => (core.every(c => isolated.has(c)) ? 0 : 1);
        cores.sort((a, b) => rank(a) - rank(b) || b.length - a.length || (a[0] ?? 0) - (b[0] ?? 0));
        return { node: cell.id, cores, online, memory: cell.memory };
    });
}

/** Hands `vcpus` (guest order) CPUs out of a node's room: `threads` guest threads per host core
 *  (isolated: one guest core per host core, its other siblings left idle). */
function take(room: NodeRoom, count: number, threads: number, isolatedThreads: boolean): number[] | undefined {
    const out: number[] = [];
    for (const core of room.cores) {
        if (out.length >= count)
            break;
        const per = isolatedThreads ? Math.min(threads, core.length) : core.length;
        out.push(...core.slice(0, Math.min(per, count - out.length)));
    }
    return out.length >= count ? out : undefined;
}

/** How many vCPUs a node's room can take. */
function capacity(room: NodeRoom, threads: number, isolatedThreads: boolean): number {
    return room.cores.reduce((n, core) => n + (isolatedThreads ? Math.min(threads, core.length) : core.length), 0);
}

/** The housekeeping CPUs of `nodes` for the emulator and IOThreads: online, no VM's vCPU pinned there,
 *  not chosen for this VM's vCPUs (isolated threads: nor their cores' siblings). */
function housekeeping(rooms: NodeRoom[], nodes: number[], chosen: Set<number>, reserved: Set<number>, taken: Taken): number[] {
    return rooms.filter(r => nodes.includes(r.node))
        .flatMap(r => r.online)
        .filter(c => !chosen.has(c) && !reserved.has(c) && !taken.vcpus.has(c))
        .sort((a, b) => a - b);
}

/** "node 1 has 3 free CPUs, 5 are needed: one per vCPU (4) and one for the emulator" */
function needWords(room: NodeRoom | undefined, vcpus: number, threads: number, isolated: boolean, taken: Taken): string {
    const node = room?.node ?? "?";
    const have = room === undefined ? 0 : capacity(room, threads, isolated);
    const words = isolated
        ? format(_("node $0 has $1 wholly free cores, room for $2 vCPUs; needed: one CPU per vCPU ($3) and one for the emulator"), node, room?.cores.length ?? 0, have, vcpus)
        : format(_("node $0 has $1 free CPUs, $2 are needed: one per vCPU ($3) and one for the emulator"), node, have, vcpus + 1, vcpus);
    // who holds the rest, so the user knows where to free CPUs
    const holders = new Set((room?.online ?? []).flatMap(c => [...taken.owners.get(c) ?? []]));
    return holders.size === 0 ? words : format(_("$0 (CPUs there are pinned by $1)"), words, [...holders].sort().join(", "));
}

/**
 * The Dedicated profile's CPUs for `vm` (all its maximum vCPUs): one node when one has room for them,
 * one more housekeeping CPU and the VM's memory; else one node per guest NUMA cell; else the reason.
 */
export function fitDedicated(vm: PlacedVm, host: HostTopology, others: readonly PlacedVm[], opts: FitOptions): ProfileFit {
    const index = indexHost(host);
    const cache = new CpusetCache(index.hostCpus);
    const t = sideOf(vm);
    const max = t.vcpu.max;
    const threads = Math.max(1, t.cpu.topology?.threads ?? 1);
    const iso = opts.isolatedThreads;
    if (host.cells.length === 0)
        return { fits: false, reason: _("The host's NUMA nodes and CPUs are not known: reload the page") };
    const taken = takenByOthers(vm, others, cache, onlineCpuSet(host));
    const rooms = nodeRooms(host, index, taken, opts);
    const assemble = (groups: { node: number; vcpus: number[]; cpus: number[] }[], cellNodes?: Map<number, number>): ProfileFit => {
        const vcpuCpus = new Array<number>(max).fill(-1);
        const chosen = new Set<number>();
        for (const g of groups) {
            g.vcpus.forEach((v, i) => {
                const cpu = g.cpus[i];
                if (cpu !== undefined) {
                    vcpuCpus[v] = cpu;
                    chosen.add(cpu);
                }
            });
        }
        // isolated threads: the chosen cores' idle siblings stay free of everything
        const reserved = new Set<number>(iso ? [...chosen].flatMap(c => index.siblingsOf[c] ?? [c]) : []);
        const nodes = [...new Set(groups.map(g => g.node))].sort((a, b) => a - b);
        const spare = housekeeping(rooms, nodes, chosen, reserved, taken);
        if (spare.length === 0) {
            return { fits: false, reason: format(_("Nodes $0 have no CPU left for the emulator once the VM's $1 vCPUs have their own: the VM needs one more free CPU there"),
                                                 nodes.join(", "), max) };
        }
        return { fits: true, nodes, vcpuCpus, housekeeping: spare, cellNodes };
    };

    // one node: the best fit (fewest free CPUs left over), each needing room for a housekeeping CPU too
    const oneNode = rooms
        .filter(r => capacity(r, threads, iso) >= max && (r.memory === 0 || r.memory >= t.memory))
        .map(r => ({ r, cpus: take(r, max, threads, iso) }))
        .filter((x): x is { r: NodeRoom; cpus: number[] } => x.cpus !== undefined)
        .map(x => ({ ...x, fit: assemble([{ node: x.r.node, vcpus: range(max), cpus: x.cpus }]) }))
        .filter(x => x.fit.fits)
        .sort((a, b) => capacity(a.r, threads, iso) - capacity(b.r, threads, iso));
    if (oneNode[0] !== undefined)
        return oneNode[0].fit;

    const largest = [...rooms].sort((a, b) => capacity(b, threads, iso) - capacity(a, threads, iso))[0];
    if (t.cpu.cells.length < 2) {
        const words = needWords(largest, max, threads, iso, taken);
        return { fits: false, reason: format(_("No host node has room for the VM's $0 vCPUs and its emulator ($1): give the VM guest NUMA cells to spread it, or free CPUs"),
                                             max, words) };
    }
    // one node per guest cell, largest cells first, each on the node with most room left
    const left = new Map(rooms.map(r => [r.node, { ...r, cores: r.cores.map(c => [...c]) }]));
    const groups: { node: number; vcpus: number[]; cpus: number[] }[] = [];
    const cellNodes = new Map<number, number>();
    const cells = [...t.cpu.cells].sort((a, b) => cellVcpus(b.cpus, max).length - cellVcpus(a.cpus, max).length || a.id - b.id);
    for (const cell of cells) {
        const vcpus = cellVcpus(cell.cpus, max);
        const unused = [...left.values()].filter(r => !cellNodes.size || ![...cellNodes.values()].includes(r.node));
        const pool = (unused.length > 0 ? unused : [...left.values()])
            .sort((a, b) => capacity(b, threads, iso) - capacity(a, threads, iso));
        const room = pool.find(r => capacity(r, threads, iso) >= vcpus.length + 1 && (r.memory === 0 || r.memory >= cell.memory));
        if (room === undefined) {
            return { fits: false, reason: format(_("No host node has room for the VM's $0 vCPUs, and its guest cell $1 fits on none: $2"), max, cell.id, needWords(pool[0], vcpus.length, threads, iso, taken)) };
        }
        const cpus = take(room, vcpus.length, threads, iso) ?? [];
        // what this cell took leaves the node's room
        const used = new Set(cpus);
        room.cores = room.cores.map(core => core.filter(c => !used.has(c))).filter(core => core.length > 0 && !(iso && core.length < (index.siblingsOf[core[0] ?? 0]?.length ?? 1)));
        groups.push({ node: room.node, vcpus, cpus });
        cellNodes.set(cell.id, room.node);
    }
    return assemble(groups, cellNodes);
}

function range(n: number): number[] {
    return Array.from({ length: Math.max(0, n) }, (_x, i) => i);
}

/**
 * Other VMs whose vCPUs may still run on `cpus` (unpinned vCPUs float over every CPU, a <vcpu cpuset> or
 * a wide pin over its CPUs): a dedicated CPU is only dedicated once nothing else floats over it.
 */
export function floatingOver(vmName: string, cpus: readonly number[], others: readonly PlacedVm[], hostCpus: number): { vm: string; cpus: number[] }[] {
    const cache = new CpusetCache(hostCpus);
    const wanted = new Set(cpus);
    const out: { vm: string; cpus: number[] }[] = [];
    for (const other of others) {
        if (other.name === vmName)
            continue;
        const t = sideOf(other);
        const all = t.vcpu.cpuset !== undefined ? cache.get(t.vcpu.cpuset) : range(hostCpus);
        const hit = new Set<number>();
        for (let v = 0; v < t.vcpu.max; v++) {
            const pin = t.cputune.vcpupin.find(p => p.id === v);
            for (const c of pin === undefined ? all : cache.get(pin.cpuset)) {
                if (wanted.has(c))
                    hit.add(c);
            }
        }
        if (hit.size > 0)
            out.push({ vm: other.name, cpus: [...hit].sort((a, b) => a - b) });
    }
    return out;
}
