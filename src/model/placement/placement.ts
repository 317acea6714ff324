// Placement: which VM vCPUs / emulator / iothreads are pinned to each host CPU (live and config),
// conflicts (pins off the memory node, sibling threads shared between VMs, oversubscription), and a
// suggested placement for one VM (placement-suggest.ts) as desired pins + numatune for the planner. Linear in
// CPUs × pins; cpusets are parsed once per distinct text.
import { _, format } from "../i18n.ts";
import { formatCpuset, parseCpuset } from "../values/cpuset.ts";
import type { HostTopology } from "../host/capabilities.ts";
import type { Tuning } from "../types.ts";

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
export class CpusetCache {
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

export interface Pinned {
    owner: PinOwner;
    cpus: number[];
}

/** The explicit pins of one side of a VM (unpinned vCPUs float and are not shown). */
export function pinsOf(vm: string, t: Tuning, cache: CpusetCache): Pinned[] {
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

/** The online host CPUs (capabilities lists an offline CPU as a bare <cpu id='N'/>). */
export function onlineCpuSet(host: HostTopology): Set<number> {
    return new Set(host.cells.flatMap(c => c.cpus.filter(cpu => cpu.online).map(cpu => cpu.id)));
}

/** A pin over every online host CPU holds none of them: the thread floats as if unpinned. It is what
 *  libvirt leaves of a live "unpin" (a running VM's pin can only be widened), so counting it as taken
 *  would leave no room on the host at all. */
export function spansEveryCpu(pin: Pinned, online: ReadonlySet<number>): boolean {
    if (online.size === 0 || pin.cpus.length < online.size)
        return false;     // the usual case, decided without a look at each CPU
    const cpus = new Set(pin.cpus);
    for (const c of online) {
        if (!cpus.has(c))
            return false;
    }
    return true;
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
export function boundNodes(t: Tuning, cache: CpusetCache): Set<number> | undefined {
    const mode = t.numatune.mode ?? "strict";
    if (t.numatune.nodeset === undefined || (mode !== "strict" && mode !== "restrictive"))
        return undefined;
    const nodes = cache.get(t.numatune.nodeset);
    return nodes.length > 0 ? new Set(nodes) : undefined;
}
