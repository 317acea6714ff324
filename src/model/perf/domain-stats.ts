// libvirt's statistics of one domain (virDomainListGetStats' flat "group.field" record, as GetStats
// and GetAllDomainStats return it, variants unwrapped) → typed counters. Only the fields this page
// uses are taken; unknown ones are ignored, missing ones stay undefined.
import type { DomainCounters, VcpuCounters } from "./types.ts";

type StatValue = number | string | boolean;

/** ullong counters may arrive as numbers or as decimal strings (beyond 2^53) */
function num(value: StatValue | undefined): number | undefined {
    if (typeof value === "number")
        return Number.isFinite(value) ? value : undefined;
    if (typeof value === "string" && /^\d+$/.test(value))
        return Number(value);
    return undefined;
}

function bool(value: StatValue | undefined): boolean | undefined {
    if (typeof value === "boolean")
        return value;
    if (value === "yes" || value === 1)
        return true;
    if (value === "no" || value === 0)
        return false;
    return undefined;
}

export function domainCountersFromStats(name: string, stats: Record<string, StatValue>): DomainCounters {
    const vcpus = new Map<number, VcpuCounters>();
    for (const [key, value] of Object.entries(stats)) {
        const m = /^vcpu\.(\d+)\.(state|time|wait|delay|halted)$/.exec(key);
        if (m?.[1] === undefined)
            continue;
        const id = Number(m[1]);
        const vcpu = vcpus.get(id) ?? { id };
        vcpus.set(id, vcpu);
        switch (m[2]) {
        case "state": vcpu.state = num(value); break;
        case "time": vcpu.timeNs = num(value); break;
        case "wait": vcpu.waitNs = num(value); break;
        case "delay": vcpu.delayNs = num(value); break;
        case "halted": vcpu.halted = bool(value); break;
        }
    }
    return {
        name,
        state: num(stats["state.state"]),
        cpuTimeNs: num(stats["cpu.time"]),
        cpuUserNs: num(stats["cpu.user"]),
        cpuSystemNs: num(stats["cpu.system"]),
        vcpuCurrent: num(stats["vcpu.current"]),
        vcpuMaximum: num(stats["vcpu.maximum"]),
        vcpus: [...vcpus.values()].sort((a, b) => a.id - b.id),
    };
}
