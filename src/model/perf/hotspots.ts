// Host hot spots from two consecutive all-VM statistics readings (one GetAllDomainStats each):
// the vCPUs that wait most for a host CPU, the VMs and vCPUs running at their CPU quota, and, where
// a placement is known, the VMs with most memory remote from their node. One reading of libvirt's
// statistics carries no cgroup counters, so "throttled" here is "uses what its quota allows": the
// VM's Performance tab reads the cgroups' throttling counters themselves.
import type { SchedulerParams } from "../types.ts";
import type { DomainCounters } from "./types.ts";
import { _, format } from "../i18n.ts";

export type HotSpotKind = "steal" | "throttled" | "remote-memory";

export interface HotSpot {
    kind: HotSpotKind;
    vm: string;
    /** the vCPU the figure is about; undefined for the VM as a whole */
    vcpu?: number | undefined;
    /** percent: steal of one host CPU; quota use; share of memory on other nodes */
    value: number;
    text: string;
}

export interface HotSpotInput {
    prev: readonly DomainCounters[];
    next: readonly DomainCounters[];
    /** page-clock time between the two readings, ms */
    spanMs: number;
    /** each running VM's scheduler values as the page knows them (no extra call per refresh) */
    sched?: ReadonlyMap<string, SchedulerParams | undefined> | undefined;
    /** % of each VM's memory on nodes other than its own, where a placement was read */
    remotePct?: ReadonlyMap<string, number> | undefined;
}

export interface HotSpotOptions {
    /** rows per kind */
    top?: number;
    /** below this a figure is no hot spot: steal %, remote % (a steal of 0 never is) */
    minPct?: number;
    /** quota use from which a VM or vCPU counts as at its quota, % */
    quotaPct?: number;
}

/** cgroup's "no limit": -1, or the kernel's largest quota (libvirt reports 17592186044415). */
const UNLIMITED_QUOTA = 1e12;

/** A quota as % of one host CPU, or undefined when there is none. */
export function quotaLimitPct(quota: number | undefined, period: number | undefined): number | undefined {
    if (quota === undefined || period === undefined || quota <= 0 || period <= 0 || quota >= UNLIMITED_QUOTA)
        return undefined;
    return quota / period * 100;
}

/** Counter growth per wall-clock time as %, or undefined when a counter is missing or went down (restart). */
function pct(before: number | undefined, after: number | undefined, spanNs: number): number | undefined {
    if (before === undefined || after === undefined || after < before) return undefined;
    return (after - before) / spanNs * 100;
}

function rank(spots: HotSpot[], top: number): HotSpot[] {
    return spots.sort((a, b) => b.value - a.value || a.vm.localeCompare(b.vm) || (a.vcpu ?? -1) - (b.vcpu ?? -1)).slice(0, top);
}

function whole(value: number): string {
    return value.toFixed(0);
}

export function hotSpots(input: HotSpotInput, options: HotSpotOptions = {}): HotSpot[] {
    const { top = 5, minPct = 1, quotaPct = 90 } = options;
    const spanNs = input.spanMs * 1e6;
    const steal: HotSpot[] = [];
    const throttled: HotSpot[] = [];
    if (spanNs > 0) {
        const before = new Map(input.prev.map(d => [d.name, d]));
        for (const d of input.next) {
            const p = before.get(d.name);
            if (!p) continue;
            const sched = input.sched?.get(d.name);
            const vcpuLimit = quotaLimitPct(sched?.quota, sched?.period);
            for (const v of d.vcpus) {
                const pv = p.vcpus.find(x => x.id === v.id);
                const s = pct(pv?.delayNs, v.delayNs, spanNs);
                if (s !== undefined && s > 0 && s >= minPct)
                    steal.push({ kind: "steal", vm: d.name, vcpu: v.id, value: s,
                                 text: format(_("vCPU $0 waits $1 % of the time for a host CPU"), v.id, whole(s)) });
                const used = pct(pv?.timeNs, v.timeNs, spanNs);
                if (vcpuLimit !== undefined && used !== undefined && used / vcpuLimit * 100 >= quotaPct)
                    throttled.push({ kind: "throttled", vm: d.name, vcpu: v.id, value: used / vcpuLimit * 100,
                                     text: format(_("vCPU $0 uses $1 % of a host CPU, its quota allows $2 %"), v.id, whole(used), whole(vcpuLimit)) });
            }
            const vmLimit = quotaLimitPct(sched?.global_quota, sched?.global_period);
            const vmUsed = pct(p.cpuTimeNs, d.cpuTimeNs, spanNs);
            if (vmLimit !== undefined && vmUsed !== undefined && vmUsed / vmLimit * 100 >= quotaPct)
                throttled.push({ kind: "throttled", vm: d.name, value: vmUsed / vmLimit * 100,
                                 text: format(_("uses $0 % of a host CPU, its quota for the whole VM allows $1 %"), whole(vmUsed), whole(vmLimit)) });
        }
    }
    const remote: HotSpot[] = [];
    for (const [vm, value] of input.remotePct ?? [])
        if (value > 0 && value >= minPct)
            remote.push({ kind: "remote-memory", vm, value, text: format(_("$0 % of its memory is on another node"), whole(value)) });
    return [...rank(steal, top), ...rank(throttled, top), ...rank(remote, top)];
}
