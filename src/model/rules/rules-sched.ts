// Thread scheduling rules (<vcpusched>, <iothreadsched>, <emulatorsched>): what libvirt's parser and
// QEMU's start refuse (a real-time policy without a priority 1-99, a priority with batch or idle, ids
// that do not exist, one thread in two entries), and what real-time threads need on the host: each
// real-time vCPU pinned to one host CPU of its own (the placement map says who else is pinned there),
// never real-time threads on every host CPU, and the host's RT throttling.
import { _, format } from "../i18n.ts";
import { formatCpuset, parseCpuset } from "../values/cpuset.ts";
import type { Finding, ThreadSched, Tuning } from "../types.ts";
import { SCHED_POLICIES } from "../types.ts";
import type { HostTopology } from "../host/capabilities.ts";
import type { PinOwner, PlacedVm } from "../placement/placement.ts";
import { placementMap } from "../placement/placement.ts";
import type { RtThrottle } from "../host/rt-throttle.ts";
import { unthrottled } from "../host/rt-throttle.ts";
import { error, warning } from "./rules-fields.ts";

export interface SchedSet {
    vcpusched: readonly ThreadSched[];
    iothreadsched: readonly ThreadSched[];
    emulatorsched?: ThreadSched | undefined;
}

export const RT_PRIORITY = { min: 1, max: 99 } as const;

export function isRealtime(s: ThreadSched | undefined): boolean {
    return s !== undefined && (s.scheduler === "fifo" || s.scheduler === "rr");
}

function ownerText(o: PinOwner): string {
    switch (o.kind) {
    case "vcpu": return format(_("vCPU $0 of $1"), o.id, o.vm);
    case "emulator": return format(_("the emulator of $0"), o.vm);
    case "iothread": return format(_("IOThread $0 of $1"), o.id, o.vm);
    }
}

/** One entry's policy and priority. */
function checkPolicy(out: Finding[], field: string, s: ThreadSched): void {
    if (!(SCHED_POLICIES as readonly string[]).includes(s.scheduler)) {
        out.push(error(field, format(_("Unknown scheduler \"$0\": choose fifo, rr, batch or idle"), String(s.scheduler))));
        return;
    }
    if (isRealtime(s)) {
        const p = s.priority;
        if (p === undefined || !Number.isSafeInteger(p) || p < RT_PRIORITY.min || p > RT_PRIORITY.max)
            out.push(error(field, format(_("$0 needs a priority from $1 (lowest) to $2, not $3"), s.scheduler, RT_PRIORITY.min, RT_PRIORITY.max,
                                         p === undefined ? _("none") : String(p))));
    } else if (s.priority !== undefined) {
        out.push(error(field, format(_("$0 takes no priority: only fifo and rr do"), s.scheduler)));
    }
}

/** The ids an entry names, checked against those that exist and those already named; undefined when unusable. */
function checkIds(out: Finding[], field: string, s: ThreadSched, exists: (id: number) => boolean, what: string,
    taken: Map<number, number>, index: number): number[] | undefined {
    if (s.ids === undefined || s.ids.trim() === "") {
        out.push(error(field, format(_("Name the $0 this policy is for"), what)));
        return undefined;
    }
    let ids: number[];
    try {
        ids = parseCpuset(s.ids);
    } catch (e) {
        out.push(error(field, e instanceof Error ? e.message : String(e)));
        return undefined;
    }
    const missing = ids.filter(id => !exists(id));
    if (missing.length > 0)
        out.push(error(field, format(_("The VM has no $0 $1"), what, formatCpuset(missing))));
    const twice = ids.filter(id => taken.has(id) && taken.get(id) !== index);
    if (twice.length > 0)
        out.push(error(field, format(_("$0 $1 already have a policy in another row: one policy per thread"), what, formatCpuset(twice))));
    ids.forEach(id => taken.set(id, index));
    return ids;
}

/** What libvirt itself refuses, with no host facts: the rules a define must pass. */
export function checkSchedDefinition(sched: SchedSet, t: Tuning): Finding[] {
    const out: Finding[] = [];
    const vcpus = new Map<number, number>();
    sched.vcpusched.forEach((s, i) => {
        checkPolicy(out, `vcpusched.${i}`, s);
        checkIds(out, `vcpusched.${i}`, s, id => id < t.vcpu.max, _("vCPUs"), vcpus, i);
    });
    const iothreads = new Map<number, number>();
    sched.iothreadsched.forEach((s, i) => {
        checkPolicy(out, `iothreadsched.${i}`, s);
        checkIds(out, `iothreadsched.${i}`, s, id => t.iothreadIds.includes(id), _("IOThreads"), iothreads, i);
    });
    if (sched.emulatorsched !== undefined)
        checkPolicy(out, "emulatorsched", sched.emulatorsched);
    return out;
}

export interface SchedHost {
    host: HostTopology;
    /** every VM of the host as the placement map takes them (this one is left out by name) */
    vms: readonly PlacedVm[];
    rt?: RtThrottle | undefined;
}

/** The host CPUs a pin text allows, or every online CPU when there is no pin. */
function cpusOf(text: string | undefined, fallback: string | undefined, all: readonly number[]): number[] {
    const set = text ?? fallback;
    if (set === undefined)
        return [...all];
    try {
        return parseCpuset(set);
    } catch {
        return [...all];
    }
}

function idsOf(s: ThreadSched): number[] {
    try {
        return s.ids === undefined ? [] : parseCpuset(s.ids);
    } catch {
        return [];
    }
}

/** The host CPUs where another VM runs real-time threads (its next-boot definition, and live when it runs). */
function othersRealtime(vms: readonly PlacedVm[], self: string, all: readonly number[]): Set<number> {
    const out = new Set<number>();
    for (const vm of vms) {
        if (vm.name === self)
            continue;
        for (const t of [vm.config, vm.running ? vm.live : undefined]) {
            if (t === undefined)
                continue;
            realtimeCpus(t, all).forEach(c => out.add(c));
        }
    }
    return out;
}

/** Every host CPU a real-time thread of `t` may run on. */
function realtimeCpus(t: Tuning, all: readonly number[]): Set<number> {
    const out = new Set<number>();
    for (const s of t.cputune.vcpusched.filter(isRealtime)) {
        for (const id of idsOf(s))
            cpusOf(t.cputune.vcpupin.find(p => p.id === id)?.cpuset, t.vcpu.cpuset, all).forEach(c => out.add(c));
    }
    for (const s of t.cputune.iothreadsched.filter(isRealtime)) {
        for (const id of idsOf(s))
            cpusOf(t.cputune.iothreadpin.find(p => p.id === id)?.cpuset, t.vcpu.cpuset, all).forEach(c => out.add(c));
    }
    if (isRealtime(t.cputune.emulatorsched))
        cpusOf(t.cputune.emulatorpin, t.vcpu.cpuset, all).forEach(c => out.add(c));
    return out;
}

/**
 * The scheduling `sched` for VM `vm` whose definition (pins, vCPUs, IOThreads) is `t`: libvirt's rules,
 * then the host's: dedicated CPUs for real-time vCPUs, a CPU left without real-time threads, throttling.
 */
export function checkThreadSched(vm: string, sched: SchedSet, t: Tuning, facts: SchedHost): Finding[] {
    const out = checkSchedDefinition(sched, t);
    const all = facts.host.onlineCpus.length > 0 ? facts.host.onlineCpus : [...Array(facts.host.totalCpus).keys()];
    const after: Tuning = {
        ...t,
        cputune: { ...t.cputune, vcpusched: [...sched.vcpusched], iothreadsched: [...sched.iothreadsched], emulatorsched: sched.emulatorsched },
    };
    const rtVcpus = new Map<number, number>(); // vCPU -> row
    sched.vcpusched.forEach((s, i) => {
        if (isRealtime(s))
            idsOf(s).filter(id => id < t.vcpu.max).forEach(id => rtVcpus.set(id, i));
    });
    // who else is pinned where: other VMs from the placement map (live and next boot), this VM from `t`
    const others = placementMap(facts.vms.filter(v => v.name !== vm), facts.host).cpus;
    const ownPins: { owner: PinOwner; cpus: number[]; rt: boolean }[] = [];
    for (let id = 0; id < t.vcpu.max; id++)
        ownPins.push({ owner: { vm, kind: "vcpu", id }, cpus: cpusOf(t.cputune.vcpupin.find(p => p.id === id)?.cpuset, t.vcpu.cpuset, all), rt: rtVcpus.has(id) });
    ownPins.push({ owner: { vm, kind: "emulator", id: 0 }, cpus: cpusOf(t.cputune.emulatorpin, t.vcpu.cpuset, all), rt: isRealtime(sched.emulatorsched) });
    for (const id of t.iothreadIds) {
        const rt = sched.iothreadsched.some(s => isRealtime(s) && idsOf(s).includes(id));
        ownPins.push({ owner: { vm, kind: "iothread", id }, cpus: cpusOf(t.cputune.iothreadpin.find(p => p.id === id)?.cpuset, t.vcpu.cpuset, all), rt });
    }
    const crowded = new Set<number>();
    for (const [id, row] of rtVcpus) {
        const field = `vcpusched.${row}`;
        const pin = t.cputune.vcpupin.find(p => p.id === id)?.cpuset;
        const cpus = cpusOf(pin, t.vcpu.cpuset, all);
        if (pin === undefined || cpus.length !== 1) {
            out.push(error(field, pin === undefined
                ? format(_("vCPU $0 is not pinned: a real-time vCPU needs one host CPU of its own. Pin it to one CPU first (Pinning)."), id)
                : format(_("vCPU $0 may run on CPUs $1: a real-time vCPU needs exactly one host CPU of its own. Pin it to one CPU first (Pinning)."), id, formatCpuset(cpus))));
            continue;
        }
        const cpu = cpus[0] as number;
        const rtHere = ownPins.filter(p => p.rt && p.cpus.includes(cpu) && !(p.owner.kind === "vcpu" && p.owner.id === id));
        if (rtHere.length > 0) {
            // once per host CPU, naming every real-time thread there
            if (!crowded.has(cpu))
                out.push(error(field, format(_("Real-time vCPU $0 would share host CPU $1 with real-time $2: one spinning stops the others. Give each real-time vCPU a CPU of its own."),
                                             id, cpu, rtHere.map(p => ownerText(p.owner)).join(", "))));
            crowded.add(cpu);
            continue;
        }
        const shared = [
            ...ownPins.filter(p => !p.rt && p.cpus.includes(cpu) && !(p.owner.kind === "vcpu" && p.owner.id === id)).map(p => p.owner),
            ...(others[cpu]?.config ?? []), ...(others[cpu]?.live ?? []),
        ];
        const names = [...new Set(shared.map(ownerText))];
        if (names.length > 0) {
            out.push(warning(field, format(_("Host CPU $0 of real-time vCPU $1 is not dedicated: $2 may run there too, and only when the vCPU sleeps. Pin them to other CPUs so that the vCPU has the CPU to itself."),
                                           cpu, id, names.join(", "))));
        }
    }
    // never every host CPU: the host's own threads need somewhere to run
    const rt = realtimeCpus(after, all);
    othersRealtime(facts.vms, vm, all).forEach(c => rt.add(c));
    const anyRt = sched.vcpusched.some(isRealtime) || sched.iothreadsched.some(isRealtime) || isRealtime(sched.emulatorsched);
    if (anyRt && all.length > 0 && all.every(c => rt.has(c))) {
        out.push(error("sched", format(_("Real-time threads would run on every host CPU ($0), counting this VM's and other VMs': the host's own threads would have no CPU left. Keep at least one CPU free of real-time threads (pin the emulator and IOThreads elsewhere)."),
                                       formatCpuset(all))));
    }
    if (anyRt && facts.rt !== undefined && unthrottled(facts.rt))
        out.push(warning("sched", _("This host does not throttle real-time threads (sched_rt_runtime_us is -1): a real-time vCPU that spins keeps its CPU entirely. Make sure nothing else needs that CPU.")));
    return out;
}
