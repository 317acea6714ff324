// The CPU profile a VM's settings amount to, read from the definition alone (nothing is stored
// elsewhere): "shared" floats (no pin at all), "dedicated" is what the Dedicated profile writes (every
// vCPU of the maximum on a CPU of its own, the emulator and IOThreads pinned off them, memory strict on
// the pins' nodes, nosharepages), "dedicated-isolated" the same with each used host core's sibling
// threads holding only this VM's vCPUs (as many per core as the guest has threads) or nothing of it;
// anything else pinned is "custom".
import { parseCpuset } from "../values/cpuset.ts";
import type { HostTopology } from "../host/capabilities.ts";
import { cellsOfCpus } from "../host/capabilities.ts";
import type { Tuning } from "../types.ts";
import type { ProfileKind } from "./profile-fit.ts";

function cpus(text: string | undefined): number[] {
    if (text === undefined)
        return [];
    try {
        return parseCpuset(text);
    } catch {
        return [];
    }
}

/** The vCPU → host CPU map of a VM pinned one vCPU per CPU (all of its maximum), else undefined. */
export function oneToOne(t: Tuning): number[] | undefined {
    const out: number[] = [];
    const used = new Set<number>();
    for (let v = 0; v < t.vcpu.max; v++) {
        const set = cpus(t.cputune.vcpupin.find(p => p.id === v)?.cpuset);
        const cpu = set[0];
        if (set.length !== 1 || cpu === undefined || used.has(cpu))
            return undefined;
        used.add(cpu);
        out.push(cpu);
    }
    return out.length > 0 ? out : undefined;
}

/** Is the VM pinned anywhere (vCPU, emulator, IOThread, or a <vcpu cpuset>)? */
export function isPinned(t: Tuning): boolean {
    return t.cputune.vcpupin.some(p => p.id < t.vcpu.max) || t.cputune.emulatorpin !== undefined ||
        t.cputune.iothreadpin.length > 0 || t.vcpu.cpuset !== undefined;
}

/** Is the memory strict on exactly the host nodes of these CPUs (what Dedicated writes)? Without the
 *  host's topology: strict on some nodeset. */
export function strictOnPinNodes(t: Tuning, vcpuCpus: readonly number[], host?: HostTopology): boolean {
    if ((t.numatune.mode ?? "strict") !== "strict" || t.numatune.nodeset === undefined || t.numatune.placement === "auto")
        return false;
    const nodeset = cpus(t.numatune.nodeset);
    if (host === undefined || host.cells.length === 0)
        return nodeset.length > 0;
    const nodes = cellsOfCpus(host, vcpuCpus);
    return nodes.length === nodeset.length && nodes.every((n, i) => nodeset[i] === n);
}

export function detectProfile(t: Tuning, host?: HostTopology): ProfileKind {
    if (!isPinned(t))
        return "shared";
    const vcpuCpus = oneToOne(t);
    if (vcpuCpus === undefined || t.vcpu.cpuset !== undefined || !t.memoryBacking.nosharepages)
        return "custom";
    const mine = new Set(vcpuCpus);
    const emulator = cpus(t.cputune.emulatorpin);
    if (emulator.length === 0 || emulator.some(c => mine.has(c)))
        return "custom";
    const iothread = t.iothreadIds.map(id => cpus(t.cputune.iothreadpin.find(p => p.id === id)?.cpuset));
    if (iothread.some(set => set.length === 0 || set.some(c => mine.has(c))))
        return "custom";
    if (!strictOnPinNodes(t, vcpuCpus, host))
        return "custom";
    return isolatedThreads(t, vcpuCpus, new Set([...emulator, ...iothread.flat()]), host) ? "dedicated-isolated" : "dedicated";
}

/** Whole host cores: each used core (of an SMT host) holds min(guest threads, its threads) of this VM's
 *  vCPUs, and none of this VM's emulator or IOThreads. Unknown without the host's siblings. */
function isolatedThreads(t: Tuning, vcpuCpus: readonly number[], helpers: Set<number>, host?: HostTopology): boolean {
    if (host === undefined)
        return false;
    const siblings = new Map<number, number[]>();
    for (const cell of host.cells) {
        for (const cpu of cell.cpus)
            siblings.set(cpu.id, cpu.siblings ?? [cpu.id]);
    }
    const threads = Math.max(1, t.cpu.topology?.threads ?? 1);
    const mine = new Set(vcpuCpus);
    let smt = false;
    for (const c of vcpuCpus) {
        const sib = siblings.get(c) ?? [c];
        if (sib.length > 1)
            smt = true;
        if (sib.some(s => helpers.has(s)))
            return false;
        if (sib.filter(s => mine.has(s)).length !== Math.min(threads, sib.length))
            return false;
    }
    return smt;
}

/** Host CPU → the VM whose Dedicated profile's vCPU it carries, on one side (live: running VMs only). */
export function dedicatedCpus(vms: readonly { name: string; running: boolean; live?: Tuning | undefined; config: Tuning }[],
                              host: HostTopology, view: "live" | "config"): Map<number, { vm: string; kind: ProfileKind }> {
    const out = new Map<number, { vm: string; kind: ProfileKind }>();
    for (const vm of vms) {
        const t = view === "live" ? (vm.running ? vm.live : undefined) : vm.config;
        if (t === undefined)
            continue;
        const kind = detectProfile(t, host);
        if (kind !== "dedicated" && kind !== "dedicated-isolated")
            continue;
        for (const cpu of oneToOne(t) ?? [])
            out.set(cpu, { vm: vm.name, kind });
    }
    return out;
}
