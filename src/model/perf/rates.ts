// Rates between two readings of one VM: counter deltas over the wall-clock span, as % of one host CPU.
// A restart (another QEMU pid) or any counter going down (a counter reset, a re-created cgroup) makes
// the pair meaningless: undefined, and the caller starts again from the later reading.
import type { GroupCounters, GroupRates, HostCpuTimes, PerfRates, PerfSample, VcpuRates } from "./types.ts";
import { vcpuOfThread } from "../host/task-stat.ts";

class Reset extends Error {}

/** next - prev, or undefined where either is missing; throws Reset when the counter went down. */
function delta(prev: number | undefined, next: number | undefined): number | undefined {
    if (prev === undefined || next === undefined)
        return undefined;
    if (next < prev)
        throw new Reset();
    return next - prev;
}

/** ns of CPU over a span of ms → % of one CPU */
function nsPct(ns: number | undefined, spanMs: number): number | undefined {
    return ns === undefined ? undefined : ns / (spanMs * 1e6) * 100;
}

function groupRates(prev: GroupCounters, next: GroupCounters, spanMs: number): GroupRates {
    const periods = delta(prev.cpu.periods, next.cpu.periods) ?? 0;
    const throttled = delta(prev.cpu.throttledPeriods, next.cpu.throttledPeriods) ?? 0;
    const throttledUsec = delta(prev.cpu.throttledUsec, next.cpu.throttledUsec) ?? 0;
    // the stall share over this very span from the "some" totals; avg10 where a total is missing
    const stall = delta(prev.pressure?.some.totalUsec, next.pressure?.some.totalUsec);
    const pressureSome = stall !== undefined ? stall / (spanMs * 1000) * 100 : next.pressure?.some.avg10;
    return {
        group: next.group,
        throttledPct: periods > 0 ? throttled / periods * 100 : undefined,
        throttledMsPerS: throttledUsec / spanMs,
        pressureSome,
    };
}

export function perfRates(prev: PerfSample, next: PerfSample): PerfRates | undefined {
    const spanMs = next.at - prev.at;
    if (spanMs <= 0)
        return undefined;
    if (prev.pid !== undefined && next.pid !== undefined && prev.pid !== next.pid)
        return undefined;
    const lastCpu = new Map<number, number>();
    for (const thread of next.threads ?? []) {
        const vcpu = vcpuOfThread(thread.name);
        if (vcpu !== undefined)
            lastCpu.set(vcpu, thread.lastCpu);
    }
    try {
        const cpuPct = nsPct(delta(prev.domain.cpuTimeNs, next.domain.cpuTimeNs), spanMs);
        const vcpus: VcpuRates[] = [];
        for (const v of next.domain.vcpus) {
            const before = prev.domain.vcpus.find(p => p.id === v.id);
            const used = nsPct(delta(before?.timeNs, v.timeNs), spanMs);
            if (used === undefined)
                continue; // offline then, or not reported: no rate to give
            vcpus.push({
                id: v.id,
                usedPct: used,
                stealPct: nsPct(delta(before?.delayNs, v.delayNs), spanMs),
                waitPct: nsPct(delta(before?.waitNs, v.waitNs), spanMs),
                halted: v.halted,
                lastCpu: lastCpu.get(v.id),
            });
        }
        const groups: GroupRates[] = [];
        for (const g of next.groups) {
            const before = prev.groups.find(p => p.group === g.group);
            if (before)
                groups.push(groupRates(before, g, spanMs));
        }
        return { at: next.at, spanMs, cpuPct, vcpus, groups };
    } catch (e) {
        if (e instanceof Reset)
            return undefined;
        throw e;
    }
}

/** % busy per host CPU between two readings of /proc/stat; CPUs that went offline or reset are left out. */
export function hostCpuBusy(prev: HostCpuTimes[], next: HostCpuTimes[]): Map<number, number> {
    const out = new Map<number, number>();
    const before = new Map(prev.map(c => [c.cpu, c]));
    for (const c of next) {
        const p = before.get(c.cpu);
        if (!p)
            continue;
        const total = c.total - p.total;
        const busy = c.busy - p.busy;
        if (total > 0 && busy >= 0)
            out.set(c.cpu, Math.min(100, busy / total * 100));
    }
    return out;
}
